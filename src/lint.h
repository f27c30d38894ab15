/* lint.h: `dodont lint`, the static half of dodont.
 *
 * Runs real analyzers over C files and turns each of their diagnostics into a
 * finding named by a project rule id:
 *   clang-tidy 14  (checks/lint/clang-tidy.yaml): clang-tidy checks, the clang
 *                  static analyzer's alpha.unix.PthreadLock,
 *                  alpha.core.C11Lock and alpha.unix.BlockInCriticalSection,
 *                  and clang -Wthread-safety/-beta for annotated code
 *                  (checks/lint/thread_safety.h);
 *   Coccinelle     (checks/lint, one .cocci file per theme) for the shapes clang has no check for;
 *   cppcheck       for memory and descriptor leaks on error paths.
 * A diagnostic no rule claims keeps a generic id (clang-analyzer,
 * clang-tidy-<check>, cppcheck-<id>). */
#ifndef DODONT_LINT_H
#define DODONT_LINT_H

#include <stddef.h>

#include "finding.h"
#include "util.h"

struct lint_rule {
	const char *id;		/* kebab-case rule id: the finding's kind */
	const char *rule;	/* the CERT rule or the seed's wording it enforces */
	const char *guide;	/* GUIDE.md anchor, e.g. "GUIDE.md#cond-wait-loop" */
	const char *tool;	/* the analyzer(s) and check(s) behind it */
};

/* The rule table; *n receives its length. */
const struct lint_rule *lint_rules(size_t *n);

/* The rule with this id, or NULL. A generic id (cppcheck-<id>,
 * clang-tidy-<check>) returns its family's row. */
const struct lint_rule *lint_rule_find(const char *id);

/* What to lint, and how. */
struct lint_request {
	const char *const *files;
	size_t nfiles;
	/* The compiler flags of each file (nfiles of them: -I, -D, -std...,
	 * from the command line after `--` or from compile_commands.json), or
	 * NULL when every file takes the defaults. */
	const struct strv *flags;
	const char *checks_dir;	/* checks/lint: the rules and their config */
	const char *log_dir;	/* the analyzers' raw outputs and command lines */
	int jobs;		/* processes at most; <= 0: one per online CPU */
};

/* Runs every analyzer over the files, in parallel, and appends one finding
 * per diagnostic to `out`: kind = rule id, message = the analyzer's message,
 * one location FILE:LINE:COL with FILE exactly as given in files[]. The
 * analyzers' raw outputs and command lines are kept in log_dir (created if
 * missing). Returns 0 when the analyzers ran, with findings or not; 2 on an
 * environment or input error (a missing analyzer, a missing file, a file
 * that is not C or does not compile) after printing one line to stderr that
 * says what is wrong and how to fix it. */
int lint_run(const struct lint_request *req, struct finding_list *out);

/* Writes the findings as SARIF 2.1.0 (for CI code scanning) to path.
 * Returns 0, or -1 with errno set. */
int lint_write_sarif(const char *path, const struct finding_list *findings);

#endif
