/* tools.h: every tool dodont runs, one row each.
 *
 * A row says all dodont knows of a tool: when it runs, the build it needs,
 * how much longer than a native run it may take, how its command is built,
 * how its log is read, whether it is a detector (its reports are its own;
 * the program's exit under it is not its finding), and what to install.
 * Nothing else in dodont asks which tool it has: adding a tool is a row
 * here and a reader in a toollog_*.c file. What each tool is known to get
 * wrong is data too: tool_knowledge.h. */
#ifndef DODONT_TOOLS_H
#define DODONT_TOOLS_H

#include "finding.h"
#include "user_code.h"
#include "util.h"

#include <stdbool.h>

/* Bit positions in the tool masks of headers and options; the table's order. */
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

/* When a tool runs on a program. */
enum tool_when {
	RUNS_ALWAYS,		/* on every program */
	RUNS_WITH_CAPS,		/* where the header sets caps: */
	RUNS_WITH_FAULTS,	/* where the header sets fault: lines */
};

/* The format of the suppression files a tool reads. */
enum suppressions { SUPPRESSIONS_NONE, SUPPRESSIONS_TSAN, SUPPRESSIONS_VALGRIND };

struct program;

/* What a command builder is given for one run. */
struct run_context {
	const struct program *program;
	const char *bin;		/* the built program */
	const char *fault;		/* faults: this run's scenario */
	const char *shims;		/* where the LD_PRELOAD shims are */
	const char *suppressions;	/* the user's file for this tool, or NULL */
};

struct tool_info {
	const char *name;
	enum variant variant;
	enum tool_when when;
	double timeout_factor;	/* times the program's native timeout */
	bool detector;
	bool backtraces;	/* gdb can attach to locate a hang (not under Valgrind) */
	enum suppressions suppressions;
	/* Appends the command (argv) and environment entries (env) beyond
	 * PATH and LC_ALL; NULL for lint, which runs once per session. */
	void (*command)(const struct run_context *c, struct strv *argv, struct strv *env);
	/* Reads the tool's own reports from its log; NULL: it has none. */
	void (*read_log)(const char *log, const struct user_code *u, struct finding_list *out);
	/* How many reports the tool says it made (-1: no summary); NULL: none. */
	int (*count)(const char *log);
	const char *commands;	/* what must be installed, "cmd:package ..." */
	const char *shim;	/* the LD_PRELOAD shim it loads (under build/shims), or NULL */
	const char *sees;	/* one line for `dodont list` and the guide */
};

const struct tool_info *tool_info(enum tool t);
/* Returns the tool named, or -1. */
int tool_by_name(const char *name);
/* The functions the faults tool can make fail (checks/shims/dodont-faults.c),
 * and kill-child; *n receives their number. */
const char *const *fault_functions(size_t *n);

/* Writes "tsan asan ... lint", every tool's name, for usage lines. */
void tool_names(char *buf, size_t len);

#endif
