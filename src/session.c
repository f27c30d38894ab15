/* session.c: one invocation's twins, their builds and their tool runs. */
#include "session_int.h"

#include "cpu_budget.h"
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
	if (pthread_mutex_init(&s->mu.m, NULL) != 0 || pthread_cond_init(&s->progressed, NULL) != 0)
		internal_error("pthread_mutex_init of the session failed");
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

/* Every variant some tool of the twin needs, in the twin's build states. */
static void plan_builds(struct session *s)
{
	s->builds = xcalloc(s->ntwins * VARIANT_NONE + 1, sizeof *s->builds);
	for (size_t i = 0; i < s->ntwins; i++) {
		struct twin *w = &s->twins[i];
		for (int t = 0; t < TOOL_COUNT; t++) {
			enum variant v = tool_info(t)->variant;
			if (twin_uses(s, w, t) && v != VARIANT_NONE &&
			    !program_skip_reason(&w->prog, t) && w->build[v] == BUILD_NOT_NEEDED) {
				w->build[v] = BUILD_PENDING;
				s->builds[s->nbuilds++] = (struct build_job){ .session = s, .twin = w,
									     .variant = v };
				s->builds_pending++;
			}
		}
	}
}

/* After the pool: a build that failed, or a run that could not run, ends the
 * session with its one line (lint_run printed its own). */
static void stop_on_errors(struct session *s)
{
	for (size_t i = 0; i < s->nbuilds; i++) {
		const struct build_job *b = &s->builds[i];
		if (b->twin->build[b->variant] != BUILD_FAILED || !b->err[0])
			continue;
		if (b->env_error)
			fatal("%s", b->err);
		fatal("%s does not compile: %s", b->twin->prog.path, b->err);
	}
	if (s->lint_failed)
		fatal("lint could not run (see above)");
	for (size_t i = 0; i < s->njobs; i++)
		if (s->jobs[i].result.env_error)
			fatal("%s: %s", s->jobs[i].twin->prog.path, s->jobs[i].result.why);
}

size_t session_run(struct session *s)
{
	session_take_shard(s);
	session_preflight(s);
	cpu_budget_init(s->parallel);
	for (size_t i = 0; i < s->ntwins; i++)
		user_code_init(&s->twins[i].user, &s->twins[i].prog.sources);
	plan_builds(s);
	session_plan_jobs(s);
	pthread_t lint;
	if (pthread_create(&lint, NULL, session_lint_thread, s) != 0)
		fatal("cannot start the lint thread");
	/* more workers than CPUs: a job that waits (for its build, or in a
	 * program that sleeps or hangs) gives its CPU token back, and another
	 * starts in its place */
	int workers = 8 * s->parallel;
	struct pool *pool = pool_start(workers, 2 * workers);
	if (!pool)
		fatal("cannot start %d worker threads", workers);
	for (size_t i = 0; i < s->nbuilds; i++)
		pool_submit(pool, session_build_one, &s->builds[i]);
	for (size_t i = 0; i < s->njobs; i++)
		if (!s->jobs[i].skip)
			pool_submit(pool, session_run_one, &s->jobs[i]);
	pool_finish(pool);
	if (pthread_join(lint, NULL) != 0)
		internal_error("pthread_join of the lint thread failed");
	stop_on_errors(s);
	size_t failed = 0;
	for (size_t i = 0; i < s->njobs; i++)
		failed += !s->jobs[i].skip && !s->jobs[i].result.passed;
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
	free(s->builds);
	free(s->round_jobs);
	free(s->round_done);
	finding_list_free(&s->lint);
	free(s->lint_logs);
	free(s->shims);
	strv_free(&s->owned);
	paths_free(&s->paths);
	if (pthread_mutex_destroy(&s->mu.m) != 0 || pthread_cond_destroy(&s->progressed) != 0)
		internal_error("pthread_mutex_destroy of the session failed");
}
