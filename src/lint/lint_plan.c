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

/* Appends a job that takes ownership of a->v; logs go to log_dir/name.out
 * and .err, and its command line to log_dir/commands.txt. */
static int push(struct lint_plan *plan, const char *tool, struct strv *a,
		const char *log_dir, const char *name, FILE *cmds)
{
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
	*a = (struct strv){ 0 };
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

/* One Coccinelle process over files[0..n) (indices of inputs). */
static int spatch_job(struct lint_plan *plan, const struct lint_inputs *in,
		      const size_t *files, size_t n, const struct strv *flags,
		      const char *rules, const char *macros, const char *log_dir,
		      size_t job, FILE *cmds)
{
	char *groups = xasprintf("%s/spatch-%zu.groups", log_dir, job);
	FILE *fp = fopen(groups, "w");
	int rc = fp ? 0 : -1;
	for (size_t i = 0; i < n && rc == 0; i++)
		if (fprintf(fp, "%s\n\n", in->given[files[i]]) < 0)
			rc = -1;
	if (fp && fclose(fp) != 0)
		rc = -1;
	static const char *const fixed[] = {
		"spatch", "--very-quiet", "-D", "report", "--no-show-diff", "--no-includes",
		"--timeout", SPATCH_TIMEOUT,
	};
	struct strv a = { 0 };
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		strv_push(&a, fixed[i]);
	strv_push(&a, "--macro-file");
	strv_push(&a, macros);
	for (size_t i = 0; i < flags->n; i++)
		strv_push(&a, flags->v[i]);
	strv_push(&a, "--sp-file");
	strv_push(&a, rules);
	strv_push(&a, "--file-groups");
	strv_push(&a, groups);
	char *name = xasprintf("spatch-%zu", job);
	if (rc == 0)
		rc = push(plan, "spatch", &a, log_dir, name, cmds);
	strv_free(&a);
	free(name);
	free(groups);
	return rc;
}

static int plan_spatch(struct lint_plan *plan, const struct lint_inputs *in,
		       const char *checks, const char *log_dir, size_t workers, FILE *cmds)
{
	char *rules = joined_rules(checks, log_dir);
	if (!rules)
		return -1;
	char *macros = xasprintf("%s/cocci-macros.h", checks);
	struct lint_groups g;
	lint_groups_make(&g, in, lint_flags_spatch);
	size_t *files = xcalloc(in->n, sizeof *files);
	size_t job = 0;
	int rc = 0;
	for (size_t k = 0; k < g.n && rc == 0; k++) {
		size_t m = lint_group_files(&g, k, in->n, files);
		size_t nb = clamp((m + SPATCH_FILES_PER_BATCH - 1) / SPATCH_FILES_PER_BATCH, 1, workers);
		for (size_t b = 0; b < nb && rc == 0; b++) {
			size_t lo, hi;
			batch(m, nb, b, &lo, &hi);
			rc = spatch_job(plan, in, files + lo, hi - lo, &g.flags[k], rules, macros,
					log_dir, ++job, cmds);
		}
	}
	free(files);
	lint_groups_free(&g);
	free(rules);
	free(macros);
	return rc;
}

/* Deals files[0..n) into k batches of about equal total size, biggest file
 * first (clang-tidy's time grows with the code it analyzes). Returns the
 * batch of each of files[], newly allocated. */
static size_t *deal_by_size(const struct lint_inputs *in, const size_t *files, size_t n, size_t k)
{
	size_t *batch_of = xcalloc(n ? n : 1, sizeof *batch_of);
	off_t *size = xcalloc(n ? n : 1, sizeof *size);
	off_t *load = xcalloc(k, sizeof *load);
	char *dealt = xcalloc(n ? n : 1, 1);
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		size[i] = stat(in->given[files[i]], &st) == 0 ? st.st_size : 0;
	}
	for (size_t round = 0; round < n; round++) {
		size_t big = 0, least = 0;
		while (dealt[big])
			big++;
		for (size_t i = big + 1; i < n; i++)
			if (!dealt[i] && size[i] > size[big])
				big = i;
		for (size_t b = 1; b < k; b++)
			if (load[b] < load[least])
				least = b;
		dealt[big] = 1;
		batch_of[big] = least;
		load[least] += size[big] + 1;
	}
	free(size);
	free(load);
	free(dealt);
	return batch_of;
}

/* How many processes a group of m of the n files gets, when all the files
 * together get `share`: at least one, at most one per file. */
static size_t share_of(size_t m, size_t n, size_t share)
{
	return clamp((share * m + n - 1) / n, 1, m);
}

static int plan_tidy(struct lint_plan *plan, const struct lint_inputs *in,
		     const char *checks, const char *log_dir, size_t workers, FILE *cmds)
{
	char *config = xasprintf("--config-file=%s/clang-tidy.yaml", checks);
	char *include = xasprintf("-I%s", checks);
	struct lint_groups g;
	lint_groups_make(&g, in, lint_flags_tidy);
	size_t *files = xcalloc(in->n, sizeof *files);
	size_t job = 0;
	int rc = 0;
	for (size_t grp = 0; grp < g.n && rc == 0; grp++) {
		size_t m = lint_group_files(&g, grp, in->n, files);
		size_t k = share_of(m, in->n, 2 * workers);
		size_t *batch_of = deal_by_size(in, files, m, k);
		for (size_t b = 0; b < k && rc == 0; b++) {
			struct strv a = { 0 };
			/* not --quiet: the statistics on stderr say how many
			 * diagnostics clang-tidy's own NOLINT handling dropped */
			strv_push(&a, "clang-tidy");
			strv_push(&a, config);
			strv_push(&a, "-allow-enabling-analyzer-alpha-checkers");
			for (size_t i = 0; i < m; i++)
				if (batch_of[i] == b)
					strv_push(&a, in->given[files[i]]);
			for (size_t i = 0; i < sizeof tidy_flags / sizeof tidy_flags[0]; i++)
				strv_push(&a, tidy_flags[i]);
			strv_push(&a, include);
			/* after the defaults: the user's -std= and -D win */
			for (size_t i = 0; i < g.flags[grp].n; i++)
				strv_push(&a, g.flags[grp].v[i]);
			char *name = xasprintf("clang-tidy-%zu", ++job);
			rc = push(plan, "clang-tidy", &a, log_dir, name, cmds);
			strv_free(&a);
			free(name);
		}
		free(batch_of);
	}
	free(files);
	lint_groups_free(&g);
	free(config);
	free(include);
	return rc;
}

static int plan_cppcheck(struct lint_plan *plan, const struct lint_inputs *in,
			 const char *log_dir, size_t workers, FILE *cmds)
{
	/* no --inline-suppr: a cppcheck-suppress comment would hide a finding
	 * without a count; NOLINT(dodont-cppcheck-ID) silences one, counted */
	static const char *const fixed[] = {
		"cppcheck", "-q", "--language=c", "--std=c11", "--enable=warning",
		"--library=posix", "-D_GNU_SOURCE",
		"--template={file}:{line}:{column}: {severity}: {message} [{id}]",
	};
	struct lint_groups g;
	lint_groups_make(&g, in, lint_flags_cppcheck);
	size_t *files = xcalloc(in->n, sizeof *files);
	size_t job = 0;
	int rc = 0;
	for (size_t grp = 0; grp < g.n && rc == 0; grp++) {
		size_t m = lint_group_files(&g, grp, in->n, files);
		size_t k = share_of(m, in->n, workers);
		for (size_t b = 0; b < k && rc == 0; b++) {
			size_t lo, hi;
			batch(m, k, b, &lo, &hi);
			struct strv a = { 0 };
			for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
				strv_push(&a, fixed[i]);
			for (size_t i = 0; i < g.flags[grp].n; i++)
				strv_push(&a, g.flags[grp].v[i]);
			for (size_t i = lo; i < hi; i++)
				strv_push(&a, in->given[files[i]]);
			char *name = xasprintf("cppcheck-%zu", ++job);
			rc = push(plan, "cppcheck", &a, log_dir, name, cmds);
			strv_free(&a);
			free(name);
		}
	}
	free(files);
	lint_groups_free(&g);
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
