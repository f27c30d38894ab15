/* lint_int.h: what the lint_*.c files share; not part of dodont's interface. */
#ifndef DODONT_LINT_INT_H
#define DODONT_LINT_INT_H

#include <stddef.h>

#include "finding.h"
#include "util.h"

/* One analyzer process: its command line and where its output goes. */
struct lint_job {
	const char *tool;	/* "clang-tidy", "spatch" or "cppcheck" */
	char **argv;		/* NULL-terminated; argv[0] is looked up in PATH */
	char *out, *err;	/* files that receive its stdout and stderr */
	int status;		/* wait status, when error == 0 */
	int error;		/* errno when it could not be started or waited */
};

/* lint_spawn.c: runs job->argv with posix_spawnp, stdin from /dev/null,
 * stdout and stderr into job->out and job->err, and waits for it. Sets
 * job->status, or job->error when it could not run. Returns 0 or -1. */
int lint_spawn_wait(struct lint_job *job);

/* lint_pool.c: runs every job, at most `workers` at a time. Returns 0, or -1
 * when the pool itself failed (each job's own failure is in the job). */
int lint_pool_run(struct lint_job *jobs, size_t n, int workers);

/* The files under analysis: the names as given, and their real paths, so
 * that an analyzer's path (absolute, or relative) maps back to the given
 * name. */
struct lint_inputs {
	const char *const *given;
	char **real;
	size_t n;
	const struct strv *flags;	/* each file's compiler flags, or NULL */
};

/* lint_inputs.c: fills in->real; on a missing or unreadable file prints one
 * line to stderr and returns -1. flags: n of them, or NULL. */
int lint_inputs_init(struct lint_inputs *in, const char *const *files, size_t n,
		     const struct strv *flags);
void lint_inputs_free(struct lint_inputs *in);
/* The index of the input this path names, or -1. */
long lint_inputs_find(const struct lint_inputs *in, const char *path);

/* lint_flags.c: the words of a file's flags (user: NULL for none) that each
 * analyzer takes, appended to out: clang-tidy every one (after dodont's
 * defaults, so a user's -std= wins); cppcheck -I, -D and -U; Coccinelle the
 * -I directories. */
void lint_flags_tidy(const struct strv *user, struct strv *out);
void lint_flags_cppcheck(const struct strv *user, struct strv *out);
void lint_flags_spatch(const struct strv *user, struct strv *out);

/* The inputs grouped by the flags one analyzer takes: of[i] is the group of
 * input i, flags[k] the flags of group k. */
struct lint_groups {
	size_t n;
	size_t *of;
	struct strv *flags;
};
void lint_groups_make(struct lint_groups *g, const struct lint_inputs *in,
		      void (*project)(const struct strv *user, struct strv *out));
/* Writes the inputs of group `group` (n inputs in all) into files[];
 * returns how many. */
size_t lint_group_files(const struct lint_groups *g, size_t group, size_t n, size_t *files);
void lint_groups_free(struct lint_groups *g);

/* lint_nolint.c: NOLINT and NOLINTNEXTLINE comments. Each source is read
 * once, when a finding first names it. */
struct nolint_file;
struct lint_nolint {
	struct nolint_file *files;
	size_t n;
};
/* Is the finding of `rule` at path:line silenced by a comment? */
int lint_nolint_silenced(struct lint_nolint *nl, const char *path, int line, const char *rule);
/* Does what follows a NOLINT marker (a "(name,...)" list, or anything else
 * for a bare marker) name dodont-<rule>? */
int lint_nolint_list_matches(const char *after, const char *rule);
void lint_nolint_free(struct lint_nolint *nl);

/* lint_parse.c: one diagnostic line split in place. */
struct lint_diag {
	char *file;
	int line, col;		/* col as printed (Coccinelle's is 0-based) */
	char *kind;		/* "warning", "error", "note", ... */
	char *text;		/* the rest of the line */
};
/* Splits "FILE:LINE:COL[-END]: KIND: TEXT". Returns 0, or -1 when the line
 * is not a diagnostic. */
int lint_diag_split(char *line, struct lint_diag *d);
/* Cuts a trailing " [name]" off text and returns name, or NULL. */
char *lint_diag_tag(char *text);

/* Parsers of each analyzer's log: append findings to out (locations already
 * mapped to the given file names). lint_parse_tidy copies the first compiler
 * error into errbuf and returns 1 when a file does not compile. All return 0
 * when parsed, -1 on an I/O or memory error. */
int lint_parse_tidy(const char *log, const struct lint_inputs *in,
		    struct finding_list *out, char *errbuf, size_t errlen);
/* Do two clang static analyzer assumptions (the text after "Assuming ")
 * say opposite things of the same named value ("field 'x' is true" and
 * "field 'x' is false")? */
int lint_assumptions_contradict(const char *a, const char *b);
/* How many diagnostics clang-tidy silenced by its own NOLINT handling, from
 * its statistics line on stderr ("Suppressed 4 warnings (1 in non-user
 * code, 3 NOLINT)."); 0 when none or no such line. */
size_t lint_parse_tidy_nolint(const char *errlog);
int lint_parse_spatch(const char *log, const char *cocci,
		      const struct lint_inputs *in, struct finding_list *out);
int lint_parse_cppcheck(const char *log, const struct lint_inputs *in,
			struct finding_list *out);

/* lint_rules.c: rule id for a clang-tidy check and message; buf holds a
 * generic id when no rule claims it. */
const char *lint_map_tidy(const char *check, const char *message, char *buf,
			  size_t len);
/* Rule id for a cppcheck id, or NULL for reports about cppcheck itself
 * (missing includes, code it could not parse). */
const char *lint_map_cppcheck(const char *id, char *buf, size_t len);

/* lint_plan.c: the analyzer jobs for these files. Writes the Coccinelle
 * file-group lists into log_dir. Returns 0, or -1 (message printed). */
struct lint_plan {
	struct lint_job *jobs;
	size_t n, cap;
};
int lint_plan_make(struct lint_plan *plan, const struct lint_inputs *in,
		   const char *checks_dir, const char *log_dir, int workers);
void lint_plan_free(struct lint_plan *plan);

#endif
