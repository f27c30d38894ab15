/* tools.c: the tool table and the report-kind vocabulary. */
#include "tools.h"

#include <string.h>

static const struct tool_info tools[TOOL_COUNT] = {
	[TOOL_TSAN] = { "tsan", VARIANT_TSAN, false,
			"races, lock order, destroy/unlock misuse, signal-unsafe calls, thread leaks" },
	[TOOL_ASAN] = { "asan", VARIANT_ASAN, false,
			"dead stack memory used by a thread, heap misuse, leaks" },
	[TOOL_HELGRIND] = { "helgrind", VARIANT_PLAIN, true,
			    "races, lock order, lock held at exit, cond/mutex mismatch" },
	[TOOL_DRD] = { "drd", VARIANT_PLAIN, true,
		       "races, locks held too long, lock held at exit" },
	[TOOL_MEMCHECK] = { "memcheck", VARIANT_PLAIN, true,
			    "leaked memory, threads never joined, leaked fds" },
	[TOOL_WATCHDOG] = { "watchdog", VARIANT_PLAIN, false,
			    "hangs, and the program's own self-checks" },
	[TOOL_CAPS] = { "caps", VARIANT_PLAIN, false,
			"thread and fd caps: unbounded thread or task creation" },
	[TOOL_FAULTS] = { "faults", VARIANT_PLAIN, false,
			  "injected failures that are ignored" },
	[TOOL_LINT] = { "lint", VARIANT_NONE, false,
			"the static shape of each antipattern" },
};

const struct tool_info *tool_info(enum tool t)
{
	return &tools[t];
}

int tool_by_name(const char *name)
{
	for (int t = 0; t < TOOL_COUNT; t++)
		if (strcmp(tools[t].name, name) == 0)
			return t;
	return -1;
}

bool tool_always_runs(enum tool t)
{
	return t <= TOOL_WATCHDOG || t == TOOL_LINT;
}

bool kind_is_known(const char *kind)
{
	static const char *const kinds[] = {
		"data-race", "lock-order", "lock-held-at-exit", "destroy-locked",
		"unlock-unowned", "cond-mutex-mismatch", "signal-unsafe",
		"thread-leak", "memory-leak", "fd-leak", "stack-use-after-return",
		"memory-error", "long-lock-hold", "hang", "self-check", "crash",
		"cap-exceeded", "fault-ignored", "leftover-process", "tool-error",
		"pthread-error",
	};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i], kind) == 0)
			return true;
	return false;
}
