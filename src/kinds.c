/* kinds.c: the vocabulary of report kinds (see kinds.h). */
#include "kinds.h"

#include <string.h>

#define E SEVERITY_ERROR
#define W SEVERITY_WARNING
#define N SEVERITY_NOTE

/* Each row: the kind, its severity in verify, whether a header may expect
 * it, what was seen, why that severity; then its code for the matrix (10
 * characters at most: the legend under it gives the rest), who reports it,
 * and its words for a student. */
static const struct kind table[] = {
	{ "data-race", E, true, "two threads access the same memory, one writes, nothing orders them",
	  "observed: undefined behaviour in C, whatever the values",
	  "race", SOURCE_DETECTOR,
	  "two threads touch the same memory at once, one of them writing, with no lock or atomic ordering them" },
	{ "lock-order", E, true, "two locks taken in opposite orders by two threads",
	  "observed: a deadlock waiting for its timing (a cycle every edge of which is taken under one common gate lock, or through a trylock, is dropped)",
	  "lock-order", SOURCE_DETECTOR,
	  "two threads take the same locks in opposite orders: each can wait for the other forever" },
	{ "lock-held-at-exit", E, true, "a thread ended while holding a lock",
	  "observed: the next locker blocks forever",
	  "held-exit", SOURCE_DETECTOR,
	  "a thread ends while it still holds a lock" },
	{ "destroy-locked", E, true, "a mutex destroyed while locked",
	  "observed: undefined behaviour",
	  "destroy", SOURCE_DETECTOR,
	  "a mutex is destroyed while it is locked" },
	{ "unlock-unowned", E, true, "a mutex unlocked by a thread that does not hold it",
	  "observed: undefined behaviour for a default mutex",
	  "unowned", SOURCE_DETECTOR,
	  "a thread unlocks a mutex that another thread locked" },
	{ "double-lock", E, true, "a thread locks a mutex it already holds",
	  "observed: a default mutex deadlocks on itself",
	  "dbl-lock", SOURCE_DETECTOR,
	  "a thread locks a mutex it already holds, and waits for itself forever" },
	{ "cond-mutex-mismatch", E, true, "one condition variable waited on with two mutexes",
	  "observed: undefined behaviour (POSIX)",
	  "cv-mutex", SOURCE_DETECTOR,
	  "one condition variable is waited on with two different mutexes" },
	{ "signal-unsafe", E, true, "a function that is not async-signal-safe called in a signal handler",
	  "observed: can deadlock or corrupt the heap when the signal lands inside that function",
	  "sig-unsafe", SOURCE_DETECTOR,
	  "a signal handler calls a function that is not async-signal-safe" },
	{ "errno-spoiled", E, true, "a signal handler changed errno and did not restore it",
	  "observed: the code the signal interrupted may read errno right after a failed call, and get the handler's",
	  "errno", SOURCE_DETECTOR,
	  "a signal handler changes errno, which the code it interrupted may be about to read" },
	{ "stack-use-after-return", E, true, "a thread used a stack frame that had already returned",
	  "observed: the memory belongs to someone else by then",
	  "stack-uar", SOURCE_DETECTOR,
	  "a thread uses a local variable of a function that has already returned" },
	{ "memory-error", E, true, "an invalid read, write or free",
	  "observed: undefined behaviour",
	  "mem-error", SOURCE_DETECTOR,
	  "memory is read or written outside what the program owns" },
	{ "hang", E, true, "the program stopped making progress: every thread blocked, or it outlived its time",
	  "observed: a deadlock or a lost wakeup",
	  "hang", SOURCE_DODONT,
	  "the program never finishes: every thread waits for another, or it outlives its time, and dodont's watchdog stops it" },
	{ "self-check", E, true, "the program's own check failed (FILE:LINE: self-check: ...), or it exited non-zero",
	  "observed by the program itself; a bare non-zero exit with no line is a warning",
	  "own-check", SOURCE_OWN_CHECK,
	  "the program's own check of its result fails: its output is wrong" },
	{ "crash", E, true, "the program died from a signal",
	  "observed; a crash of a tool's own runtime, where the program runs fine natively, is a note",
	  "crash", SOURCE_DODONT,
	  "the program dies from a signal" },
	{ "cap-exceeded", E, true, "more threads or descriptors than the header's cap",
	  "observed: creation follows the input, unbounded",
	  "over-cap", SOURCE_DODONT,
	  "the program starts more threads or opens more files than its limit allows" },
	{ "fault-ignored", E, true, "a call failed as injected and the program went on as if it had not",
	  "observed: an error path that does not exist",
	  "fault-ign", SOURCE_DODONT,
	  "a call fails (dodont makes it fail on purpose) and the program still exits 0, as if all went well" },
	{ "thread-leak", W, true, "a thread never joined nor detached",
	  "a resource, not a race: a finished thread left unjoined before exit is common and harmless",
	  "thr-leak", SOURCE_DETECTOR,
	  "a thread is never joined (nor detached)" },
	{ "memory-leak", W, true, "memory never freed",
	  "a resource, not a concurrency bug",
	  "mem-leak", SOURCE_DETECTOR,
	  "memory is allocated and never freed" },
	{ "fd-leak", W, true, "a descriptor still open at exit",
	  "a resource; descriptors kept open on purpose until exit are common",
	  "fd-leak", SOURCE_DETECTOR,
	  "a file descriptor is still open at exit" },
	{ "long-lock-hold", W, true, "a lock held longer than the threshold (DRD)",
	  "a heuristic about speed: the threshold is a choice",
	  "long-hold", SOURCE_DETECTOR,
	  "a lock is held for a long time, so every other thread waits" },
	{ "leftover-process", W, true, "children never reaped, or still running after the program",
	  "a resource; dodont kills what is left",
	  "leftover", SOURCE_DODONT,
	  "child processes are never waited for, or still run after the program ends" },
	{ "output-limit", W, true, "the program wrote more than dodont keeps (64 MiB): stopped there, its log cut",
	  "a program that prints without end, or a very long log: dodont cannot tell which",
	  "output", SOURCE_DODONT,
	  "the program writes more output than dodont keeps, so dodont stops it" },
	{ "pthread-error", W, true, "a pthread call failed or misused an object (initialised twice, destroyed while waited on), as a Valgrind tool saw it",
	  "the program may handle the error; misuse is undefined behaviour, seen by one tool only",
	  "pthr-error", SOURCE_DETECTOR,
	  "a pthread call fails (the tool saw its error result)" },
	{ "tool-error", N, true, "a tool could not run the program, or died in its own runtime",
	  "says nothing about the program",
	  "tool-error", SOURCE_DODONT,
	  "the tool could not judge the run (see its log)" },
	{ "unrecognised-report", N, false, "a report dodont could not classify (see the raw log)",
	  "dodont cannot weigh it; no header can expect it, so a catalogue run fails on it",
	  "unknown", SOURCE_DODONT,
	  "the tool reported something dodont cannot classify (see its log)" },
};

const struct kind *kinds(size_t *n)
{
	*n = sizeof table / sizeof table[0];
	return table;
}

const struct kind *kind_find(const char *name)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strcmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}

enum kind_source kind_source_of(const char *kind, enum tool t)
{
	const struct kind *k = kind_find(kind);
	if (t == TOOL_LINT)
		return SOURCE_LINT;
	return k ? k->source : SOURCE_DETECTOR;
}

const char *kind_source_words(enum kind_source source)
{
	switch (source) {
	case SOURCE_DETECTOR:
		return "found by the column's tool itself";
	case SOURCE_OWN_CHECK:
		return "found by the program's own check, run in that column's build "
		       "(not by the tool)";
	case SOURCE_DODONT:
		return "found by dodont's watchdog, caps or faults, in that column's "
		       "run (not by the tool)";
	case SOURCE_LINT:
		return "found by a static analyzer's rule";
	}
	return "";
}
