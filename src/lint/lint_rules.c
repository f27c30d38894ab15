/* lint_rules.c: the lint rule table, and how each analyzer's check names map
 * onto its rule ids. */
#include "lint.h"
#include "lint_int.h"

#include <stdio.h>
#include <string.h>

static const struct lint_rule rules[] = {
	{ "unchecked-pthread-result", SEVERITY_WARNING,
	  "POS54-C Detect and handle POSIX library errors",
	  "GUIDE.md#task-errors",
	  "clang-tidy bugprone-unused-return-value (CheckedFunctions: trylock, timed waits, create, join, sem_wait, spawn, fork, pipe, read/write)",
	  "only results that change what the program must do are checked (trylock, timed waits, create, join, sem_wait's EINTR, spawn, fork, pipe); still advice: the call may not fail the way the program uses it" },
	{ "unchecked-libc-result", SEVERITY_WARNING,
	  "ERR33-C Detect and handle standard library errors",
	  "GUIDE.md#task-errors",
	  "clang-tidy cert-err33-c",
	  "advice: an allocation or I/O result dropped, which fails only under memory or descriptor pressure" },
	{ "posix-return-compare", SEVERITY_ERROR,
	  "POS54-C Detect and handle POSIX library errors (pthread calls return an error number, never -1)",
	  "GUIDE.md#task-errors",
	  "clang-tidy bugprone-posix-return",
	  "a pthread call returns an error number, never -1 or a negative value: the comparison is always false, the error path is dead" },
	{ "mt-unsafe-call", SEVERITY_WARNING,
	  "CON33-C Avoid race conditions when using library functions",
	  "GUIDE.md#mt-unsafe-libc",
	  "clang-tidy concurrency-mt-unsafe (FunctionSet: posix)",
	  "the function need not be thread-safe, but a program that calls it from one thread only is correct" },
	{ "concurrent-mt-unsafe-call", SEVERITY_ERROR,
	  "CON33-C Avoid race conditions when using library functions (called by threads that run at once)",
	  "GUIDE.md#mt-unsafe-libc",
	  "Coccinelle routines.cocci",
	  "a function that keeps its result in one static buffer (localtime, strtok, ...) is called with no lock by a thread start routine that runs in several threads at once" },
	{ "async-cancel", SEVERITY_ERROR,
	  "POS47-C Do not use threads that can be canceled asynchronously",
	  "GUIDE.md#async-cancel",
	  "clang-tidy concurrency-thread-canceltype-asynchronous",
	  "asynchronous cancellation is named in the code; almost nothing is async-cancel-safe" },
	{ "signal-kills-thread", SEVERITY_ERROR,
	  "POS44-C Do not use signals to terminate threads",
	  "GUIDE.md#async-cancel",
	  "clang-tidy bugprone-bad-signal-to-kill-thread",
	  "pthread_kill with SIGTERM ends the whole process, never just the thread" },
	{ "signal-unsafe-call", SEVERITY_ERROR,
	  "SIG30-C Call only asynchronous-safe functions within signal handlers",
	  "GUIDE.md#signal-safety",
	  "clang-tidy bugprone-signal-handler (signal); Coccinelle signals.cocci (sigaction)",
	  "the handler's call is named and is not async-signal-safe: undefined behaviour when the signal lands inside the same function" },
	{ "signal-in-threads", SEVERITY_WARNING,
	  "CON37-C Do not call signal() in a multithreaded program",
	  "GUIDE.md#signal-safety",
	  "Coccinelle signals.cocci",
	  "signal() in a threaded program is undefined by C, yet glibc's signal() installs a handler the way sigaction() does" },
	{ "fork-without-exec", SEVERITY_WARNING,
	  "Don't mix sync and async carelessly (seed): fork in a threaded program must exec at once",
	  "GUIDE.md#fork-with-threads",
	  "Coccinelle signals.cocci",
	  "the rule cannot see whether other threads exist when fork() runs: a fork before the first thread is created is correct" },
	{ "fork-holding-lock", SEVERITY_ERROR,
	  "Don't mix sync and async carelessly (seed): the child of a fork takes a lock that a running thread takes",
	  "GUIDE.md#fork-with-threads",
	  "Coccinelle deadlock.cocci",
	  "fork() runs while a thread it started (not joined yet) takes a lock that the child's branch takes too, with no pthread_atfork: the child hangs whenever the fork lands while the thread holds it" },
	{ "cond-wait-not-in-loop", SEVERITY_ERROR,
	  "CON36-C Wrap functions that can spuriously wake up in a loop",
	  "GUIDE.md#cond-wait-loop",
	  "Coccinelle locks.cocci; clang-tidy bugprone-spuriously-wake-up-functions (cnd_wait)",
	  "a wait that can return spuriously, with nothing to re-test the predicate" },
	{ "timed-wait-not-in-loop", SEVERITY_WARNING,
	  "CON36-C Wrap functions that can spuriously wake up in a loop",
	  "GUIDE.md#cond-wait-loop",
	  "Coccinelle locks.cocci",
	  "a timed wait with no predicate tested around it is a bounded sleep a spurious wakeup may end early: a bug only if what follows relies on a condition, which the rule cannot see" },
	{ "missing-unlock", SEVERITY_ERROR,
	  "Use context managers for resource cleanup (seed): every path out releases the lock",
	  "GUIDE.md#scoped-cleanup",
	  "Coccinelle locks.cocci; clang -Wthread-safety (annotated code)",
	  "an early return inside the critical section skips the release that the other paths make; functions entered holding the lock and trylock back-off are not reported" },
	{ "double-checked-init", SEVERITY_ERROR,
	  "CON43-C Do not allow data races: lazy initialisation through a plain pointer (use pthread_once or atomics)",
	  "GUIDE.md#double-checked-init",
	  "Coccinelle locks.cocci",
	  "the unlocked first test of a plain pointer races with its locked write" },
	{ "double-lock", SEVERITY_ERROR,
	  "CON35-C Avoid deadlock: a thread locks a mutex it already holds",
	  "GUIDE.md#lock-order",
	  "clang static analyzer alpha.unix.PthreadLock / alpha.core.C11Lock; clang -Wthread-safety",
	  "a path-sensitive analyzer follows one path that locks a default mutex twice: a self-deadlock" },
	{ "unlock-not-held", SEVERITY_ERROR,
	  "POS48-C Do not unlock or destroy another POSIX thread's mutex",
	  "GUIDE.md#unlock-unowned",
	  "clang static analyzer alpha.unix.PthreadLock / alpha.core.C11Lock; clang -Wthread-safety; Coccinelle routines.cocci (thread start routines)",
	  "a path-sensitive analyzer follows one path that releases a lock not held (paths the analyzer assumes both ways are dropped), or a thread start routine releases a mutex it never took" },
	{ "destroy-locked", SEVERITY_ERROR,
	  "CON31-C Do not destroy a mutex while it is locked",
	  "GUIDE.md#mutex-lifetime",
	  "clang static analyzer alpha.unix.PthreadLock / alpha.core.C11Lock",
	  "a path-sensitive analyzer follows one path that destroys a locked mutex" },
	{ "use-after-destroy", SEVERITY_ERROR,
	  "CON31-C Do not destroy a mutex while it is in use (locked or unlocked after destroy)",
	  "GUIDE.md#mutex-lifetime",
	  "clang static analyzer alpha.unix.PthreadLock / alpha.core.C11Lock",
	  "a path-sensitive analyzer follows one path that uses a destroyed mutex" },
	{ "block-in-critical-section", SEVERITY_WARNING,
	  "POS52-C Do not perform operations that can block while holding a POSIX lock",
	  "GUIDE.md#blocking-under-lock",
	  "clang static analyzer alpha.unix.BlockInCriticalSection",
	  "blocking while holding a lock is slow and risky, not wrong: a log line written under its lock is correct" },
	{ "unguarded-access", SEVERITY_ERROR,
	  "CON43-C Do not allow data races in multithreaded code (GUARDED_BY data without its mutex)",
	  "GUIDE.md#shared-counter",
	  "clang -Wthread-safety (checks/lint/thread_safety.h)",
	  "the code declares the guard (GUARDED_BY) and Thread Safety Analysis proves it is not held" },
	{ "lock-order", SEVERITY_ERROR,
	  "CON35-C / POS51-C Avoid deadlock by locking in a predefined order",
	  "GUIDE.md#lock-order",
	  "clang -Wthread-safety-beta (ACQUIRED_AFTER); Coccinelle deadlock.cocci",
	  "the code declares the order (ACQUIRED_AFTER) and Thread Safety Analysis proves a path breaks it, or two places take the same two named locks in opposite orders, blocking, with no common lock held around both" },
	{ "unlock-order", SEVERITY_WARNING,
	  "CON35-C Avoid deadlock by locking in a predefined order (locks released in another order than taken)",
	  "GUIDE.md#lock-order",
	  "clang static analyzer alpha.unix.PthreadLock (\"possible lock order reversal\")",
	  "releasing never blocks: an out-of-order unlock cannot deadlock by itself, and the analyzer sees one path, never the cycle (it fires on hand-over-hand and gate-lock code)" },
	{ "spin-on-shared-variable", SEVERITY_ERROR,
	  "CON43-C Do not allow data races in multithreaded code (a busy-wait or poll on a plain or volatile variable)",
	  "GUIDE.md#shared-counter",
	  "Coccinelle shared.cocci",
	  "a loop that only waits (empty, or sleeps, yields, wakes others), or polls and sleeps between tests, on a non-atomic variable that another function writes, with no lock held: a data race each time it runs" },
	{ "unguarded-read", SEVERITY_WARNING,
	  "CON43-C Do not allow data races in multithreaded code (a lock-guarded variable read without its lock)",
	  "GUIDE.md#shared-counter",
	  "Coccinelle shared.cocci",
	  "the guard is inferred (every write holds a lock), not declared: a read the program orders some other way (a handshake, a join in another function) is reported too" },
	{ "unguarded-write", SEVERITY_ERROR,
	  "CON43-C Do not allow data races in multithreaded code (a shared variable written by a thread with no lock)",
	  "GUIDE.md#shared-counter",
	  "Coccinelle races.cocci",
	  "a thread start routine (or what it calls) writes a variable of file scope, or an object every such thread reaches, with no lock, while another thread runs the same routine or writes the variable under a lock" },
	{ "striped-lock-write", SEVERITY_ERROR,
	  "CON43-C Do not allow data races in multithreaded code (a field of a whole object written under the lock of one of its elements)",
	  "GUIDE.md#shared-counter",
	  "Coccinelle races.cocci",
	  "a function that locks one element of an object's array at a time writes a field of the whole object with that lock only, or none: callers that lock different elements run together and write it at once" },
	{ "split-atomic-update", SEVERITY_ERROR,
	  "CON40-C / CON43-C Do not refer to an atomic variable twice in an expression (an atomic updated by a load and a separate store)",
	  "GUIDE.md#check-then-act",
	  "Coccinelle races.cocci",
	  "an atomic is stored with a value computed from its own load, outside a compare-exchange, in code that two threads run at once: an update between the two is lost" },
	{ "bit-field-race", SEVERITY_ERROR,
	  "CON32-C Prevent data races when accessing bit-fields from multiple threads",
	  "GUIDE.md#shared-counter",
	  "Coccinelle races.cocci",
	  "two adjacent bit-fields (one memory location) are written by different functions under different locks, or one under none: a write of one rewrites the other" },
	{ "relaxed-publication", SEVERITY_ERROR,
	  "CON43-C Do not allow data races in multithreaded code (data published through a relaxed atomic flag)",
	  "GUIDE.md#publish-ordering",
	  "Coccinelle races.cocci",
	  "a thread writes plain data, then sets an atomic flag; another waits for the flag and reads the data; the store or the load of the flag is relaxed, with no fence: nothing orders the data" },
	{ "thread-safety", SEVERITY_ERROR,
	  "CON43-C Do not allow data races in multithreaded code (other thread safety analysis reports)",
	  "GUIDE.md#shared-counter",
	  "clang -Wthread-safety",
	  "another broken Thread Safety Analysis contract the code itself declares" },
	{ "loop-counter-address", SEVERITY_ERROR,
	  "CON34-C / POS50-C Declare objects shared between threads with appropriate storage durations",
	  "GUIDE.md#loop-variable-capture",
	  "Coccinelle threads.cocci",
	  "every thread gets the address of one object that the loop goes on changing" },
	{ "thread-outlives-local", SEVERITY_ERROR,
	  "CON34-C / POS50-C Declare objects shared between threads with appropriate storage durations (a local handed to a thread that outlives it)",
	  "GUIDE.md#stack-lifetime",
	  "Coccinelle routines.cocci",
	  "a function hands a new thread the address of one of its locals, directly or stored in the thread's argument, and returns without joining the thread or waiting for it; or a thread hands back the address of its own local" },
	{ "dropped-thread-handle", SEVERITY_ERROR,
	  "Worker Pool / ThreadPoolExecutor (seed): a joinable thread started per item whose handle is dropped",
	  "GUIDE.md#thread-lifetime",
	  "Coccinelle routines.cocci",
	  "a loop starts joinable threads whose handle it names nowhere else: no one can join or detach them, so each keeps its stack until the process exits" },
	{ "create-join-same-iteration", SEVERITY_WARNING,
	  "Worker Pool / ThreadPoolExecutor (seed): threads joined in the loop that creates them run one at a time",
	  "GUIDE.md#thread-pool",
	  "Coccinelle threads.cocci",
	  "correct but serial: the threads run one at a time" },
	{ "join-twice", SEVERITY_ERROR,
	  "CON39-C Do not join or detach a thread that was previously joined or detached",
	  "GUIDE.md#thread-lifetime",
	  "Coccinelle threads.cocci",
	  "the second join or detach of one handle is undefined behaviour" },
	{ "unbounded-thread-creation", SEVERITY_WARNING,
	  "Don't create unlimited concurrent tasks (seed): one thread per input item",
	  "GUIDE.md#thread-pool",
	  "Coccinelle threads.cocci",
	  "a heuristic: the input decides how many threads run" },
	{ "leak-on-error-path", SEVERITY_WARNING,
	  "Use context managers for resource cleanup (seed; MEM31-C, FIO42-C): memory or descriptors leaked on a path",
	  "GUIDE.md#scoped-cleanup",
	  "cppcheck memleak, resourceLeak, memleakOnRealloc, leakReturnValNotUsed",
	  "a resource leak, not a concurrency bug; cppcheck follows paths without knowing which are feasible" },
	{ "clang-analyzer", SEVERITY_WARNING,
	  "another report of the clang static analyzer",
	  "GUIDE.md",
	  "clang static analyzer (through clang-tidy)",
	  "another lock-checker report dodont has no rule for" },
	{ "clang-tidy", SEVERITY_WARNING,
	  "another clang-tidy check (kind clang-tidy-<check>)",
	  "GUIDE.md",
	  "clang-tidy",
	  "another clang-tidy check dodont has no rule for" },
	{ "cppcheck", SEVERITY_WARNING,
	  "another cppcheck report (kind cppcheck-<id>)",
	  "GUIDE.md",
	  "cppcheck",
	  "cppcheck's style and warning findings: advice" },
};

const struct lint_rule *lint_rules(size_t *n)
{
	*n = sizeof rules / sizeof rules[0];
	return rules;
}

static int has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

const struct lint_rule *lint_rule_find(const char *id)
{
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (strcmp(rules[i].id, id) == 0)
			return &rules[i];
	if (has_prefix(id, "cppcheck-"))
		return lint_rule_find("cppcheck");
	if (has_prefix(id, "clang-tidy-"))
		return lint_rule_find("clang-tidy");
	return NULL;
}

enum severity lint_severity(const char *id)
{
	const struct lint_rule *r = lint_rule_find(id);
	return r ? r->severity : SEVERITY_WARNING;
}

/* clang-tidy checks whose every diagnostic is one rule. */
static const struct {
	const char *check, *id;
} tidy_checks[] = {
	{ "bugprone-unused-return-value", "unchecked-pthread-result" },
	{ "cert-err33-c", "unchecked-libc-result" },
	{ "bugprone-posix-return", "posix-return-compare" },
	{ "concurrency-mt-unsafe", "mt-unsafe-call" },
	{ "concurrency-thread-canceltype-asynchronous", "async-cancel" },
	{ "cert-pos47-c", "async-cancel" },
	{ "bugprone-bad-signal-to-kill-thread", "signal-kills-thread" },
	{ "cert-pos44-c", "signal-kills-thread" },
	{ "bugprone-signal-handler", "signal-unsafe-call" },
	{ "cert-sig30-c", "signal-unsafe-call" },
	{ "bugprone-spuriously-wake-up-functions", "cond-wait-not-in-loop" },
	{ "cert-con36-c", "cond-wait-not-in-loop" },
	{ "cert-con54-cpp", "cond-wait-not-in-loop" },
	{ "clang-analyzer-alpha.unix.BlockInCriticalSection", "block-in-critical-section" },
	{ "clang-analyzer-unix.BlockInCriticalSection", "block-in-critical-section" },
};

/* Lock checker and thread safety analysis messages: one check, many rules.
 * Matched as substrings of the message, first match wins. */
static const struct {
	const char *text, *id;
} lock_messages[] = {
	/* clang static analyzer, PthreadLockChecker */
	{ "has already been acquired", "double-lock" },
	{ "has already been unlocked", "unlock-not-held" },
	{ "is still locked", "destroy-locked" },
	{ "has already been destroyed", "use-after-destroy" },
	{ "lock order reversal", "unlock-order" },
	/* clang -Wthread-safety */
	{ "must be acquired before", "lock-order" },
	{ "must be acquired after", "lock-order" },
	{ "that is already held", "double-lock" },
	{ "that was not held", "unlock-not-held" },
	{ "is not held on every path", "missing-unlock" },
	{ "still held at the end of function", "missing-unlock" },
	{ "requires holding", "unguarded-access" },
};

const char *lint_map_tidy(const char *check, const char *message, char *buf,
			  size_t len)
{
	for (size_t i = 0; i < sizeof tidy_checks / sizeof tidy_checks[0]; i++)
		if (strcmp(check, tidy_checks[i].check) == 0)
			return tidy_checks[i].id;
	int analyzer = has_prefix(check, "clang-analyzer-");
	int tsa = has_prefix(check, "clang-diagnostic-thread-safety");
	if (analyzer || tsa) {
		for (size_t i = 0; i < sizeof lock_messages / sizeof lock_messages[0]; i++)
			if (strstr(message, lock_messages[i].text))
				return lock_messages[i].id;
		return analyzer ? "clang-analyzer" : "thread-safety";
	}
	int n = snprintf(buf, len, "clang-tidy-%s", check);
	if (n < 0 || (size_t)n >= len)
		return "clang-tidy";
	return buf;
}

static const char *const cppcheck_leaks[] = {
	"memleak", "resourceLeak", "memleakOnRealloc", "leakReturnValNotUsed",
	"leakNoVarFunctionCall", "leakUnsafeArgAlloc",
};

/* Reports that say only that cppcheck could not follow the code (clang, not
 * cppcheck, is the judge of what compiles), or that another analyzer makes
 * by a documented choice. */
static const char *const cppcheck_noise[] = {
	"missingInclude", "missingIncludeSystem", "syntaxError", "internalAstError",
	"unknownMacro", "checkersReport", "toomanyconfigs", "normalCheckLevelMaxBranches",
	"unmatchedSuppression", "cppcheckError", "internalError", "preprocessorErrorDirective",
	"noValidConfiguration",
	/* cppcheck's own unused-result list: clang-tidy's lists in
	 * clang-tidy.yaml say which results matter, and why */
	"ignoredReturnValue",
};

const char *lint_map_cppcheck(const char *id, char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof cppcheck_noise / sizeof cppcheck_noise[0]; i++)
		if (strcmp(id, cppcheck_noise[i]) == 0)
			return NULL;
	for (size_t i = 0; i < sizeof cppcheck_leaks / sizeof cppcheck_leaks[0]; i++)
		if (strcmp(id, cppcheck_leaks[i]) == 0)
			return "leak-on-error-path";
	int n = snprintf(buf, len, "cppcheck-%s", id);
	if (n < 0 || (size_t)n >= len)
		return "cppcheck";
	return buf;
}
