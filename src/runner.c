/* runner.c: run one twin under one tool, and judge the result. */
#include "runner.h"

#include "exec.h"
#include "parse.h"
#include "util.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

/* Valgrind's exit status when it found errors: one no program here uses. */
#define VALGRIND_ERROR_EXIT "--error-exitcode=86"

/* Every option is spelled out so that nothing inherited can silence a check
 * (report_signal_unsafe=0 or detect_deadlocks=0 in a CI's environment would). */
static const char tsan_options[] =
	"TSAN_OPTIONS=halt_on_error=0 exitcode=66 report_bugs=1 "
	"report_thread_leaks=1 report_destroy_locked=1 report_mutex_bugs=1 "
	"report_signal_unsafe=1 report_atomic_races=1 detect_deadlocks=1 "
	"second_deadlock_stack=1 history_size=3 symbolize=1 log_path=stderr";
static const char asan_options[] =
	"ASAN_OPTIONS=detect_stack_use_after_return=1 detect_leaks=1 "
	"halt_on_error=1 abort_on_error=0 symbolize=1 log_path=stderr";

struct argv_builder {
	char *v[64];
	int n;
};

static void push(struct argv_builder *b, const char *s)
{
	if (b->n >= 62)
		fatal("too many arguments for one program");
	b->v[b->n++] = xstrdup(s);
	b->v[b->n] = NULL;
}

static void builder_free(struct argv_builder *b)
{
	for (int i = 0; i < b->n; i++)
		free(b->v[i]);
	b->n = 0;
}

static double timeout_for(const struct program *p, enum tool t)
{
	if (tool_info(t)->valgrind)
		return p->timeout * 4;
	return t == TOOL_TSAN || t == TOOL_ASAN ? p->timeout * 2 : p->timeout;
}

static void command_for(const struct program *p, const char *bin, enum tool t,
			const char *fault, const struct run_paths *paths,
			struct argv_builder *argv, struct argv_builder *env)
{
	push(env, "PATH=/usr/local/bin:/usr/bin:/bin");
	push(env, "LC_ALL=C");
	switch (t) {
	case TOOL_TSAN:
		push(env, tsan_options);
		break;
	case TOOL_ASAN:
		push(env, asan_options);
		break;
	case TOOL_HELGRIND:
		push(argv, "valgrind");
		push(argv, "--tool=helgrind");
		break;
	case TOOL_DRD: {
		push(argv, "valgrind");
		push(argv, "--tool=drd");
		push(argv, "--check-stack-var=yes");
		char *th = xasprintf("--exclusive-threshold=%d", p->hold_ms);
		push(argv, th);
		free(th);
		break;
	}
	case TOOL_MEMCHECK:
		push(argv, "valgrind");
		push(argv, "--tool=memcheck");
		push(argv, "--leak-check=full");
		push(argv, "--show-leak-kinds=definite,possible");
		push(argv, "--errors-for-leak-kinds=definite,possible");
		push(argv, "--track-fds=yes");
		break;
	case TOOL_CAPS: {
		if (p->cap_fds) {
			char *lim = xasprintf("--nofile=%d:%d", p->cap_fds, p->cap_fds);
			push(argv, "prlimit");
			push(argv, lim);
			push(argv, "--");
			free(lim);
		}
		char *pre = xasprintf("LD_PRELOAD=%s/dodont-caps.so", paths->shims);
		push(env, pre);
		free(pre);
		if (p->cap_threads) {
			char *cap = xasprintf("DODONT_THREAD_CAP=%d", p->cap_threads);
			push(env, cap);
			free(cap);
		}
		break;
	}
	case TOOL_FAULTS: {
		char *pre = xasprintf("LD_PRELOAD=%s/dodont-faults.so", paths->shims);
		char *spec = xasprintf("DODONT_FAULT=%s", fault);
		push(env, pre);
		push(env, spec);
		free(pre);
		free(spec);
		break;
	}
	default:
		break;
	}
	if (tool_info(t)->valgrind) {
		push(argv, VALGRIND_ERROR_EXIT);
		/* Unoptimised translation keeps each access at its own line: with
		 * the default, DRD names a loop's `for` line for a load in its body. */
		push(argv, "--vex-iropt-level=0");
		push(argv, "--child-silent-after-fork=yes");
	}
	push(argv, bin);
	for (size_t i = 0; i < p->nargs; i++)
		push(argv, p->args[i]);
}

static void add(struct finding_list *l, const char *kind, const char *msg)
{
	if (!finding_add(l, kind, msg))
		fatal("out of memory");
}

/* The shims' own lines: "[dodont-caps] ...", "[dodont-faults] ...". */
static bool shim_lines(const char *log, struct finding_list *l, char **note,
		       bool *fault_fired)
{
	bool capped = false;
	for (const char *s = log; (s = strstr(s, "[dodont-")); s++) {
		int n = (int)strcspn(s, "\n");
		char *line = xasprintf("%.*s", n, s);
		if (strstr(line, " exceeded")) {
			add(l, "cap-exceeded", line);
			capped = true;
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
	return capped;
}

static bool has_kind(const struct finding_list *l, const char *kind)
{
	for (size_t i = 0; i < l->len; i++)
		if (strcmp(l->items[i].kind, kind) == 0)
			return true;
	return false;
}

/* Reads what one run left: the log, the exit status, the backtraces. */
static void interpret(const struct program *p, enum tool t, const char *log,
		      const char *bt_path, const struct exec_result *x,
		      struct run_result *r)
{
	struct finding_list *l = &r->findings;
	size_t tool_reports;
	bool fault_fired = false;
	switch (t) {
	case TOOL_TSAN:
		parse_tsan(log, p->path, l);
		if (!x->timed_out && tsan_reported_count(log) > (int)l->len)
			add(l, "unrecognised-report", "ThreadSanitizer counted more "
			    "reports than dodont read: see the log");
		break;
	case TOOL_ASAN:
		parse_asan(log, p->path, l);
		break;
	case TOOL_HELGRIND:
	case TOOL_DRD:
	case TOOL_MEMCHECK: {
		parse_valgrind(log, p->path, l);
		size_t counted = 0;	/* Valgrind does not count fd leaks */
		for (size_t i = 0; i < l->len; i++)
			counted += strcmp(l->items[i].kind, "fd-leak") != 0;
		int contexts = valgrind_error_contexts(log);
		if (!x->timed_out && contexts > (int)counted)
			add(l, "unrecognised-report", "Valgrind counted more error "
			    "contexts than dodont read: see the log");
		break;
	}
	default:
		break;
	}
	tool_reports = l->len;
	shim_lines(log, l, &r->note, &fault_fired);
	if (t != TOOL_FAULTS)
		parse_selfcheck(log, p->path, l);

	if (x->timed_out) {
		char *msg = xasprintf("still running after %.0f s: killed by the watchdog",
				      timeout_for(p, t));
		struct finding *f = finding_add(l, "hang", msg);
		free(msg);
		if (!f)
			fatal("out of memory");
		char *bt = bt_path ? read_file(bt_path, NULL) : NULL;
		if (bt)
			parse_gdb_backtrace(bt, p->path, f);
		free(bt);
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
	} else if (WEXITSTATUS(x->status) != 0 && tool_reports == 0 &&
		   !has_kind(l, "self-check") && !has_kind(l, "cap-exceeded")) {
		char *msg = xasprintf("the program exited with status %d",
				      WEXITSTATUS(x->status));
		add(l, "self-check", msg);
		free(msg);
	}
	if (x->leftovers > 0) {
		char *msg = xasprintf("%d process(es) of its group still running after "
				      "it exited", x->leftovers);
		add(l, "leftover-process", msg);
		free(msg);
	}
}

static void run_once(const struct program *p, const char *bin, enum tool t,
		     const char *fault, const char *log_path,
		     const struct run_paths *paths, struct run_result *r)
{
	struct argv_builder argv = { 0 }, env = { 0 };
	command_for(p, bin, t, fault, paths, &argv, &env);
	char *bt_path = tool_info(t)->valgrind ? NULL : xasprintf("%s.bt", log_path);
	struct exec_result x;
	char err[512];
	if (exec_run(argv.v, env.v, log_path, timeout_for(p, t), bt_path, &x,
		     err, sizeof err) != 0) {
		r->env_error = true;
		free(r->why);
		r->why = xstrdup(err);
	} else {
		r->seconds += x.seconds;
		char *log = read_file(log_path, NULL);
		if (!log)
			fatal("cannot read %s", log_path);
		interpret(p, t, log, bt_path, &x, r);
		free(log);
	}
	free(bt_path);
	builder_free(&argv);
	builder_free(&env);
}

void run_tool(const struct program *p, const char *bin, enum tool t, int rep,
	      const struct run_paths *paths, struct run_result *r)
{
	*r = (struct run_result){ 0 };
	if (make_dirs(paths->logs) != 0)
		fatal("cannot create %s", paths->logs);
	r->log_path = xasprintf("%s/%s.%s.%d.log", paths->logs, p->entry,
				tool_info(t)->name, rep);
	if (t == TOOL_FAULTS) {
		/* one run per scenario; every scenario must be handled */
		char *base = r->log_path;
		for (size_t i = 0; i < p->nfaults && !r->env_error; i++) {
			char *path = xasprintf("%s.%zu", base, i + 1);
			run_once(p, bin, t, p->faults[i].spec, path, paths, r);
			if (i == 0)
				r->log_path = path;	/* the first scenario's log */
			else
				free(path);
		}
		free(base);
	} else {
		run_once(p, bin, t, NULL, r->log_path, paths, r);
	}
	if (!r->env_error)
		judge(p, t, r);
}

void run_lint(const struct program *p, const struct finding_list *all,
	      const char *log_dir, struct run_result *r)
{
	*r = (struct run_result){ .log_path = xstrdup(log_dir) };
	for (size_t i = 0; i < all->len; i++) {
		const struct finding *f = &all->items[i];
		if (f->nlocs == 0 || strcmp(f->locs[0].file, p->path) != 0)
			continue;
		struct finding *mine = finding_add(&r->findings, f->kind, f->message);
		if (!mine)
			fatal("out of memory");
		for (size_t k = 0; k < f->nlocs; k++)
			if (finding_add_loc(mine, f->locs[k].file, f->locs[k].line,
					    f->locs[k].col) != 0)
				fatal("out of memory");
	}
	judge(p, TOOL_LINT, r);
}

void run_result_free(struct run_result *r)
{
	finding_list_free(&r->findings);
	free(r->why);
	free(r->note);
	free(r->log_path);
	*r = (struct run_result){ 0 };
}

static bool at_line(const struct finding *f, int line)
{
	for (size_t i = 0; i < f->nlocs; i++)
		if (f->locs[i].line == line)
			return true;
	return false;
}

static bool accounts_for(const struct expectation *e, const struct finding *f)
{
	if (strcmp(e->kind, f->kind) != 0)
		return false;
	if (e->ntags == 0)
		return true;
	for (size_t i = 0; i < e->ntags; i++)
		if (at_line(f, e->lines[i]))
			return true;
	return false;
}

/* A broken twin's own exit under a detector is not the detector's finding:
 * only what the tool itself reports is judged there. */
static bool tolerated(const struct program *p, enum tool t, const struct finding *f)
{
	bool detector = t != TOOL_WATCHDOG && t != TOOL_FAULTS && t != TOOL_LINT;
	return program_expects_findings(p) && detector &&
	       (strcmp(f->kind, "self-check") == 0 || strcmp(f->kind, "crash") == 0);
}

__attribute__((format(printf, 2, 3)))
static void appendf(char **s, const char *fmt, ...)
{
	va_list ap;
	char *piece;
	va_start(ap, fmt);
	int n = vasprintf(&piece, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatal("out of memory");
	char *joined = xasprintf("%s%s%s", *s ? *s : "", *s ? "; " : "", piece);
	free(piece);
	free(*s);
	*s = joined;
}

void judge(const struct program *p, enum tool t, struct run_result *r)
{
	const struct finding_list *l = &r->findings;
	char *fail = NULL;
	for (size_t i = 0; i < p->nexpects; i++) {
		const struct expectation *e = &p->expects[i];
		if (!(e->tools & (1u << t)))
			continue;
		if (e->ntags == 0) {
			bool seen = false;
			for (size_t k = 0; k < l->len; k++)
				seen |= strcmp(l->items[k].kind, e->kind) == 0;
			if (!seen)
				appendf(&fail, "expected %s, not reported", e->kind);
			continue;
		}
		for (size_t j = 0; j < e->ntags; j++) {
			bool seen = false;
			for (size_t k = 0; k < l->len; k++)
				seen |= strcmp(l->items[k].kind, e->kind) == 0 &&
					at_line(&l->items[k], e->lines[j]);
			if (!seen)
				appendf(&fail, "expected %s at @%s (line %d), not reported there",
				       e->kind, e->tags[j], e->lines[j]);
		}
	}
	for (size_t k = 0; k < l->len; k++) {
		const struct finding *f = &l->items[k];
		bool ok = tolerated(p, t, f);
		for (size_t i = 0; i < p->nexpects && !ok; i++)
			ok = (p->expects[i].tools & (1u << t)) && accounts_for(&p->expects[i], f);
		if (ok)
			continue;
		int line = f->nlocs ? f->locs[0].line : 0;
		if (line)
			appendf(&fail, "unexpected %s at line %d: %s", f->kind, line, f->message);
		else
			appendf(&fail, "unexpected %s: %s", f->kind, f->message);
	}
	r->passed = fail == NULL;
	free(r->why);
	r->why = fail ? fail : findings_summary(l);
}

char *findings_summary(const struct finding_list *l)
{
	if (l->len == 0)
		return xstrdup("clean");
	char *s = NULL;
	for (size_t i = 0; i < l->len; i++) {
		const struct finding *f = &l->items[i];
		/* one entry per kind and first line: Valgrind repeats itself */
		bool dup = false;
		for (size_t j = 0; j < i && !dup; j++)
			dup = strcmp(l->items[j].kind, f->kind) == 0 &&
			      (l->items[j].nlocs ? l->items[j].locs[0].line : 0) ==
				      (f->nlocs ? f->locs[0].line : 0);
		if (dup)
			continue;
		char *piece = f->nlocs ? xasprintf("%s at line %d", f->kind, f->locs[0].line)
				       : xstrdup(f->kind);
		char *joined = xasprintf("%s%s%s", s ? s : "", s ? ", " : "", piece);
		free(piece);
		free(s);
		s = joined;
	}
	return s;
}
