/* runner.h: run one twin under one tool, and judge the result.
 *
 * A run builds the tool's command (explicit sanitizer and Valgrind options,
 * never inherited from the environment), runs it under the watchdog, turns the
 * raw log into findings, and judges them against the program's header: every
 * expectation met at its tagged lines, every report accounted for. */
#ifndef DODONT_RUNNER_H
#define DODONT_RUNNER_H

#include "finding.h"
#include "header.h"
#include "tools.h"

#include <stdbool.h>

struct run_result {
	struct finding_list findings;
	bool passed;
	bool env_error;		/* could not run at all: why says why */
	char *why;		/* one line: what failed, or what was found */
	char *note;		/* extra facts, e.g. "peak threads 4", or NULL */
	char *log_path;
	double seconds;
};

struct run_paths {
	const char *shims;	/* build/shims */
	const char *logs;	/* where raw logs go */
};

/* Runs bin (the program p, built for tool t) once; rep numbers the log.
 * Not for TOOL_LINT: see run_lint. */
void run_tool(const struct program *p, const char *bin, enum tool t, int rep,
	      const struct run_paths *paths, struct run_result *r);
/* Judges p's share of the lint findings of a whole session (the analyzers
 * run once over every file: Coccinelle alone takes over a second to start). */
void run_lint(const struct program *p, const struct finding_list *all,
	      const char *log_dir, struct run_result *r);
void run_result_free(struct run_result *r);

/* Judges findings against p's expectations for tool t (exposed for tests). */
void judge(const struct program *p, enum tool t, struct run_result *r);

/* "data-race at 12, 14; hang" : a short summary of findings. */
char *findings_summary(const struct finding_list *l);

#endif
