/* lint.c: `dodont lint`: checks that the analyzers are there, runs them in
 * parallel over the files (lint_plan.c, lint_pool.c), reads their logs
 * (lint_parse.c), and hands back one finding per rule and line, in file and
 * line order. */
#include "lint.h"
#include "lint_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The analyzers, and the Debian package that brings each. */
static const struct {
	const char *prog, *package;
} analyzers[] = {
	{ "clang-tidy", "clang-tidy" },
	{ "spatch", "coccinelle" },
	{ "cppcheck", "cppcheck" },
};

static const char *package_of(const char *prog)
{
	for (size_t i = 0; i < sizeof analyzers / sizeof analyzers[0]; i++)
		if (strcmp(prog, analyzers[i].prog) == 0)
			return analyzers[i].package;
	return prog;
}

static int check_analyzers(void)
{
	for (size_t i = 0; i < sizeof analyzers / sizeof analyzers[0]; i++) {
		if (!find_command(analyzers[i].prog)) {
			(void)fprintf(stderr, "dodont: %s not found: apt-get install %s\n",
				      analyzers[i].prog, analyzers[i].package);
			return -1;
		}
	}
	return 0;
}

static int check_rules(const char *checks_dir)
{
	static const char *const needed[] = { "clang-tidy.yaml", "cocci-macros.h", "locks.cocci" };
	for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) {
		char *path = xasprintf("%s/%s", checks_dir, needed[i]);
		int ok = access(path, R_OK) == 0;
		if (!ok) {
			(void)fprintf(stderr, "dodont: %s/%s not found: run dodont from the project root (it reads checks/lint)\n",
				      checks_dir, needed[i]);
			free(path);
			return -1;
		}
		free(path);
	}
	return 0;
}

/* The first non-empty line of a log, for a one-line error message. */
static void first_line(const char *path, char *buf, size_t len)
{
	buf[0] = '\0';
	FILE *fp = fopen(path, "r");
	if (!fp)
		return;
	while (fgets(buf, (int)len, fp)) {
		buf[strcspn(buf, "\n")] = '\0';
		if (buf[0])
			break;
	}
	if (fclose(fp) != 0)
		buf[0] = '\0';
}

/* Reports a job that did not run or failed; returns -1 then. */
static int check_job(const struct lint_job *job)
{
	char msg[512];
	if (job->error == ENOENT) {
		(void)fprintf(stderr, "dodont: %s not found: apt-get install %s\n", job->tool,
			      package_of(job->tool));
		return -1;
	}
	if (job->error) {
		(void)fprintf(stderr, "dodont: could not run %s: %s\n", job->tool,
			      errstr(job->error, msg, sizeof msg));
		return -1;
	}
	if (WIFEXITED(job->status) && WEXITSTATUS(job->status) == 0)
		return 0;
	first_line(job->err, msg, sizeof msg);
	(void)fprintf(stderr, "dodont: %s failed: %s (log: %s)\n", job->tool,
		      msg[0] ? msg : "no message", job->err);
	return -1;
}

static int parse_logs(const struct lint_plan *plan, const struct lint_inputs *in,
		      struct finding_list *all)
{
	char errbuf[1024] = "";
	/* clang-tidy first: a file that does not compile is bad input */
	for (size_t i = 0; i < plan->n; i++) {
		const struct lint_job *job = &plan->jobs[i];
		if (strcmp(job->tool, "clang-tidy") != 0)
			continue;
		if (job->error)
			return check_job(job);
		int rc = lint_parse_tidy(job->out, in, all, errbuf, sizeof errbuf);
		if (rc < 0) {
			(void)fprintf(stderr, "dodont: cannot read %s\n", job->out);
			return -1;
		}
		if (rc > 0) {
			(void)fprintf(stderr, "dodont: %s (not C, or it does not compile)\n", errbuf);
			return -1;
		}
		if (check_job(job) != 0)
			return -1;
	}
	for (size_t i = 0; i < plan->n; i++) {
		const struct lint_job *job = &plan->jobs[i];
		int rc;
		if (strcmp(job->tool, "spatch") == 0) {
			if (check_job(job) != 0)
				return -1;
			rc = lint_parse_spatch(job->out, "checks/lint", in, all);
		} else if (strcmp(job->tool, "cppcheck") == 0) {
			if (check_job(job) != 0)
				return -1;
			rc = lint_parse_cppcheck(job->err, in, all);
		} else {
			continue;
		}
		if (rc != 0) {
			(void)fprintf(stderr, "dodont: cannot read the log of %s in %s\n", job->tool,
				      job->out);
			return -1;
		}
	}
	return 0;
}

/* ----------------------------------------------- order and de-duplicate */

struct ranked {
	const struct finding *f;
	long file;	/* index of the input, or n for other files (headers) */
};

static int by_place(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	const struct location *lx = &x->f->locs[0], *ly = &y->f->locs[0];
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	int c = strcmp(lx->file, ly->file);
	if (c)
		return c;
	if (lx->line != ly->line)
		return lx->line < ly->line ? -1 : 1;
	c = strcmp(x->f->kind, y->f->kind);
	if (c)
		return c;
	return lx->col < ly->col ? -1 : lx->col > ly->col;
}

/* Appends the findings of `all` to out, sorted, one per rule and line. */
static int merge(const struct finding_list *all, const struct lint_inputs *in,
		 struct finding_list *out)
{
	if (all->len == 0)
		return 0;
	struct ranked *r = calloc(all->len, sizeof *r);
	if (!r)
		return -1;
	size_t n = 0;
	for (size_t i = 0; i < all->len; i++) {
		if (all->items[i].nlocs == 0)
			continue;
		long k = lint_inputs_find(in, all->items[i].locs[0].file);
		r[n++] = (struct ranked){ &all->items[i], k < 0 ? (long)in->n : k };
	}
	qsort(r, n, sizeof *r, by_place);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct location *l = &r[i].f->locs[0];
		if (i > 0) {
			const struct location *p = &r[i - 1].f->locs[0];
			if (p->line == l->line && strcmp(p->file, l->file) == 0 &&
			    strcmp(r[i - 1].f->kind, r[i].f->kind) == 0)
				continue;
		}
		struct finding *f = finding_add(out, r[i].f->kind, r[i].f->message);
		if (!f || finding_add_loc(f, l->file, l->line, l->col) != 0)
			rc = -1;
	}
	free(r);
	return rc;
}

/* ----------------------------------------------------------------- run */

static int online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

int lint_run(const struct lint_request *req, struct finding_list *out)
{
	const char *const *files = req->files;
	size_t nfiles = req->nfiles;
	const char *checks_dir = req->checks_dir, *log_dir = req->log_dir;
	int jobs = req->jobs;
	if (nfiles == 0)
		return 0;
	int workers = jobs > 0 ? jobs : online_cpus();
	if (check_analyzers() != 0 || check_rules(checks_dir) != 0)
		return 2;
	struct lint_inputs in;
	if (lint_inputs_init(&in, files, nfiles) != 0) {
		lint_inputs_free(&in);
		return 2;
	}
	char ebuf[128];
	int rc = 2;
	struct lint_plan plan = { 0 };
	struct finding_list all = { 0 };
	if (make_dirs(log_dir) != 0) {
		(void)fprintf(stderr, "dodont: cannot create %s: %s\n", log_dir,
			      errstr(errno, ebuf, sizeof ebuf));
		goto out;
	}
	if (lint_plan_make(&plan, &in, checks_dir, log_dir, workers) != 0) {
		(void)fprintf(stderr, "dodont: cannot prepare the analyzers' logs in %s: %s\n",
			      log_dir, errstr(errno, ebuf, sizeof ebuf));
		goto out;
	}
	if (lint_pool_run(plan.jobs, plan.n, workers) != 0) {
		(void)fprintf(stderr, "dodont: cannot start the analyzer pool\n");
		goto out;
	}
	if (parse_logs(&plan, &in, &all) != 0)
		goto out;
	if (merge(&all, &in, out) != 0) {
		(void)fprintf(stderr, "dodont: out of memory\n");
		goto out;
	}
	rc = 0;
out:
	finding_list_free(&all);
	lint_plan_free(&plan);
	lint_inputs_free(&in);
	return rc;
}
