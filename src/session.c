/* session.c: one invocation's twins, their builds and their tool runs. */
#include "session.h"

#include "build.h"
#include "kinds.h"
#include "lint.h"
#include "pool.h"
#include "util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void session_init(struct session *s, unsigned tools, int repeat, int parallel)
{
	*s = (struct session){ .tools = tools, .repeat = repeat, .parallel = parallel };
	paths_init(&s->paths);
	s->shims = xasprintf("%s/shims", s->paths.build);
	int rc = pthread_mutex_init(&s->mu, NULL);
	if (rc != 0)
		fatal("pthread_mutex_init failed");
}

/* Build and log folders: patterns/ and antipatterns/ keep their names; any
 * other file gets a folder named after its full path, so that two student
 * files called main.c never share a binary. */
static char *area_of(const struct session *s, const char *path)
{
	char real[PATH_MAX];
	if (!realpath(path, real))
		fatal("cannot resolve %s", path);
	char *dir = xstrdup(real);
	*strrchr(dir, '/') = '\0';
	for (const char *twin_dir = "patterns\0antipatterns\0"; *twin_dir;
	     twin_dir += strlen(twin_dir) + 1) {
		char *mine = xasprintf("%s/%s", s->paths.root, twin_dir);
		bool same = strcmp(mine, dir) == 0;
		free(mine);
		if (same) {
			free(dir);
			return xstrdup(twin_dir);
		}
	}
	for (char *c = dir; *c; c++)
		if (*c == '/')
			*c = '_';
	char *area = xasprintf("verify/%s", dir);
	free(dir);
	return area;
}

struct twin *session_add(struct session *s, const char *path, const char *label,
			 bool require_rule)
{
	s->twins = xrealloc(s->twins, (s->ntwins + 1) * sizeof *s->twins);
	struct twin *w = &s->twins[s->ntwins++];
	*w = (struct twin){ .label = label };
	char err[1024];
	if (program_load(path, require_rule, &w->prog, err, sizeof err) != 0)
		fatal("%s", err);
	char *area = area_of(s, path);
	w->bin_dir = xasprintf("%s/bin/%s", s->paths.build, area);
	w->log_dir = xasprintf("%s/logs/%s", s->paths.build, area);
	free(area);
	return w;
}

bool twin_uses(const struct session *s, const struct twin *w, enum tool t)
{
	if (!(s->tools & (1u << t)))
		return false;
	switch (tool_info(t)->when) {
	case RUNS_WITH_CAPS:
		return w->prog.cap_threads || w->prog.cap_fds;
	case RUNS_WITH_FAULTS:
		return w->prog.nfaults > 0;
	default:
		return true;
	}
}

/* Every tool the session will run must be there: say which package brings it. */
static void preflight(const struct session *s)
{
	unsigned used = 0;
	for (size_t i = 0; i < s->ntwins; i++)
		for (int t = 0; t < TOOL_COUNT; t++)
			if (twin_uses(s, &s->twins[i], t))
				used |= 1u << t;
	for (int t = 0; t < TOOL_COUNT; t++) {
		if (!(used & (1u << t)))
			continue;
		/* "cmd:package cmd:package ..." */
		char *needs = xstrdup(tool_info(t)->commands), *save;
		for (char *w = strtok_r(needs, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
			char *colon = strchr(w, ':');
			*colon = '\0';
			if (!find_command(w))
				fatal("%s not found: apt-get install %s (or run make deps)", w,
				      colon + 1);
		}
		free(needs);
	}
	for (int t = 0; t < TOOL_COUNT; t++) {
		if (!(used & (1u << t)) || !tool_info(t)->shim)
			continue;
		char *p = xasprintf("%s/%s", s->shims, tool_info(t)->shim);
		if (access(p, R_OK) != 0)
			fatal("%s is missing: run make", p);
		free(p);
	}
	/* TSan before LLVM 18 cannot map its shadow with more ASLR bits. */
	char *bits = read_file("/proc/sys/vm/mmap_rnd_bits", NULL);
	if (bits && (used & (1u << TOOL_TSAN)) && atoi(bits) > 28)
		fatal("vm.mmap_rnd_bits is %d: ThreadSanitizer from clang 14 needs at "
		      "most 28 (sysctl vm.mmap_rnd_bits=28)", atoi(bits));
	free(bits);
}

struct build_job {
	struct twin *twin;
	enum variant variant;
	char err[1024];
};

static void build_one(void *arg)
{
	struct build_job *b = arg;
	b->err[0] = '\0';
	const struct program *p = &b->twin->prog;
	struct build_request req = { .sources = &p->sources, .flags = &p->cflags,
				     .catalogue = p->rule != NULL, .variant = b->variant,
				     .out_dir = b->twin->bin_dir };
	b->twin->bins[b->variant] = build_program(&req, b->err, sizeof b->err);
}

static void build_all(struct session *s, struct pool *pool)
{
	struct build_job *builds = xcalloc(s->ntwins * VARIANT_NONE, sizeof *builds);
	size_t n = 0;
	for (size_t i = 0; i < s->ntwins; i++) {
		bool need[VARIANT_NONE] = { false };
		for (int t = 0; t < TOOL_COUNT; t++)
			if (twin_uses(s, &s->twins[i], t) && tool_info(t)->variant != VARIANT_NONE &&
			    !program_skip_reason(&s->twins[i].prog, t))
				need[tool_info(t)->variant] = true;
		for (int v = 0; v < VARIANT_NONE; v++)
			if (need[v]) {
				builds[n] = (struct build_job){ &s->twins[i], v, "" };
				pool_submit(pool, build_one, &builds[n++]);
			}
	}
	pool_finish(pool);
	for (size_t i = 0; i < n; i++)
		if (!builds[i].twin->bins[builds[i].variant])
			fatal("%s does not compile: %s", builds[i].twin->prog.path,
			      builds[i].err);
	free(builds);
}

/* A finding of a kind that weighs as an error: what --repeat waits for. */
static bool reports_a_bug(const struct finding_list *l)
{
	for (size_t i = 0; i < l->len; i++) {
		const struct kind *k = kind_find(l->items[i].kind);
		if (k && k->severity == SEVERITY_ERROR && l->items[i].severity == SEVERITY_ERROR)
			return true;
	}
	return false;
}

static void run_one(void *arg)
{
	struct job *j = arg;
	struct session *s = j->session;
	struct twin *w = j->twin;
	enum variant v = tool_info(j->tool)->variant;
	struct run_setup setup = { .shims = s->shims, .logs = w->log_dir,
				   .tsan_suppressions = s->tsan_suppressions,
				   .valgrind_suppressions = s->valgrind_suppressions };
	if (s->stop_at_first_report && j->rep > 1) {
		if (pthread_mutex_lock(&s->mu) != 0)
			fatal("pthread_mutex_lock failed");
		bool enough = s->reported;
		if (pthread_mutex_unlock(&s->mu) != 0)
			fatal("pthread_mutex_unlock failed");
		if (enough) {
			j->skip = "not run: an earlier run already reported";
			return;
		}
	}
	if (j->tool == TOOL_LINT)
		run_lint(&w->prog, &s->lint, s->lint_logs, &j->result);
	else
		run_tool(&w->prog, &w->user, v == VARIANT_NONE ? NULL : w->bins[v], j->tool,
			 j->rep, &setup, &j->result);
	if (pthread_mutex_lock(&s->mu) != 0)
		fatal("pthread_mutex_lock failed");
	s->reported |= j->tool != TOOL_LINT && reports_a_bug(&j->result.findings);
	size_t done = ++s->done;
	if (s->progress)
		fprintf(stderr, "[%zu/%zu] %s %s %s: %s\n", done, s->njobs,
			w->prog.entry, w->label, tool_info(j->tool)->name,
			j->result.passed ? "ok" : "FAILED");
	if (pthread_mutex_unlock(&s->mu) != 0)
		fatal("pthread_mutex_unlock failed");
}

/* Lints every source of every twin at once: each analyzer starts once for
 * all the files. A source shared by two programs is linted once. */
static void lint_all(struct session *s)
{
	size_t cap = 0;
	for (size_t i = 0; i < s->ntwins; i++)
		cap += s->twins[i].prog.sources.n;
	const char **files = xcalloc(cap, sizeof *files);
	struct strv *flags = xcalloc(cap, sizeof *flags);
	size_t n = 0;
	for (size_t i = 0; i < s->ntwins; i++) {
		const struct program *p = &s->twins[i].prog;
		if (!twin_uses(s, &s->twins[i], TOOL_LINT) || program_skip_reason(p, TOOL_LINT))
			continue;
		for (size_t k = 0; k < p->sources.n; k++) {
			bool seen = false;
			for (size_t j = 0; j < n && !seen; j++)
				seen = strcmp(files[j], p->sources.v[k]) == 0;
			if (seen)
				continue;
			files[n] = p->sources.v[k];
			for (size_t f = 0; f < p->cflags.n; f++)
				strv_push(&flags[n], p->cflags.v[f]);
			n++;
		}
	}
	char *checks = xasprintf("%s/checks/lint", s->paths.root);
	/* per process: two dodont runs at once must not share analyzer logs */
	s->lint_logs = xasprintf("%s/logs/lint/%d", s->paths.build, (int)getpid());
	struct lint_request req = { .files = files, .nfiles = n, .flags = flags,
				    .checks_dir = checks, .log_dir = s->lint_logs,
				    .jobs = s->parallel };
	if (n && lint_run(&req, &s->lint) != 0)
		_Exit(EXIT_USAGE);	/* lint_run said why, in one line */
	for (size_t i = 0; i < n; i++)
		strv_free(&flags[i]);
	free(flags);
	free(checks);
	free(files);
}

static void add_job(struct session *s, struct twin *w, enum tool t, int rep, const char *skip)
{
	s->jobs = xrealloc(s->jobs, (s->njobs + 1) * sizeof *s->jobs);
	s->jobs[s->njobs++] = (struct job){ .session = s, .twin = w, .tool = t,
					    .rep = rep, .skip = skip };
}

/* Every (twin, tool, run). The runs of one twin and tool are consecutive
 * (the reports fold them into one test point), except when the session
 * stops at the first run that reports: then the first runs of every tool
 * come first, then the second runs, and so on. */
static void plan_jobs(struct session *s)
{
	int rounds = s->stop_at_first_report ? s->repeat : 1;
	for (int round = 1; round <= rounds; round++)
		for (size_t i = 0; i < s->ntwins; i++)
			for (int t = 0; t < TOOL_COUNT; t++) {
				struct twin *w = &s->twins[i];
				if (!twin_uses(s, w, t))
					continue;
				const char *skip = program_skip_reason(&w->prog, t);
				/* static analysis gives the same answer every time */
				int reps = skip || t == TOOL_LINT ? 1 : s->repeat;
				if (s->stop_at_first_report && round <= reps)
					add_job(s, w, t, round, skip);
				for (int r = 1; r <= reps && !s->stop_at_first_report; r++)
					add_job(s, w, t, r, skip);
			}
}

size_t session_run(struct session *s)
{
	preflight(s);
	for (size_t i = 0; i < s->ntwins; i++)
		user_code_init(&s->twins[i].user, &s->twins[i].prog.sources);
	struct pool *pool = pool_start(s->parallel, 2 * s->parallel);
	if (!pool)
		fatal("cannot start %d worker threads", s->parallel);
	build_all(s, pool);
	lint_all(s);

	plan_jobs(s);
	pool = pool_start(s->parallel, 2 * s->parallel);
	if (!pool)
		fatal("cannot start %d worker threads", s->parallel);
	size_t failed = 0;
	for (size_t i = 0; i < s->njobs; i++)
		if (!s->jobs[i].skip)
			pool_submit(pool, run_one, &s->jobs[i]);
	pool_finish(pool);
	for (size_t i = 0; i < s->njobs; i++) {
		if (s->jobs[i].result.env_error)
			fatal("%s: %s", s->jobs[i].twin->prog.path, s->jobs[i].result.why);
		failed += !s->jobs[i].skip && !s->jobs[i].result.passed;
	}
	return failed;
}

void session_free(struct session *s)
{
	for (size_t i = 0; i < s->njobs; i++)
		run_result_free(&s->jobs[i].result);
	for (size_t i = 0; i < s->ntwins; i++) {
		struct twin *w = &s->twins[i];
		program_free(&w->prog);
		user_code_free(&w->user);
		for (int v = 0; v < VARIANT_NONE; v++)
			free(w->bins[v]);
		free(w->bin_dir);
		free(w->log_dir);
	}
	free(s->twins);
	free(s->jobs);
	finding_list_free(&s->lint);
	free(s->lint_logs);
	free(s->shims);
	strv_free(&s->owned);
	paths_free(&s->paths);
	if (pthread_mutex_destroy(&s->mu) != 0)
		fatal("pthread_mutex_destroy failed");
}
