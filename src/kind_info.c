/* kind_info.c: who reports each kind, its short code and its plain words. */
#include "kind_info.h"

#include <stddef.h>
#include <string.h>

/* Codes are short enough for a projected matrix; the legend under it gives
 * the full kind and these words. */
static const struct kind_info kinds[] = {
	{ "data-race", "race", SOURCE_DETECTOR,
	  "two threads touch the same memory at once, one of them writing, "
	  "with no lock or atomic ordering them" },
	{ "lock-order", "lock-order", SOURCE_DETECTOR,
	  "two threads take the same locks in opposite orders: each can wait "
	  "for the other forever" },
	{ "lock-held-at-exit", "held-exit", SOURCE_DETECTOR,
	  "a thread ends while it still holds a lock" },
	{ "destroy-locked", "destroy", SOURCE_DETECTOR,
	  "a mutex is destroyed while it is locked" },
	{ "unlock-unowned", "unowned", SOURCE_DETECTOR,
	  "a thread unlocks a mutex that another thread locked" },
	{ "cond-mutex-mismatch", "cv-mutex", SOURCE_DETECTOR,
	  "one condition variable is waited on with two different mutexes" },
	{ "signal-unsafe", "sig-unsafe", SOURCE_DETECTOR,
	  "a signal handler calls a function that is not async-signal-safe" },
	{ "thread-leak", "thr-leak", SOURCE_DETECTOR,
	  "a thread is never joined (nor detached)" },
	{ "memory-leak", "mem-leak", SOURCE_DETECTOR,
	  "memory is allocated and never freed" },
	{ "fd-leak", "fd-leak", SOURCE_DETECTOR,
	  "a file descriptor is still open at exit" },
	{ "stack-use-after-return", "stack-uar", SOURCE_DETECTOR,
	  "a thread uses a local variable of a function that has already returned" },
	{ "memory-error", "mem-error", SOURCE_DETECTOR,
	  "memory is read or written outside what the program owns" },
	{ "long-lock-hold", "long-hold", SOURCE_DETECTOR,
	  "a lock is held for a long time, so every other thread waits" },
	{ "pthread-error", "pthr-error", SOURCE_DETECTOR,
	  "a pthread call fails (the tool saw its error result)" },
	{ "self-check", "own-check", SOURCE_OWN_CHECK,
	  "the program's own check of its result fails: its output is wrong" },
	{ "hang", "hang", SOURCE_DODONT,
	  "the program never finishes: dodont's watchdog stops it at its time limit" },
	{ "crash", "crash", SOURCE_DODONT,
	  "the program dies from a signal" },
	{ "cap-exceeded", "over-cap", SOURCE_DODONT,
	  "the program starts more threads or opens more files than its limit allows" },
	{ "fault-ignored", "fault-ign", SOURCE_DODONT,
	  "a call fails (dodont makes it fail on purpose) and the program still "
	  "exits 0, as if all went well" },
	{ "leftover-process", "leftover", SOURCE_DODONT,
	  "child processes are never waited for, or still run after the program ends" },
	{ "tool-error", "tool-error", SOURCE_DODONT,
	  "the tool could not judge the run (see its log)" },
	{ "unrecognised-report", "unknown", SOURCE_DODONT,
	  "the tool reported something dodont cannot classify (see its log)" },
};

const struct kind_info *kind_info_of(const char *kind)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return &kinds[i];
	return NULL;
}

enum kind_source kind_source_of(const char *kind, enum tool t)
{
	const struct kind_info *k = kind_info_of(kind);
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
