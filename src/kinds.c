/* kinds.c: the vocabulary of report kinds (see kinds.h). */
#include "kinds.h"

#include <string.h>

#define E SEVERITY_ERROR
#define W SEVERITY_WARNING
#define N SEVERITY_NOTE

static const struct kind table[] = {
	{ "data-race", E, true, "two threads access the same memory, one writes, nothing orders them",
	  "observed: undefined behaviour in C, whatever the values" },
	{ "lock-order", E, true, "two locks taken in opposite orders by two threads",
	  "observed: a deadlock waiting for its timing (a cycle every edge of which is taken under one common gate lock, or through a trylock, is dropped)" },
	{ "lock-held-at-exit", E, true, "a thread ended while holding a lock",
	  "observed: the next locker blocks forever" },
	{ "destroy-locked", E, true, "a mutex destroyed while locked",
	  "observed: undefined behaviour" },
	{ "unlock-unowned", E, true, "a mutex unlocked by a thread that does not hold it",
	  "observed: undefined behaviour for a default mutex" },
	{ "double-lock", E, true, "a thread locks a mutex it already holds",
	  "observed: a default mutex deadlocks on itself" },
	{ "cond-mutex-mismatch", E, true, "one condition variable waited on with two mutexes",
	  "observed: undefined behaviour (POSIX)" },
	{ "signal-unsafe", E, true, "a function that is not async-signal-safe called in a signal handler",
	  "observed: can deadlock or corrupt the heap when the signal lands inside that function" },
	{ "stack-use-after-return", E, true, "a thread used a stack frame that had already returned",
	  "observed: the memory belongs to someone else by then" },
	{ "memory-error", E, true, "an invalid read, write or free",
	  "observed: undefined behaviour" },
	{ "hang", E, true, "the program stopped making progress: every thread blocked, or it outlived its time",
	  "observed: a deadlock or a lost wakeup" },
	{ "self-check", E, true, "the program's own check failed (FILE:LINE: self-check: ...), or it exited non-zero",
	  "observed by the program itself; a bare non-zero exit with no line is a warning" },
	{ "crash", E, true, "the program died from a signal",
	  "observed; a crash of a tool's own runtime, where the program runs fine natively, is a note" },
	{ "cap-exceeded", E, true, "more threads or descriptors than the header's cap",
	  "observed: creation follows the input, unbounded" },
	{ "fault-ignored", E, true, "a call failed as injected and the program went on as if it had not",
	  "observed: an error path that does not exist" },
	{ "thread-leak", W, true, "a thread never joined nor detached",
	  "a resource, not a race: a finished thread left unjoined before exit is common and harmless" },
	{ "memory-leak", W, true, "memory never freed",
	  "a resource, not a concurrency bug" },
	{ "fd-leak", W, true, "a descriptor still open at exit",
	  "a resource; descriptors kept open on purpose until exit are common" },
	{ "long-lock-hold", W, true, "a lock held longer than the threshold (DRD)",
	  "a heuristic about speed: the threshold is a choice" },
	{ "leftover-process", W, true, "children never reaped, or still running after the program",
	  "a resource; dodont kills what is left" },
	{ "pthread-error", W, true, "a pthread call failed or misused an object (initialised twice, destroyed while waited on), as a Valgrind tool saw it",
	  "the program may handle the error; misuse is undefined behaviour, seen by one tool only" },
	{ "tool-error", N, true, "a tool could not run the program, or died in its own runtime",
	  "says nothing about the program" },
	{ "unrecognised-report", N, false, "a report dodont could not classify (see the raw log)",
	  "dodont cannot weigh it; no header can expect it, so a catalogue run fails on it" },
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
