/* tools.h: the tools dodont runs, and the vocabulary of report kinds. */
#ifndef DODONT_TOOLS_H
#define DODONT_TOOLS_H

#include <stdbool.h>

enum tool {
	TOOL_TSAN,
	TOOL_ASAN,
	TOOL_HELGRIND,
	TOOL_DRD,
	TOOL_MEMCHECK,
	TOOL_WATCHDOG,
	TOOL_CAPS,
	TOOL_FAULTS,
	TOOL_LINT,
	TOOL_COUNT
};

/* How a tool's program is built. */
enum variant { VARIANT_TSAN, VARIANT_ASAN, VARIANT_PLAIN, VARIANT_NONE };

struct tool_info {
	const char *name;
	enum variant variant;
	bool valgrind;		/* runs under valgrind: slower, longer timeout */
	const char *sees;	/* one line for `dodont list` and the guide */
};

const struct tool_info *tool_info(enum tool t);
/* Returns the tool named, or -1. */
int tool_by_name(const char *name);
/* Tools run for every twin; caps and faults run only where a header asks. */
bool tool_always_runs(enum tool t);
/* True when KIND is in the shared vocabulary of dynamic report kinds. */
bool kind_is_known(const char *kind);

#endif
