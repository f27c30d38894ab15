/* tools.c: the tool table (see tools.h) and each tool's command. */
#include "tools.h"

#include "program.h"
#include "toollog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void push_owned(struct strv *v, char *s)
{
	strv_push(v, s);
	free(s);
}

static void program_args(const struct run_context *c, struct strv *argv)
{
	strv_push(argv, c->bin);
	for (size_t i = 0; i < c->program->nargs; i++)
		strv_push(argv, c->program->args[i]);
}

static void tsan_command(const struct run_context *c, struct strv *argv, struct strv *env)
{
	if (c->suppressions)
		push_owned(env, xasprintf("%s suppressions=%s print_suppressions=1",
					  tsan_options, c->suppressions));
	else
		strv_push(env, tsan_options);
	program_args(c, argv);
}

static void asan_command(const struct run_context *c, struct strv *argv, struct strv *env)
{
	strv_push(env, asan_options);
	program_args(c, argv);
}

/* Valgrind's exit status when it found errors is one no program here uses.
 * Unoptimised translation keeps each access at its own line: with the
 * default, DRD names a loop's `for` line for a load in its body. Whole paths
 * in frames, so that a report maps to the user's file, not just its name. */
static void valgrind_command(const struct run_context *c, const char *tool,
			     struct strv *argv)
{
	strv_push(argv, "valgrind");
	push_owned(argv, xasprintf("--tool=%s", tool));
	strv_push(argv, "--error-exitcode=86");
	strv_push(argv, "--vex-iropt-level=0");
	strv_push(argv, "--child-silent-after-fork=yes");
	strv_push(argv, "--fullpath-after=");
	if (c->suppressions) {
		push_owned(argv, xasprintf("--suppressions=%s", c->suppressions));
		strv_push(argv, "-v");	/* lists the suppressions used */
	}
}

static void helgrind_command(const struct run_context *c, struct strv *argv, struct strv *env)
{
	(void)env;
	valgrind_command(c, "helgrind", argv);
	program_args(c, argv);
}

static void drd_command(const struct run_context *c, struct strv *argv, struct strv *env)
{
	(void)env;
	valgrind_command(c, "drd", argv);
	strv_push(argv, "--check-stack-var=yes");
	push_owned(argv, xasprintf("--exclusive-threshold=%d", c->program->hold_ms));
	program_args(c, argv);
}

static void memcheck_command(const struct run_context *c, struct strv *argv, struct strv *env)
{
	(void)env;
	valgrind_command(c, "memcheck", argv);
	strv_push(argv, "--leak-check=full");
	strv_push(argv, "--show-leak-kinds=definite,possible");
	strv_push(argv, "--errors-for-leak-kinds=definite,possible");
	strv_push(argv, "--track-fds=yes");
	program_args(c, argv);
}

/* The plain build, natively, with the lock-set recorder: its gated cycles
 * tell the verdict which lock-order reports cannot deadlock. */
static void watchdog_command(const struct run_context *c, struct strv *argv, struct strv *env)
{
	push_owned(env, xasprintf("LD_PRELOAD=%s/dodont-locks.so", c->shims));
	push_owned(env, xasprintf("DODONT_LOCKS_OUT=%s.locks", c->log_path));
	program_args(c, argv);
}

static void caps_command(const struct run_context *c, struct strv *argv, struct strv *env)
{
	const struct program *p = c->program;
	if (p->cap_fds) {
		strv_push(argv, "prlimit");
		push_owned(argv, xasprintf("--nofile=%d:%d", p->cap_fds, p->cap_fds));
		strv_push(argv, "--");
	}
	push_owned(env, xasprintf("LD_PRELOAD=%s/dodont-caps.so", c->shims));
	if (p->cap_threads)
		push_owned(env, xasprintf("DODONT_THREAD_CAP=%d", p->cap_threads));
	program_args(c, argv);
}

static void faults_command(const struct run_context *c, struct strv *argv, struct strv *env)
{
	push_owned(env, xasprintf("LD_PRELOAD=%s/dodont-faults.so", c->shims));
	push_owned(env, xasprintf("DODONT_FAULT=%s", c->fault));
	program_args(c, argv);
}

static const struct tool_info table[TOOL_COUNT] = {
	[TOOL_TSAN] = { "tsan", VARIANT_TSAN, RUNS_ALWAYS, 2, true, true, SUPPRESSIONS_TSAN,
			tsan_command, toollog_tsan, toollog_tsan_count,
			"clang:clang llvm-symbolizer:llvm gdb:gdb", NULL,
			"races, lock order, destroy/unlock misuse, signal-unsafe calls, thread leaks" },
	[TOOL_ASAN] = { "asan", VARIANT_ASAN, RUNS_ALWAYS, 2, true, true, SUPPRESSIONS_NONE,
			asan_command, toollog_asan, NULL,
			"clang:clang llvm-symbolizer:llvm gdb:gdb", NULL,
			"dead stack memory used by a thread, heap misuse, leaks" },
	[TOOL_HELGRIND] = { "helgrind", VARIANT_PLAIN, RUNS_ALWAYS, 4, true, false, SUPPRESSIONS_VALGRIND,
			    helgrind_command, toollog_valgrind, toollog_valgrind_count,
			    "gcc:gcc valgrind:valgrind", NULL,
			    "races, lock order, lock held at exit, cond/mutex mismatch" },
	[TOOL_DRD] = { "drd", VARIANT_PLAIN, RUNS_ALWAYS, 4, true, false, SUPPRESSIONS_VALGRIND,
		       drd_command, toollog_valgrind, toollog_valgrind_count,
		       "gcc:gcc valgrind:valgrind", NULL,
		       "races, locks held too long, lock held at exit" },
	[TOOL_MEMCHECK] = { "memcheck", VARIANT_PLAIN, RUNS_ALWAYS, 4, true, false, SUPPRESSIONS_VALGRIND,
			    memcheck_command, toollog_valgrind, toollog_valgrind_count,
			    "gcc:gcc valgrind:valgrind", NULL,
			    "leaked memory, leaked descriptors; a thread's lost TLS block: a thread never joined" },
	[TOOL_WATCHDOG] = { "watchdog", VARIANT_PLAIN, RUNS_ALWAYS, 1, false, true, SUPPRESSIONS_NONE,
			    watchdog_command, NULL, NULL, "gcc:gcc gdb:gdb addr2line:binutils",
			    "dodont-locks.so",
			    "hangs (where each thread is blocked), and the program's own self-checks" },
	[TOOL_CAPS] = { "caps", VARIANT_PLAIN, RUNS_WITH_CAPS, 1, false, true, SUPPRESSIONS_NONE,
			caps_command, NULL, NULL, "gcc:gcc gdb:gdb prlimit:util-linux",
			"dodont-caps.so",
			"thread and fd caps: unbounded thread or task creation" },
	[TOOL_FAULTS] = { "faults", VARIANT_PLAIN, RUNS_WITH_FAULTS, 1, false, true, SUPPRESSIONS_NONE,
			  faults_command, NULL, NULL, "gcc:gcc gdb:gdb", "dodont-faults.so",
			  "injected failures that are ignored" },
	[TOOL_LINT] = { "lint", VARIANT_NONE, RUNS_ALWAYS, 1, false, false, SUPPRESSIONS_NONE,
			NULL, NULL, NULL, "", NULL,
			"the static shape of each antipattern" },
};

const struct tool_info *tool_info(enum tool t)
{
	return &table[t];
}

int tool_by_name(const char *name)
{
	for (int t = 0; t < TOOL_COUNT; t++)
		if (strcmp(table[t].name, name) == 0)
			return t;
	return -1;
}

const char *const *fault_functions(size_t *n)
{
	static const char *const names[] = {
		"pthread_create", "malloc", "calloc", "write", "read", "open",
		"socket", "connect", "accept", "pipe", "fork", "kill-child",
	};
	*n = sizeof names / sizeof names[0];
	return names;
}

void tool_names(char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int t = 0; t < TOOL_COUNT && used < len; t++) {
		int n = snprintf(buf + used, len - used, "%s%s", t ? " " : "", table[t].name);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}
