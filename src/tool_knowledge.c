/* tool_knowledge.c: what each tool is known to get wrong (see
 * tool_knowledge.h). */
#include "tool_knowledge.h"

#include "toollog_stack.h"
#include "tools.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define BIT(t) (1u << (t))

static const struct blind_spot spots[] = {
	{ BIT(TOOL_HELGRIND) | BIT(TOOL_DRD), "data-race", USES_ATOMICS, 0, BIT(TOOL_TSAN), false, false,
	  "Helgrind and DRD do not model C11 atomics: the order an atomic "
	  "release/acquire creates is invisible to them, and TSan, which models "
	  "it, saw no race here" },
	{ BIT(TOOL_HELGRIND) | BIT(TOOL_DRD), "data-race", USES_ONCE, TRAIT_IN_ONCE, BIT(TOOL_TSAN), false, false,
	  "Helgrind and DRD do not see the order pthread_once creates between "
	  "the initialiser and every later caller, and TSan saw no race here" },
	{ BIT(TOOL_HELGRIND) | BIT(TOOL_DRD), "data-race", 0, TRAIT_IN_LIBRARY, BIT(TOOL_TSAN), false, false,
	  "the racing access is inside a library (the C library's own code), which "
	  "orders its data with internal locks Helgrind and DRD do not see; TSan, "
	  "which intercepts the library, saw no race here" },
	{ BIT(TOOL_HELGRIND), "data-race", 0, TRAIT_DESTROY_AFTER_UNLOCK, BIT(TOOL_TSAN), false, true,
	  "Helgrind's known false race (its bug 327548): its pthread_mutex_destroy "
	  "wrapper reads the mutex, and it counts the mutex released before the C "
	  "library's pthread_mutex_unlock has finished writing it, so destroying a "
	  "mutex another thread has just unlocked looks like a race" },
	{ BIT(TOOL_HELGRIND), "unlock-unowned", USES_CANCEL_CLEANUP, 0, BIT(TOOL_TSAN), false, false,
	  "a thread cancelled inside pthread_cond_wait takes the mutex again before "
	  "its cleanup handlers run; Helgrind's wrapper never sees that relock (the "
	  "wait does not return), so the handler's unlock looks like an unlock of a "
	  "mutex not held. TSan saw no such unlock here" },
	{ BIT(TOOL_TSAN) | BIT(TOOL_ASAN) | BIT(TOOL_HELGRIND) | BIT(TOOL_DRD) | BIT(TOOL_MEMCHECK),
	  "hang", 0, TRAIT_STILL_BUSY, BIT(TOOL_WATCHDOG), false, false,
	  "the program was still using CPU when its time under the tool ran out, "
	  "and it ends in time in the native run: the tool's slowdown, not a hang" },
	{ BIT(TOOL_TSAN), "hang", USES_SIGNAL_HANDLERS, 0, BIT(TOOL_WATCHDOG), false, false,
	  "clang 14's TSan holds a signal back while the thread it is aimed at is "
	  "blocked in a system call, until the call returns (fixed in later LLVM): "
	  "a program whose handler is what ends that call hangs under TSan only. "
	  "The native run ended" },
	{ BIT(TOOL_MEMCHECK), "thread-leak", 0, 0, BIT(TOOL_TSAN), false, false,
	  "Memcheck counts the stack of every thread still running at exit as "
	  "possibly lost, a detached one too; TSan, which tracks joins and "
	  "detaches, saw no thread left unjoined" },
	{ BIT(TOOL_DRD), "long-lock-hold", 0, TRAIT_IN_LIBRARY, 0, false, false,
	  "the lock is a library's own (taken and released with no frame in the "
	  "program: glibc's at exit, held longer on a loaded machine)" },
	{ BIT(TOOL_TSAN) | BIT(TOOL_HELGRIND), "lock-order", 0, TRAIT_TRYLOCK_EDGE, 0, true, false,
	  "one edge of the cycle is taken by a trylock, which never blocks: "
	  "the cycle cannot deadlock" },
	{ BIT(TOOL_TSAN) | BIT(TOOL_HELGRIND), "lock-order", 0, TRAIT_GATED, 0, false, false,
	  "every edge of the cycle is taken while one common lock is held (a "
	  "gate lock): only one thread can be inside the cycle, so it cannot "
	  "deadlock" },
};

static bool mentions(const char *text, const char *const words[], size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(text, words[i]))
			return true;
	return false;
}

unsigned program_traits(const struct user_code *u)
{
	static const char *const atomics[] = { "stdatomic.h", "_Atomic", "atomic_",
					       "__atomic_", "__sync_" };
	static const char *const once[] = { "pthread_once", "call_once" };
	static const char *const handlers[] = { "sigaction(", "signal(" };
	unsigned traits = 0;
	bool cancels = false, cleans_up = false;
	for (size_t i = 0; i < u->real.n; i++) {
		char *text = read_file(u->real.v[i], NULL);
		if (!text)
			continue;
		if (mentions(text, atomics, sizeof atomics / sizeof atomics[0]))
			traits |= USES_ATOMICS;
		if (mentions(text, once, sizeof once / sizeof once[0]))
			traits |= USES_ONCE;
		if (mentions(text, handlers, sizeof handlers / sizeof handlers[0]))
			traits |= USES_SIGNAL_HANDLERS;
		cancels |= strstr(text, "pthread_cancel") != NULL;
		cleans_up |= strstr(text, "pthread_cleanup_push") != NULL;
		free(text);
	}
	if (cancels && cleans_up)
		traits |= USES_CANCEL_CLEANUP;
	return traits;
}

/* A place where a lock is taken whose source line calls a trylock. */
static bool trylock_at_a_lock(const struct finding *f)
{
	for (size_t i = 0; i < f->nlocs; i++) {
		if (!f->locs[i].role || strcmp(f->locs[i].role, "lock") != 0)
			continue;
		char *line = source_line(f->locs[i].file, f->locs[i].line);
		bool trylock = line && strstr(line, "trylock");
		free(line);
		if (trylock)
			return true;
	}
	return false;
}

const struct blind_spot *blind_spot_for(const struct finding *f, unsigned tools,
					unsigned traits, unsigned ran)
{
	for (size_t i = 0; i < sizeof spots / sizeof spots[0]; i++) {
		const struct blind_spot *b = &spots[i];
		if (strcmp(b->kind, f->kind) != 0 || !(tools & b->tools))
			continue;
		if ((tools & ~b->tools) || (ran & b->needs_ran) != b->needs_ran)
			continue;
		bool unconditional = !b->program_traits && !b->finding_traits && !b->trylock_line;
		if (unconditional || (traits & b->program_traits) ||
		    (f->traits & b->finding_traits) || (b->trylock_line && trylock_at_a_lock(f)))
			return b;
	}
	return NULL;
}
