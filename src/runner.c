/* runner.c: run one program under one tool (see runner.h). */
#include "runner.h"

#include "exec.h"
#include "gate_locks.h"
#include "judge.h"
#include "toollog.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static double timeout_for(const struct program *p, enum tool t)
{
	return p->timeout * tool_info(t)->timeout_factor;
}

static struct finding *add(struct finding_list *l, const char *kind, const char *msg)
{
	struct finding *f = finding_add(l, kind, msg);
	if (!f)
		fatal("out of memory");
	return f;
}

/* The shims' own lines: "[dodont-caps] ...", "[dodont-faults] ...". */
static void shim_lines(const char *log, struct finding_list *l, char **note,
		       bool *fault_fired)
{
	for (const char *s = log; (s = strstr(s, "[dodont-")); s++) {
		int n = (int)strcspn(s, "\n");
		char *line = xasprintf("%.*s", n, s);
		if (strstr(line, " exceeded")) {
			add(l, "cap-exceeded", line);
		} else if (strstr(line, "peak ")) {
			free(*note);
			*note = xstrdup(strchr(line, ']') + 2);
		} else if (strstr(line, "zombie")) {
			add(l, "leftover-process", line);
		} else if (strstr(line, "injected")) {
			*fault_fired = true;
		}
		free(line);
	}
}

static bool has_kind(const struct finding_list *l, const char *kind)
{
	for (size_t i = 0; i < l->len; i++)
		if (strcmp(l->items[i].kind, kind) == 0)
			return true;
	return false;
}

/* The tool's own reports; a tool that counts more than dodont read has said
 * something dodont cannot classify: that is never dropped in silence. */
static void tool_reports(enum tool t, const char *log, const struct user_code *u,
			 bool timed_out, struct finding_list *l)
{
	const struct tool_info *tool = tool_info(t);
	if (!tool->read_log)
		return;
	tool->read_log(log, u, l);
	size_t counted = 0;	/* neither tool counts fds, crashes or its own death */
	for (size_t i = 0; i < l->len; i++)
		counted += strcmp(l->items[i].kind, "fd-leak") != 0 &&
			   strcmp(l->items[i].kind, "crash") != 0 &&
			   strcmp(l->items[i].kind, "tool-error") != 0;
	int said = tool->count ? tool->count(log) : -1;
	if (!timed_out && said > (int)counted) {
		char *msg = xasprintf("%s counted %d report(s), dodont read %zu: see the log",
				      tool->name, said, counted);
		add(l, "unrecognised-report", msg);
		free(msg);
	}
}

static void hang(const struct program *p, const struct user_code *u, enum tool t,
		 const char *bt_path, const struct exec_result *x, struct finding_list *l)
{
	char *msg = x->hung ? xasprintf("every thread blocked for good (no timeout, nothing "
					"left to wake one) for %.1f s: killed by the watchdog",
					x->blocked_seconds)
			    : xasprintf("still running%s after %.0f s: killed by the watchdog",
					x->busy ? ", and using CPU," : "", timeout_for(p, t));
	struct finding *f = add(l, "hang", msg);
	free(msg);
	if (x->busy && !x->hung)
		f->traits |= TRAIT_STILL_BUSY;
	char *bt = bt_path ? read_file(bt_path, NULL) : NULL;
	if (bt)
		toollog_gdb(bt, u, f);
	free(bt);
}

/* How the program ended: killed, crashed, a fault that was or was not
 * handled, or a non-zero exit no report explains. */
static void ending(const struct program *p, const struct user_code *u, enum tool t,
		   const struct exec_result *x, const char *bt_path, bool fault_fired,
		   size_t reports, struct run_result *r)
{
	struct finding_list *l = &r->findings;
	r->exit_status = !x->timed_out && WIFEXITED(x->status) ? WEXITSTATUS(x->status) : -1;
	if (x->timed_out) {
		hang(p, u, t, bt_path, x, l);
	} else if (WIFSIGNALED(x->status) && WTERMSIG(x->status) == SIGXFSZ) {
		char *msg = xasprintf("the program wrote more than %ld MiB: stopped there, its "
				      "log is cut", EXEC_LOG_LIMIT >> 20);
		add(l, "output-limit", msg);
		free(msg);
	} else if (WIFSIGNALED(x->status)) {
		char *msg = xasprintf("killed by signal %d (%s)", WTERMSIG(x->status),
				      sigdescr_np(WTERMSIG(x->status)));
		add(l, "crash", msg);
		free(msg);
	} else if (t == TOOL_FAULTS) {
		if (!fault_fired)
			add(l, "tool-error", "the injected fault was never reached: "
			    "fix the header's fault line");
		else if (WEXITSTATUS(x->status) == 0)
			add(l, "fault-ignored", "a call failed as injected, and the "
			    "program still exited 0");
	} else if (WEXITSTATUS(x->status) != 0 && reports == 0 &&
		   !has_kind(l, "self-check") && !has_kind(l, "cap-exceeded")) {
		char *msg = xasprintf("the program exited with status %d",
				      WEXITSTATUS(x->status));
		add(l, "self-check", msg)->severity = SEVERITY_WARNING;
		free(msg);
	}
	if (x->leftovers > 0) {
		char *msg = xasprintf("%d process(es) of its group still running after "
				      "it exited", x->leftovers);
		add(l, "leftover-process", msg);
		free(msg);
	}
}

/* Reads what one run left: the log, the exit status, the backtraces. */
static void interpret(const struct program *p, const struct user_code *u, enum tool t,
		      const char *log, const char *log_path, const char *bt_path,
		      const char *supp, const struct exec_result *x, struct run_result *r)
{
	struct finding_list *l = &r->findings;
	bool fault_fired = false;
	tool_reports(t, log, u, x->timed_out, l);
	size_t reports = l->len;
	int suppressed = toollog_suppressed(log, supp);
	r->suppressed = suppressed > INT_MAX - r->suppressed ? INT_MAX : r->suppressed + suppressed;
	shim_lines(log, l, &r->note, &fault_fired);
	if (t != TOOL_FAULTS)
		toollog_selfcheck(log, u, l);
	ending(p, u, t, x, bt_path, fault_fired, reports, r);
	/* the lock-set recorder writes beside the log, where the program
	 * cannot write: what it saw cannot be forged by the program's output */
	char *locks_path = xasprintf("%s.locks", log_path);
	char *locks = t == TOOL_WATCHDOG ? read_file(locks_path, NULL) : NULL;
	if (locks && *locks) {
		char *work = xasprintf("%s.sites", log_path);
		gate_locks_read(locks, work, u, &r->facts);
		free(work);
	}
	free(locks);
	free(locks_path);
}

static const char *suppressions_for(enum tool t, const struct run_setup *setup)
{
	switch (tool_info(t)->suppressions) {
	case SUPPRESSIONS_TSAN:
		return setup->tsan_suppressions;
	case SUPPRESSIONS_VALGRIND:
		return setup->valgrind_suppressions;
	default:
		return NULL;
	}
}

static void run_once(const struct program *p, const struct user_code *u, const char *bin,
		     enum tool t, const char *fault, const char *log_path,
		     const struct run_setup *setup, struct run_result *r)
{
	const struct tool_info *tool = tool_info(t);
	struct run_context c = { .program = p, .bin = bin, .fault = fault,
				 .shims = setup->shims, .log_path = log_path,
				 .suppressions = suppressions_for(t, setup) };
	struct strv argv = { 0 }, env = { 0 };
	strv_push(&env, CHILD_PATH);
	strv_push(&env, "LC_ALL=C");
	tool->command(&c, &argv, &env);
	char *bt_path = tool->backtraces ? xasprintf("%s.bt", log_path) : NULL;
	struct exec_result x;
	char err[512];
	struct exec_request req = {
		.argv = argv.v, .envp = env.v, .out_path = log_path,
		.timeout = timeout_for(p, t), .bt_path = bt_path, .watch_hangs = true,
		.sanitizer = tool->variant == VARIANT_TSAN || tool->variant == VARIANT_ASAN };
	if (exec_watch(&req, &x, err, sizeof err) != 0) {
		r->env_error = true;
		free(r->why);
		r->why = xstrdup(err);
	} else {
		r->seconds += x.seconds;
		char eb[128];
		char *log = read_file(log_path, NULL);
		if (log) {
			interpret(p, u, t, log, log_path, bt_path, c.suppressions, &x, r);
		} else {
			r->env_error = true;
			free(r->why);
			r->why = xasprintf("cannot read %s: %s", log_path,
					   errstr(errno, eb, sizeof eb));
		}
		free(log);
	}
	free(bt_path);
	strv_free(&argv);
	strv_free(&env);
}

void run_tool(const struct program *p, const struct user_code *u, const char *bin,
	      enum tool t, int rep, const struct run_setup *setup, struct run_result *r)
{
	*r = (struct run_result){ .exit_status = -1, .started = now_seconds() };
	char eb[128];
	if (make_dirs(setup->logs) != 0) {
		r->env_error = true;
		r->why = xasprintf("cannot create %s: %s", setup->logs,
				   errstr(errno, eb, sizeof eb));
		return;
	}
	r->log_path = xasprintf("%s/%s.%s.%d.log", setup->logs, p->entry,
				tool_info(t)->name, rep);
	if (t == TOOL_FAULTS) {
		/* one run per scenario; every scenario must be handled */
		char *base = r->log_path;
		for (size_t i = 0; i < p->nfaults && !r->env_error; i++) {
			char *path = xasprintf("%s.%zu", base, i + 1);
			run_once(p, u, bin, t, p->faults[i].spec, path, setup, r);
			if (i == 0)
				r->log_path = path;	/* the first scenario's log */
			else
				free(path);
		}
		free(base);
	} else {
		run_once(p, u, bin, t, NULL, r->log_path, setup, r);
	}
	if (!r->env_error)
		judge(p, t, r);
	r->ended = now_seconds();
}

void run_lint(const struct program *p, const struct finding_list *all,
	      const char *log_dir, struct run_result *r)
{
	*r = (struct run_result){ .log_path = xstrdup(log_dir), .exit_status = -1 };
	for (size_t i = 0; i < all->len; i++) {
		const struct finding *f = &all->items[i];
		bool mine = false;
		for (size_t k = 0; k < p->sources.n && f->nlocs && !mine; k++)
			mine = strcmp(f->locs[0].file, p->sources.v[k]) == 0;
		if (!mine)
			continue;
		struct finding *copy = add(&r->findings, f->kind, f->message);
		copy->severity = f->severity;
		copy->traits = f->traits;
		for (size_t k = 0; k < f->nlocs; k++)
			if (finding_add_place(copy, f->locs[k].file, f->locs[k].line,
					      f->locs[k].col, f->locs[k].role) != 0)
				fatal("out of memory");
	}
	judge(p, TOOL_LINT, r);
}

void run_result_free(struct run_result *r)
{
	finding_list_free(&r->findings);
	finding_list_free(&r->facts);
	free(r->why);
	free(r->note);
	free(r->log_path);
	*r = (struct run_result){ 0 };
}
