/* runner.h: run one program under one tool, and read what it left.
 *
 * A run builds the tool's command from its row (tools.h: explicit sanitizer
 * and Valgrind options, never inherited from the environment), runs it under
 * the watchdog, and turns the raw log into findings: the tool's own reports,
 * the program's self-checks, the shims' lines, a hang with where each thread
 * is blocked, a crash, a non-zero exit. Judging them against a header is
 * judge.h's; weighing them across tools for `verify` is verdict.h's. */
#ifndef DODONT_RUNNER_H
#define DODONT_RUNNER_H

#include "finding.h"
#include "program.h"
#include "tools.h"
#include "user_code.h"

#include <stdbool.h>

struct run_result {
	struct finding_list findings;
	/* What a run saw that is no report: the lock cycles that cannot
	 * deadlock (kind "gated-cycle"), for the verdict to weigh with. */
	struct finding_list facts;
	bool passed;
	bool env_error;		/* could not run at all: why says why */
	char *why;		/* one line: what failed, or what was found */
	char *note;		/* extra facts, e.g. "peak threads 4", or NULL */
	char *log_path;
	double seconds;
	double started, ended;	/* monotonic clock: when the run began and ended */
	int suppressed;		/* reports the user's suppressions silenced */
	int exit_status;	/* the program's, when it exited; -1 otherwise */
};

struct run_setup {
	const char *shims;		/* build/shims */
	const char *logs;		/* where raw logs go */
	const char *tsan_suppressions;	/* the user's files, or NULL */
	const char *valgrind_suppressions;
};

/* Runs bin (the program p, built for tool t) once; rep numbers the log.
 * Not for TOOL_LINT: see run_lint. */
void run_tool(const struct program *p, const struct user_code *u, const char *bin,
	      enum tool t, int rep, const struct run_setup *setup, struct run_result *r);
/* p's share of the lint findings of a whole session (the analyzers run once
 * over every file: Coccinelle alone takes over a second to start). */
void run_lint(const struct program *p, const struct finding_list *all,
	      const char *log_dir, struct run_result *r);
void run_result_free(struct run_result *r);

#endif
