/* session_jobs.c: the work of a session's pool: builds, runs, and the lint
 * pass beside them (see session_int.h). */
#include "session_int.h"

#include "build.h"
#include "kinds.h"
#include "lint.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void wake_waiters(struct session *s) REQUIRES(s->mu)
{
	if (pthread_cond_broadcast(&s->progressed) != 0)
		internal_error("pthread_cond_broadcast on the session failed");
}

void session_build_one(void *arg)
{
	struct build_job *b = arg;
	struct session *s = b->session;
	b->err[0] = '\0';
	const struct program *p = &b->twin->prog;
	struct build_request req = { .sources = &p->sources, .flags = &p->cflags,
				     .catalogue = p->rule != NULL, .variant = b->variant,
				     .out_dir = b->twin->bin_dir };
	tsa_mutex_lock(&s->mu);
	bool stop = s->stopping;
	tsa_mutex_unlock(&s->mu);
	char *bin = stop ? NULL : build_program(&req, &b->env_error, b->err, sizeof b->err);
	tsa_mutex_lock(&s->mu);
	b->twin->bins[b->variant] = bin;
	b->twin->build[b->variant] = bin ? BUILD_READY : BUILD_FAILED;
	s->builds_pending--;
	if (!bin)
		s->stopping = true;	/* the session ends in an error: start nothing new */
	wake_waiters(s);
	tsa_mutex_unlock(&s->mu);
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

/* A run ended (or will not run): its round may be complete. */
static void end_of_run(struct session *s, const struct job *j) REQUIRES(s->mu)
{
	if (!s->stop_at_first_report)
		return;
	s->round_done[j->rep]++;
	wake_waiters(s);
}

/* Waits until what the job needs is there: its variant's build, or the lint
 * pass. False when it never will be (a build failed, lint could not run). */
static bool ready(struct session *s, struct job *j)
{
	enum variant v = tool_info(j->tool)->variant;
	bool ok;
	tsa_mutex_lock(&s->mu);
	for (;;) {
		if (s->stopping) {
			ok = false;
			break;
		}
		/* verify --repeat: a round starts once the one before has ended,
		 * so that a report in it stops the rounds after */
		bool round_open = !s->stop_at_first_report || j->rep == 1 ||
				  s->round_done[j->rep - 1] == s->round_jobs[j->rep - 1];
		if (round_open &&
		    (v == VARIANT_NONE ? s->lint_done : j->twin->build[v] != BUILD_PENDING)) {
			ok = v == VARIANT_NONE ? !s->lint_failed : j->twin->build[v] == BUILD_READY;
			break;
		}
		if (pthread_cond_wait(&s->progressed, tsa_mutex_native(&s->mu)) != 0)
			internal_error("pthread_cond_wait on the session failed");
	}
	bool enough = s->stop_at_first_report && j->rep > 1 && s->reported;
	tsa_mutex_unlock(&s->mu);
	if (enough)
		j->skip = "not run: an earlier run already reported";
	return ok && !enough;
}

void session_run_one(void *arg)
{
	struct job *j = arg;
	struct session *s = j->session;
	struct twin *w = j->twin;
	enum variant v = tool_info(j->tool)->variant;
	struct run_setup setup = { .shims = s->shims, .logs = w->log_dir,
				   .tsan_suppressions = s->tsan_suppressions,
				   .valgrind_suppressions = s->valgrind_suppressions };
	if (!ready(s, j)) {
		if (!j->skip)
			j->skip = "not run: the session stopped";
		tsa_mutex_lock(&s->mu);
		end_of_run(s, j);
		tsa_mutex_unlock(&s->mu);
		return;
	}
	if (j->tool == TOOL_LINT)
		run_lint(&w->prog, &s->lint, s->lint_logs, &j->result);
	else
		run_tool(&w->prog, &w->user, w->bins[v], j->tool, j->rep, &setup, &j->result);
	tsa_mutex_lock(&s->mu);
	s->reported |= j->tool != TOOL_LINT && reports_a_bug(&j->result.findings);
	end_of_run(s, j);
	size_t done = ++s->done;
	if (s->progress)
		fprintf(stderr, "[%zu/%zu] %s %s %s: %s\n", done, s->njobs,
			w->prog.entry, w->label, tool_info(j->tool)->name,
			j->result.passed ? "ok" : "FAILED");
	tsa_mutex_unlock(&s->mu);
}

/* Lints every source of every twin at once: each analyzer starts once for
 * all the files. A source shared by two programs is linted once. */
static int lint_all(struct session *s)
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
	int rc = n ? lint_run(&req, &s->lint) : 0;	/* on failure it said why */
	for (size_t i = 0; i < n; i++)
		strv_free(&flags[i]);
	free(flags);
	free(checks);
	free(files);
	return rc;
}

/* Lint starts once every build has succeeded: a program that does not
 * compile is said once, by its build, not again by the analyzers. */
void *session_lint_thread(void *arg)
{
	struct session *s = arg;
	tsa_mutex_lock(&s->mu);
	while (s->builds_pending > 0 && !s->stopping)
		if (pthread_cond_wait(&s->progressed, tsa_mutex_native(&s->mu)) != 0)
			internal_error("pthread_cond_wait on the session failed");
	bool stop = s->stopping;
	tsa_mutex_unlock(&s->mu);
	int rc = stop ? 0 : lint_all(s);
	tsa_mutex_lock(&s->mu);
	s->lint_done = true;
	s->lint_failed = rc != 0;
	if (rc != 0)
		s->stopping = true;	/* lint_run said why: the session ends in exit 2 */
	wake_waiters(s);
	tsa_mutex_unlock(&s->mu);
	return NULL;
}
