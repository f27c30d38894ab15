/* lint_plan.c: which analyzer processes to run over which files.
 *
 * Each analyzer takes many files per process, so its start-up cost is paid
 * once per batch, not once per file: Coccinelle's start-up (OCaml and the
 * Python scripting) is over a second, clang-tidy's and cppcheck's are small.
 * Coccinelle gets its files through --file-groups, one file per group: named
 * together on its command line, files would form one group and a rule's
 * `depends on` could match across them. All the .cocci files run in one
 * Coccinelle process per batch: they are joined into one semantic patch in
 * the log directory (their rule names are distinct; the `virtual` lines are
 * hoisted to the top), which saves a start-up per rule file. Batches are
 * sized so that every worker has work; the longest jobs (Coccinelle) come
 * first. */
#include "lint_int.h"

#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Files per Coccinelle process before a second batch pays off: a process
 * costs about 1.5 s of CPU to start, a file about 0.03 s. */
#define SPATCH_FILES_PER_BATCH 40
/* Seconds Coccinelle may spend on one file before it gives up on it. */
#define SPATCH_TIMEOUT "120"

/* The compiler flags clang-tidy parses each file with. The analyzer's path
 * budget per function is cut from 225000 to 30000 nodes: four times faster
 * on dodont's own 400-line files, and no fixture or catalogue finding lost. */
static const char *const tidy_flags[] = {
	"--", "-x", "c", "-std=c17", "-D_GNU_SOURCE", "-pthread",
	"-Wthread-safety", "-Wthread-safety-beta", "-fno-caret-diagnostics",
	"-fno-color-diagnostics", "-Xclang", "-analyzer-config", "-Xclang",
	"max-nodes=30000",
};

static void job_free(struct lint_job *job)
{
	for (size_t i = 0; job->argv && job->argv[i]; i++)
		free(job->argv[i]);
	free(job->argv);
	free(job->out);
	free(job->err);
}

void lint_plan_free(struct lint_plan *plan)
{
	for (size_t i = 0; i < plan->n; i++)
		job_free(&plan->jobs[i]);
	free(plan->jobs);
	*plan = (struct lint_plan){ 0 };
}

/* A growable argument vector. */
struct args {
	char **v;
	size_t n, cap;
	int oom;
};

static void arg(struct args *a, const char *s)
{
	if (a->oom)
		return;
	if (a->n + 2 > a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 32;
		char **v = realloc(a->v, cap * sizeof *v);
		if (!v) {
			a->oom = 1;
			return;
		}
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n] = strdup(s);
	if (!a->v[a->n]) {
		a->oom = 1;
		return;
	}
	a->v[++a->n] = NULL;
}

static void args_free(struct args *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
}

/* Appends a job that takes ownership of a->v; logs go to log_dir/name.out
 * and .err, and its command line to log_dir/commands.txt. */
static int push(struct lint_plan *plan, const char *tool, struct args *a,
		const char *log_dir, const char *name, FILE *cmds)
{
	if (a->oom)
		return -1;
	if (plan->n == plan->cap) {
		size_t cap = plan->cap ? plan->cap * 2 : 16;
		struct lint_job *jobs = realloc(plan->jobs, cap * sizeof *jobs);
		if (!jobs)
			return -1;
		plan->jobs = jobs;
		plan->cap = cap;
	}
	struct lint_job job = {
		.tool = tool,
		.argv = a->v,
		.out = xasprintf("%s/%s.out", log_dir, name),
		.err = xasprintf("%s/%s.err", log_dir, name),
		.error = ECANCELED,
	};
	plan->jobs[plan->n++] = job;
	*a = (struct args){ 0 };
	if (!job.out || !job.err)
		return -1;
	if (fprintf(cmds, "# %s: %s.out, %s.err\n", name, name, name) < 0)
		return -1;
	for (size_t i = 0; job.argv[i]; i++)
		if (fprintf(cmds, "%s'%s'", i ? " " : "", job.argv[i]) < 0)
			return -1;
	return fputc('\n', cmds) == EOF ? -1 : 0;
}

/* Splits n files into k nearly equal batches; batch b is [*lo, *hi). */
static void batch(size_t n, size_t k, size_t b, size_t *lo, size_t *hi)
{
	*lo = n * b / k;
	*hi = n * (b + 1) / k;
}

static size_t clamp(size_t v, size_t lo, size_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Appends one rule file to the joined semantic patch, without its
 * `virtual` declarations. */
static int join_rules(FILE *out, const char *path)
{
	FILE *in = fopen(path, "r");
	if (!in)
		return -1;
	char *line = NULL;
	size_t cap = 0;
	int rc = fprintf(out, "// ---- %s\n", path) < 0 ? -1 : 0;
	while (rc == 0 && getline(&line, &cap, in) >= 0)
		if (strncmp(line, "virtual ", 8) != 0 && fputs(line, out) == EOF)
			rc = -1;
	if (rc == 0 && ferror(in))
		rc = -1;
	free(line);
	if (fclose(in) != 0)
		rc = -1;
	return rc;
}

/* Writes log_dir/lint-rules.cocci, every checks/lint/ *.cocci joined; returns
 * its path, or NULL. */
static char *joined_rules(const char *checks, const char *log_dir)
{
	char *pattern = xasprintf("%s/*.cocci", checks);
	glob_t g;
	int grc = glob(pattern, 0, NULL, &g);
	free(pattern);
	if (grc != 0) {
		if (grc == GLOB_NOMATCH)
			errno = ENOENT;
		return NULL;
	}
	char *path = xasprintf("%s/lint-rules.cocci", log_dir);
	FILE *out = fopen(path, "w");
	int rc = out ? 0 : -1;
	if (rc == 0 && fputs("// All of dodont's Coccinelle rules, joined by dodont lint.\n"
			     "virtual report\nvirtual org\nvirtual context\n", out) == EOF)
		rc = -1;
	for (size_t r = 0; r < g.gl_pathc && rc == 0; r++)
		rc = join_rules(out, g.gl_pathv[r]);
	if (out && fclose(out) != 0)
		rc = -1;
	globfree(&g);
	if (rc != 0) {
		free(path);
		return NULL;
	}
	return path;
}

static int plan_spatch(struct lint_plan *plan, const struct lint_inputs *in,
		       const char *checks, const char *log_dir, size_t workers, FILE *cmds)
{
	char *rules = joined_rules(checks, log_dir);
	char *macros = xasprintf("%s/cocci-macros.h", checks);
	int rc = rules ? 0 : -1;
	size_t k = clamp((in->n + SPATCH_FILES_PER_BATCH - 1) / SPATCH_FILES_PER_BATCH, 1, workers);
	for (size_t b = 0; b < k && rc == 0; b++) {
		size_t lo, hi;
		batch(in->n, k, b, &lo, &hi);
		char *groups = xasprintf("%s/spatch-%zu.groups", log_dir, b + 1);
		FILE *fp = fopen(groups, "w");
		if (!fp) {
			free(groups);
			rc = -1;
			break;
		}
		for (size_t i = lo; i < hi; i++)
			if (fprintf(fp, "%s\n\n", in->given[i]) < 0)
				rc = -1;
		if (fclose(fp) != 0)
			rc = -1;
		char *name = xasprintf("spatch-%zu", b + 1);
		struct args a = { 0 };
		arg(&a, "spatch");
		arg(&a, "--very-quiet");
		arg(&a, "-D");
		arg(&a, "report");
		arg(&a, "--no-show-diff");
		arg(&a, "--no-includes");
		arg(&a, "--macro-file");
		arg(&a, macros);
		arg(&a, "--timeout");
		arg(&a, SPATCH_TIMEOUT);
		arg(&a, "--sp-file");
		arg(&a, rules);
		arg(&a, "--file-groups");
		arg(&a, groups);
		if (rc == 0)
			rc = name ? push(plan, "spatch", &a, log_dir, name, cmds) : -1;
		args_free(&a);
		free(name);
		free(groups);
	}
	free(rules);
	free(macros);
	return rc;
}

/* Deals the files into k batches of about equal total size, biggest file
 * first (clang-tidy's time grows with the code it analyzes). Returns
 * batch_of[i] for each input, or NULL. */
static size_t *deal_by_size(const struct lint_inputs *in, size_t k)
{
	size_t *batch_of = calloc(in->n, sizeof *batch_of);
	off_t *size = calloc(in->n, sizeof *size);
	off_t *load = calloc(k, sizeof *load);
	char *dealt = calloc(in->n, 1);
	if (!batch_of || !size || !load || !dealt) {
		free(batch_of);
		batch_of = NULL;
		goto out;
	}
	for (size_t i = 0; i < in->n; i++) {
		struct stat st;
		size[i] = stat(in->given[i], &st) == 0 ? st.st_size : 0;
	}
	for (size_t round = 0; round < in->n; round++) {
		size_t big = 0, least = 0;
		while (dealt[big])
			big++;
		for (size_t i = big + 1; i < in->n; i++)
			if (!dealt[i] && size[i] > size[big])
				big = i;
		for (size_t b = 1; b < k; b++)
			if (load[b] < load[least])
				least = b;
		dealt[big] = 1;
		batch_of[big] = least;
		load[least] += size[big] + 1;
	}
out:
	free(size);
	free(load);
	free(dealt);
	return batch_of;
}

static int plan_tidy(struct lint_plan *plan, const struct lint_inputs *in,
		     const char *checks, const char *log_dir, size_t workers, FILE *cmds)
{
	size_t k = clamp(2 * workers, 1, in->n);
	char *config = xasprintf("--config-file=%s/clang-tidy.yaml", checks);
	char *include = xasprintf("-I%s", checks);
	size_t *batch_of = deal_by_size(in, k);
	int rc = batch_of ? 0 : -1;
	for (size_t b = 0; b < k && rc == 0; b++) {
		struct args a = { 0 };
		arg(&a, "clang-tidy");
		arg(&a, "--quiet");
		arg(&a, config);
		arg(&a, "-allow-enabling-analyzer-alpha-checkers");
		for (size_t i = 0; i < in->n; i++)
			if (batch_of[i] == b)
				arg(&a, in->given[i]);
		for (size_t i = 0; i < sizeof tidy_flags / sizeof tidy_flags[0]; i++)
			arg(&a, tidy_flags[i]);
		arg(&a, include);
		char *name = xasprintf("clang-tidy-%zu", b + 1);
		rc = push(plan, "clang-tidy", &a, log_dir, name, cmds);
		args_free(&a);
		free(name);
	}
	free(batch_of);
	free(config);
	free(include);
	return rc;
}

static int plan_cppcheck(struct lint_plan *plan, const struct lint_inputs *in,
			 const char *log_dir, size_t workers, FILE *cmds)
{
	size_t k = clamp(workers, 1, in->n);
	int rc = 0;
	for (size_t b = 0; b < k && rc == 0; b++) {
		size_t lo, hi;
		batch(in->n, k, b, &lo, &hi);
		struct args a = { 0 };
		arg(&a, "cppcheck");
		arg(&a, "-q");
		arg(&a, "--language=c");
		arg(&a, "--std=c11");
		arg(&a, "--enable=warning");
		arg(&a, "--library=posix");
		arg(&a, "--inline-suppr");
		arg(&a, "-D_GNU_SOURCE");
		arg(&a, "--template={file}:{line}:{column}: {severity}: {message} [{id}]");
		for (size_t i = lo; i < hi; i++)
			arg(&a, in->given[i]);
		char *name = xasprintf("cppcheck-%zu", b + 1);
		rc = push(plan, "cppcheck", &a, log_dir, name, cmds);
		args_free(&a);
		free(name);
	}
	return rc;
}

int lint_plan_make(struct lint_plan *plan, const struct lint_inputs *in,
		   const char *checks_dir, const char *log_dir, int workers)
{
	*plan = (struct lint_plan){ 0 };
	size_t w = workers < 1 ? 1 : (size_t)workers;
	char *path = xasprintf("%s/commands.txt", log_dir);
	FILE *cmds = fopen(path, "w");
	free(path);
	if (!cmds)
		return -1;
	int rc = plan_spatch(plan, in, checks_dir, log_dir, w, cmds);
	if (rc == 0)
		rc = plan_tidy(plan, in, checks_dir, log_dir, w, cmds);
	if (rc == 0)
		rc = plan_cppcheck(plan, in, log_dir, w, cmds);
	if (fclose(cmds) != 0)
		rc = -1;
	if (rc != 0)
		lint_plan_free(plan);
	return rc;
}
