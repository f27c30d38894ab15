/* dodont: run each do/don't pair under real detectors, and lint any C file.
 *
 *   dodont list
 *   dodont run ENTRY... [--tool T] [--repeat N] [-j N] [--json F] [--junit F]
 *   dodont demo [--tool T] [-j N] [--json F] [--junit F]
 *   dodont verify SRC.c... [--args A] [--timeout S] [--tool T] [-j N] [--json F]
 *   dodont lint FILE.c... [-j N] [--sarif F]
 *   dodont exercise NAME [DIR] | dodont exercise --check DIR/NAME.c [-j N]
 *   dodont diff NAME
 *
 * Exit status: 0 clean or every expectation met, 1 findings or unmet
 * expectations, 2 usage or environment error (one line says what to do). */
#include "catalog.h"
#include "catchers.h"
#include "compdb.h"
#include "exec.h"
#include "exercise.h"
#include "html_report.h"
#include "lesson_diff.h"
#include "lint.h"
#include "report.h"
#include "report_merge.h"
#include "session.h"
#include "util.h"
#include "verdict.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
	"usage: dodont list\n"
	"       dodont run ENTRY|FILE.c... [--tool T[,T]] [--repeat N] [-j N] [--shard K/N]\n"
	"                     [--json FILE] [--junit FILE]\n"
	"       dodont demo [--tool T[,T]] [--repeat N] [-j N] [--shard K/N] [--json FILE]\n"
	"                     [--junit FILE]\n"
	"       dodont verify SRC.c... [--args \"ARGS\"] [--timeout S] [--repeat N] [-p DIR]\n"
	"                     [--suppressions FILE] [--strict] [--tool T[,T]] [-j N] [--json FILE]\n"
	"                     [--junit FILE] [-- COMPILER-FLAGS...]\n"
	"       dodont lint SRC.c... [-p DIR] [--strict] [-j N] [--sarif FILE] [-- COMPILER-FLAGS...]\n"
	"       dodont report merge FILE.json... [--json FILE] [--junit FILE]\n"
	"       dodont exercise NAME [DIR]           (a hint-free broken twin to fix)\n"
	"       dodont exercise --check DIR/NAME.c [-j N]\n"
	"       dodont diff NAME                     (the pair's code-only diff)\n"
	"       run, demo and verify also take --html DIR (a static report)\n";

struct options {
	char **operands;
	size_t noperands;
	unsigned tools;
	int repeat, jobs;
	const char *json, *junit, *sarif;
	const char *args;		/* verify: the program's arguments, as one string */
	int timeout;			/* verify --timeout: native seconds, 0 = the default */
	const char *compdb;		/* -p DIR: DIR/compile_commands.json */
	struct strv suppressions;	/* --suppressions FILE, each time given */
	bool strict;			/* warnings fail too */
	bool check;			/* exercise --check */
	const char *html;		/* --html DIR */
	struct strv cflags;		/* everything after `--` */
	int shard_index, shard_count;	/* --shard K/N */
};

static int number(const char *opt, const char *v, int lo, int hi)
{
	char *end;
	errno = 0;
	long n = v ? strtol(v, &end, 10) : 0;
	if (!v || errno || *end || end == v || n < lo || n > hi)
		fatal("%s needs a number from %d to %d (dodont -h for help)", opt, lo, hi);
	return (int)n;
}

static unsigned tools_named(const char *list)
{
	unsigned mask = 0;
	char *copy = xstrdup(list), *save;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int tool = tool_by_name(t);
		char names[256];
		tool_names(names, sizeof names);
		if (tool < 0)
			fatal("unknown tool '%s' (tools: %s)", t, names);
		else
			mask |= 1u << (unsigned)tool;
	}
	free(copy);
	return mask;
}

/* The value of option a: the next word, which must be there. */
static const char *value_of(const char *a, const char *v)
{
	if (!v)
		fatal("%s needs a value (dodont -h for help)", a);
	return v;
}

/* A report's file must be writable before minutes of runs, not after:
 * its folder must exist and take a new file. */
static void check_output(const char *opt, const char *path)
{
	if (!path)
		return;
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	const char *folder = slash ? dir : ".";
	char eb[128];
	struct stat st;
	if (stat(folder, &st) != 0 || !S_ISDIR(st.st_mode))
		fatal("%s %s: no folder %s to write it in", opt, path, folder);
	if (access(folder, W_OK) != 0)
		fatal("%s %s: cannot write in %s: %s", opt, path, folder,
		      errstr(errno, eb, sizeof eb));
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		fatal("%s %s: is a folder, not a file", opt, path);
	free(dir);
}

/* --shard K/N: 1 <= K <= N <= 64. */
static void parse_shard(const char *v, struct options *o)
{
	int k, n, used = 0;
	if (sscanf(v, "%d/%d%n", &k, &n, &used) != 2 || v[used] || n < 1 || n > 64 ||
	    k < 1 || k > n)
		fatal("--shard needs K/N with 1 <= K <= N <= 64, e.g. --shard 2/4");
	o->shard_index = k;
	o->shard_count = n;
}

/* Which commands take each option: one given to a command that would
 * ignore it is bad input, never a silent pass. */
static void check_scope(const char *cmd, const char *opt)
{
	static const struct { const char *opt, *cmds; } scope[] = {
		{ "--", " verify lint " },
		{ "--tool", " run demo verify " },
		{ "--repeat", " run demo verify " },
		{ "-j", " run demo verify lint exercise " },
		{ "--json", " run demo verify report " },
		{ "--junit", " run demo verify report " },
		{ "--sarif", " lint " },
		{ "--args", " verify " },
		{ "--timeout", " verify " },
		{ "-p", " verify lint " },
		{ "--suppressions", " verify " },
		{ "--shard", " run demo " },
		{ "--strict", " verify lint " },
		{ "--check", " exercise " },
		{ "--html", " run demo verify " },
	};
	static const char commands[] = " list run demo verify lint report exercise diff ";
	char word[32];
	int n = snprintf(word, sizeof word, " %s ", cmd);
	if (n < 0 || (size_t)n >= sizeof word || !strstr(commands, word))
		return;	/* an unknown command is said as such later */
	for (size_t i = 0; i < sizeof scope / sizeof scope[0]; i++)
		if (strcmp(scope[i].opt, opt) == 0 && !strstr(scope[i].cmds, word))
			fatal("%s takes no %s (dodont -h for help)", cmd, opt);
}

static void parse_options(int argc, char **argv, struct options *o)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	/* two CPU tokens a core: a program holds one from its start until a tick
	 * shows it idle, so one a core leaves the CPUs part idle (measured) */
	*o = (struct options){ .tools = 0, .repeat = 1, .jobs = cores > 0 ? 2 * (int)cores : 2 };
	o->operands = xcalloc((size_t)argc, sizeof *o->operands);
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (a[0] == '-' && a[1])
			check_scope(argv[1], a);
		if (strcmp(a, "--") == 0) {
			while (++i < argc)
				strv_push(&o->cflags, argv[i]);
		} else if (strcmp(a, "--tool") == 0) {
			o->tools |= tools_named(value_of(a, v)), i++;
		} else if (strcmp(a, "--repeat") == 0) {
			o->repeat = number(a, v, 1, 1000), i++;
		} else if (strcmp(a, "-j") == 0) {
			o->jobs = number(a, v, 1, 256), i++;
		} else if (strcmp(a, "--json") == 0) {
			o->json = value_of(a, v), i++;
		} else if (strcmp(a, "--junit") == 0) {
			o->junit = value_of(a, v), i++;
		} else if (strcmp(a, "--sarif") == 0) {
			o->sarif = value_of(a, v), i++;
		} else if (strcmp(a, "--args") == 0) {
			o->args = value_of(a, v), i++;
		} else if (strcmp(a, "--timeout") == 0) {
			o->timeout = number(a, v, 1, 600), i++;
		} else if (strcmp(a, "-p") == 0) {
			o->compdb = value_of(a, v), i++;
		} else if (strcmp(a, "--suppressions") == 0) {
			strv_push(&o->suppressions, value_of(a, v)), i++;
		} else if (strcmp(a, "--shard") == 0) {
			parse_shard(value_of(a, v), o), i++;
		} else if (strcmp(a, "--strict") == 0) {
			o->strict = true;
		} else if (strcmp(a, "--check") == 0) {
			o->check = true;
		} else if (strcmp(a, "--html") == 0) {
			o->html = value_of(a, v), i++;
		} else if (a[0] == '-' && a[1]) {
			fatal("unknown option '%s' (dodont -h for help)", a);
		} else {
			o->operands[o->noperands++] = argv[i];
		}
	}
	if (!o->tools)
		o->tools = (1u << TOOL_COUNT) - 1;
	check_output("--json", o->json);
	check_output("--junit", o->junit);
	check_output("--sarif", o->sarif);
}

/* The compiler flags of source `file`: its entry in the compilation
 * database when -p names one, then everything after `--`. */
static void source_flags(const struct options *o, const char *file, struct strv *flags)
{
	char err[1024];
	if (o->compdb && compdb_flags(o->compdb, file, flags, err, sizeof err) != 0)
		fatal("%s", err);
	for (size_t i = 0; i < o->cflags.n; i++)
		strv_push(flags, o->cflags.v[i]);
}

static void write_reports(const struct options *o, const struct session *s,
			  const struct verdict *v)
{
	char eb[128];
	if (o->html && html_report(o->html, s) != 0)
		fatal("cannot write the HTML report in %s: %s", o->html,
		      errstr(errno, eb, sizeof eb));
	if (o->json && report_json(o->json, s, v) != 0)
		fatal("cannot write %s: %s", o->json, errstr(errno, eb, sizeof eb));
	if (o->junit && report_junit(o->junit, s) != 0)
		fatal("cannot write %s: %s", o->junit, errstr(errno, eb, sizeof eb));
}

/* Each entry, its rule, and what catches its broken twin: a detector's own
 * report is told apart from the program's own check and dodont's watchdog. */
static int cmd_list(void)
{
	struct paths p;
	paths_init(&p);
	size_t n;
	char **entries = catalog_entries(&p, &n);
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s/antipatterns/%s.c", p.root, entries[i]);
		struct program prog;
		char err[1024];
		if (program_load(path, true, &prog, err, sizeof err) != 0)
			fatal("%s", err);
		printf("%-22s %s\n", entries[i], prog.rule);
		catchers_print(stdout, &prog, "                       ");
		program_free(&prog);
		free(path);
	}
	catalog_free(entries, n);
	paths_free(&p);
	return EXIT_CLEAN;
}

static void check_c_file(const char *path)
{
	size_t n = strlen(path);
	char eb[128];
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		fatal("%s is a folder: give C source files (.c)", path);
	if (n < 3 || strcmp(path + n - 2, ".c") != 0)
		fatal("%s is not a C source file (.c)", path);
	if (access(path, R_OK) != 0)
		fatal("cannot read %s: %s", path, errstr(errno, eb, sizeof eb));
}

/* An entry name adds its two twins; a path to a .c file adds that file,
 * judged against its own header (a student's pair, or a test fixture). */
static void add_entry(struct session *s, const char *entry)
{
	size_t len = strlen(entry);
	if (len > 2 && strcmp(entry + len - 2, ".c") == 0) {
		check_c_file(entry);
		session_add(s, entry, "file", true);
		return;
	}
	for (const char *c = entry; *c; c++)
		if (*c == '/' || *c == '.')
			fatal("'%s' is not an entry name: see dodont list", entry);
	const char *dirs[] = { "patterns", "antipatterns" };
	const char *labels[] = { "correct", "broken" };
	for (int i = 0; i < 2; i++) {
		char *path = xasprintf("%s/%s/%s.c", s->paths.root, dirs[i], entry);
		if (access(path, R_OK) != 0)
			fatal("no entry '%s' (%s/%s.c is missing): see dodont list", entry,
			      dirs[i], entry);
		session_add(s, path, labels[i], true);
		free(path);
	}
}

static int cmd_run(const struct options *o, bool demo)
{
	struct session s;
	session_init(&s, o->tools, o->repeat, o->jobs);
	s.shard_index = o->shard_index;
	s.shard_count = o->shard_count;
	if (demo) {
		size_t n;
		char **entries = catalog_entries(&s.paths, &n);
		for (size_t i = 0; i < n; i++)
			add_entry(&s, entries[i]);
		catalog_free(entries, n);
	} else {
		if (!o->noperands)
			fatal("run needs at least one entry name: see dodont list");
		for (size_t i = 0; i < o->noperands; i++)
			add_entry(&s, o->operands[i]);
	}
	s.progress = demo || isatty(STDERR_FILENO);
	session_run(&s);
	size_t failed = report_tap(stdout, &s);
	if (demo) {
		report_matrix(stdout, &s);
		printf("\nraw tool logs: %s/logs/\n", s.paths.build);
	}
	write_reports(o, &s, NULL);
	session_free(&s);
	return failed ? EXIT_FINDINGS : EXIT_CLEAN;
}

/* Valgrind reads a suppressions file only when it starts, and gives up on
 * one it cannot parse: ask it once, before any run, with a program that
 * does nothing, so a bad file is one line and exit 2, not a tool's death. */
static void check_valgrind_suppressions(const char *path)
{
	char *opt = xasprintf("--suppressions=%s", path);
	char *argv[] = { "valgrind", "--tool=helgrind", "-q", opt, "true", NULL };
	char *const env[] = { CHILD_PATH, "LC_ALL=C", NULL };
	char log[] = "/tmp/dodont-suppressions-XXXXXX";
	int fd = mkstemp(log);
	if (fd < 0)
		fatal("cannot make a scratch file in /tmp to check %s", path);
	close(fd);
	struct exec_result r;
	char err[512];
	if (exec_run(argv, env, log, 60, NULL, &r, err, sizeof err) != 0)
		fatal("%s", err);
	char *out = read_file(log, NULL);
	(void)unlink(log);
	const char *fatal_line = out ? strstr(out, "FATAL: ") : NULL;
	if (fatal_line) {
		/* "FATAL: in suppressions file F near line N:", then what is wrong */
		const char *next = strchr(fatal_line, '\n');
		const char *detail = next ? strstr(next, "== ") : NULL;
		if (detail)
			detail += 3 + strspn(detail + 3, " ");
		fatal("%.*s %.*s", (int)strcspn(fatal_line, "\n"), fatal_line,
		      detail ? (int)strcspn(detail, "\n") : 0, detail ? detail : "");
	}
	free(out);
	free(opt);
}

/* Each suppressions file goes to the tools that read its format: Valgrind's
 * has { ... } blocks, TSan's has TYPE:PATTERN lines. The paths are made
 * absolute: the tools run from other folders' point of view. */
static void use_suppressions(const struct options *o, struct session *s)
{
	for (size_t i = 0; i < o->suppressions.n; i++) {
		const char *path = o->suppressions.v[i];
		char eb[128];
		char *text = read_file(path, NULL);
		if (!text)
			fatal("cannot read %s: %s", path, errstr(errno, eb, sizeof eb));
		else if (!*text)
			fatal("%s is empty: give a ThreadSanitizer or Valgrind suppressions file",
			      path);
		bool valgrind = strchr(text, '{') != NULL;
		bool tsan = !valgrind && strchr(text, ':') != NULL;
		free(text);
		if (!valgrind && !tsan)
			fatal("%s is neither a Valgrind (%s) nor a ThreadSanitizer (race:PATTERN) "
			      "suppressions file", path, "{ NAME TOOL:KIND fun:... }");
		char *real = realpath(path, NULL);
		if (!real)
			fatal("cannot resolve %s: %s", path, errstr(errno, eb, sizeof eb));
		if (valgrind)
			check_valgrind_suppressions(real);
		const char **slot = valgrind ? &s->valgrind_suppressions : &s->tsan_suppressions;
		if (*slot)
			fatal("--suppressions given twice for %s: merge the two files",
			      valgrind ? "Valgrind" : "ThreadSanitizer");
		strv_push(&s->owned, real);
		*slot = s->owned.v[s->owned.n - 1];
		free(real);
	}
}

static int cmd_verify(const struct options *o)
{
	if (o->noperands < 1)
		fatal("verify needs at least one SRC.c (dodont -h for help)");
	for (size_t i = 0; i < o->noperands; i++)
		check_c_file(o->operands[i]);
	if (o->args && !o->args[strspn(o->args, " \t")])
		fatal("--args is empty: give the program's arguments, or leave --args out");
	struct session s;
	session_init(&s, o->tools, o->repeat, o->jobs);
	s.stop_at_first_report = true;
	struct twin *w = session_add(&s, o->operands[0], "file", false);
	for (size_t i = 1; i < o->noperands; i++)
		strv_push(&w->prog.sources, o->operands[i]);
	for (size_t i = 0; i < o->noperands; i++)
		source_flags(o, o->operands[i], &w->prog.cflags);
	if (o->args)
		program_set_args(&w->prog, o->args);
	/* the native run's time; each tool scales it by its own slowdown */
	if (o->timeout)
		w->prog.timeout = o->timeout;
	use_suppressions(o, &s);
	s.progress = isatty(STDERR_FILENO);
	session_run(&s);
	struct verdict v;
	verdict_make(&s, &s.twins[0], &v);
	verdict_print(stdout, &v);
	bool failed = v.errors || (o->strict && v.warnings);
	write_reports(o, &s, &v);
	verdict_free(&v);
	session_free(&s);
	return failed ? EXIT_FINDINGS : EXIT_CLEAN;
}

/* The closing line of lint: "2 errors, 1 warning (3 suppressed)". */
static void print_counts(const size_t count[3], size_t suppressed)
{
	printf("%zu error%s, %zu warning%s", count[SEVERITY_ERROR],
	       count[SEVERITY_ERROR] == 1 ? "" : "s", count[SEVERITY_WARNING],
	       count[SEVERITY_WARNING] == 1 ? "" : "s");
	if (count[SEVERITY_NOTE])
		printf(", %zu note%s", count[SEVERITY_NOTE], count[SEVERITY_NOTE] == 1 ? "" : "s");
	if (suppressed)
		printf(" (%zu suppressed)", suppressed);
	putchar('\n');
}

static int cmd_lint(const struct options *o)
{
	static const char *const severity_names[] = { "error", "warning", "note" };
	if (!o->noperands)
		fatal("lint needs at least one FILE.c (dodont -h for help)");
	for (size_t i = 0; i < o->noperands; i++)
		check_c_file(o->operands[i]);
	struct paths p;
	paths_init(&p);
	char *checks = xasprintf("%s/checks/lint", p.root);
	/* per process: two dodont runs at once must not share analyzer logs */
	char *logs = xasprintf("%s/logs/lint/%d", p.build, (int)getpid());
	struct finding_list found = { 0 };
	struct strv *flags = xcalloc(o->noperands, sizeof *flags);
	for (size_t i = 0; i < o->noperands; i++)
		source_flags(o, o->operands[i], &flags[i]);
	size_t suppressed = 0;
	struct lint_request req = {
		.files = (const char *const *)o->operands, .nfiles = o->noperands,
		.flags = flags, .checks_dir = checks, .log_dir = logs, .jobs = o->jobs,
		.suppressed = &suppressed };
	if (lint_run(&req, &found) != 0)
		return EXIT_USAGE;	/* lint_run said why */
	for (size_t i = 0; i < o->noperands; i++)
		strv_free(&flags[i]);
	free(flags);
	size_t count[3] = { 0 };
	for (size_t i = 0; i < found.len; i++) {
		const struct finding *f = &found.items[i];
		const struct lint_rule *rule = lint_rule_find(f->kind);
		count[f->severity]++;
		printf("%s:%d:%d: %s: %s [%s]\n", f->locs[0].file, f->locs[0].line, f->locs[0].col,
		       severity_names[f->severity], f->message, f->kind);
		if (rule && rule->guide)
			printf("  see %s (%s)\n", rule->guide, rule->rule);
	}
	print_counts(count, suppressed);
	char eb[128];
	if (o->sarif && lint_write_sarif(o->sarif, &found) != 0)
		fatal("cannot write %s: %s", o->sarif, errstr(errno, eb, sizeof eb));
	finding_list_free(&found);
	free(checks);
	free(logs);
	paths_free(&p);
	if (count[SEVERITY_ERROR] || (o->strict && count[SEVERITY_WARNING]))
		return EXIT_FINDINGS;
	return EXIT_CLEAN;
}

/* dodont report merge FILE.json...: one report of the shards' results. */
static int cmd_report(const struct options *o)
{
	if (o->noperands < 2 || strcmp(o->operands[0], "merge") != 0)
		fatal("report needs 'merge FILE.json...' (dodont -h for help)");
	struct session s;
	session_init(&s, 0, 1, 1);
	char err[1024];
	if (report_merge_load((const char *const *)o->operands + 1, o->noperands - 1, &s, err,
			      sizeof err) != 0)
		fatal("%s", err);
	size_t failed = report_tap(stdout, &s);
	write_reports(o, &s, NULL);
	session_free(&s);
	return failed ? EXIT_FINDINGS : EXIT_CLEAN;
}

static int cmd_exercise(const struct options *o)
{
	if (o->check) {
		if (o->noperands != 1)
			fatal("exercise --check takes one DIR/NAME.c (dodont -h for help)");
		return exercise_check(o->operands[0], o->jobs);
	}
	if (o->noperands < 1 || o->noperands > 2)
		fatal("exercise takes NAME [DIR] (dodont -h for help)");
	return exercise_write(o->operands[0], o->noperands == 2 ? o->operands[1] : ".");
}

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		FILE *out = argc < 2 ? stderr : stdout;
		char names[256];
		tool_names(names, sizeof names);
		fprintf(out, "%stools: %s\n", usage, names);
		return argc < 2 ? EXIT_USAGE : EXIT_CLEAN;
	}
	struct options o;
	parse_options(argc, argv, &o);
	exec_guard_interrupts();
	exec_limit_logs();
	const char *cmd = argv[1];
	int rc;
	if (strcmp(cmd, "list") == 0)
		rc = cmd_list();
	else if (strcmp(cmd, "run") == 0)
		rc = cmd_run(&o, false);
	else if (strcmp(cmd, "demo") == 0)
		rc = cmd_run(&o, true);
	else if (strcmp(cmd, "verify") == 0)
		rc = cmd_verify(&o);
	else if (strcmp(cmd, "lint") == 0)
		rc = cmd_lint(&o);
	else if (strcmp(cmd, "report") == 0)
		rc = cmd_report(&o);
	else if (strcmp(cmd, "exercise") == 0)
		rc = cmd_exercise(&o);
	else if (strcmp(cmd, "diff") == 0 && o.noperands == 1)
		rc = lesson_diff(o.operands[0]);
	else if (strcmp(cmd, "diff") == 0)
		fatal("diff takes one entry NAME (dodont -h for help)");
	else
		fatal("unknown command '%s' (dodont -h for help)", cmd);
	free(o.operands);
	strv_free(&o.cflags);
	strv_free(&o.suppressions);
	if (fflush(stdout) != 0)
		fatal("cannot write the output");
	return rc;
}
