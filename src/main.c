/* dodont: run each do/don't pair under real detectors, and lint any C file.
 *
 *   dodont list
 *   dodont run ENTRY... [--tool T] [--repeat N] [-j N] [--json F] [--junit F]
 *   dodont demo [--tool T] [-j N] [--json F] [--junit F]
 *   dodont verify FILE.c [--tool T] [-j N] [--json F]
 *   dodont lint FILE.c... [-j N] [--sarif F]
 *
 * Exit status: 0 clean or every expectation met, 1 findings or unmet
 * expectations, 2 usage or environment error (one line says what to do). */
#include "catalog.h"
#include "compdb.h"
#include "exec.h"
#include "lint.h"
#include "report.h"
#include "session.h"
#include "util.h"
#include "verdict.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: dodont list\n"
	"       dodont run ENTRY|FILE.c... [--tool T[,T]] [--repeat N] [-j N] [--json FILE] [--junit FILE]\n"
	"       dodont demo [--tool T[,T]] [-j N] [--json FILE] [--junit FILE]\n"
	"       dodont verify SRC.c... [--args \"ARGS\"] [--repeat N] [-p DIR] [--suppressions FILE]\n"
	"                     [--strict] [--tool T[,T]] [-j N] [--json FILE] [-- COMPILER-FLAGS...]\n"
	"       dodont lint SRC.c... [-p DIR] [--strict] [-j N] [--sarif FILE] [-- COMPILER-FLAGS...]\n"
	"tools: tsan asan helgrind drd memcheck watchdog caps faults lint\n";

struct options {
	char **operands;
	size_t noperands;
	unsigned tools;
	int repeat, jobs;
	const char *json, *junit, *sarif;
	const char *args;		/* verify: the program's arguments, as one string */
	const char *compdb;		/* -p DIR: DIR/compile_commands.json */
	struct strv suppressions;	/* --suppressions FILE, each time given */
	bool strict;			/* warnings fail too */
	struct strv cflags;		/* everything after `--` */
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
		if (tool < 0)
			fatal("unknown tool '%s' (tools: tsan asan helgrind drd memcheck "
			      "watchdog caps faults lint)", t);
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

static void parse_options(int argc, char **argv, struct options *o)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	*o = (struct options){ .tools = 0, .repeat = 1, .jobs = cores > 0 ? (int)cores : 1 };
	o->operands = xcalloc((size_t)argc, sizeof *o->operands);
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
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
		} else if (strcmp(a, "-p") == 0) {
			o->compdb = value_of(a, v), i++;
		} else if (strcmp(a, "--suppressions") == 0) {
			strv_push(&o->suppressions, value_of(a, v)), i++;
		} else if (strcmp(a, "--strict") == 0) {
			o->strict = true;
		} else if (a[0] == '-' && a[1]) {
			fatal("unknown option '%s' (dodont -h for help)", a);
		} else {
			o->operands[o->noperands++] = argv[i];
		}
	}
	if (!o->tools)
		o->tools = (1u << TOOL_COUNT) - 1;
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
	if (o->json && report_json(o->json, s, v) != 0)
		fatal("cannot write %s: %s", o->json, errstr(errno, eb, sizeof eb));
	if (o->junit && report_junit(o->junit, s) != 0)
		fatal("cannot write %s: %s", o->junit, errstr(errno, eb, sizeof eb));
}

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
		unsigned catchers = 0;
		for (size_t k = 0; k < prog.nexpects; k++)
			catchers |= prog.expects[k].tools;
		printf("%-22s %s\n%22s caught by:", entries[i], prog.rule, "");
		for (int t = 0; t < TOOL_COUNT; t++)
			if (catchers & (1u << t))
				printf(" %s", tool_info(t)->name);
		putchar('\n');
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
	if (n < 3 || strcmp(path + n - 2, ".c") != 0)
		fatal("%s is not a C source file (.c)", path);
	if (access(path, R_OK) != 0) {
		char eb[128];
		fatal("cannot read %s: %s", path, errstr(errno, eb, sizeof eb));
	}
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
		bool valgrind = strchr(text, '{') != NULL;
		bool tsan = !valgrind && strchr(text, ':') != NULL;
		free(text);
		if (!valgrind && !tsan)
			fatal("%s is neither a Valgrind (%s) nor a ThreadSanitizer (race:PATTERN) "
			      "suppressions file", path, "{ NAME TOOL:KIND fun:... }");
		char *real = realpath(path, NULL);
		if (!real)
			fatal("cannot resolve %s: %s", path, errstr(errno, eb, sizeof eb));
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

static int cmd_lint(const struct options *o)
{
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
	struct lint_request req = {
		.files = (const char *const *)o->operands, .nfiles = o->noperands,
		.flags = flags, .checks_dir = checks, .log_dir = logs, .jobs = o->jobs };
	if (lint_run(&req, &found) != 0)
		return EXIT_USAGE;	/* lint_run said why */
	for (size_t i = 0; i < o->noperands; i++)
		strv_free(&flags[i]);
	free(flags);
	for (size_t i = 0; i < found.len; i++) {
		const struct finding *f = &found.items[i];
		const struct lint_rule *rule = lint_rule_find(f->kind);
		for (size_t k = 0; k < f->nlocs && k < 1; k++)
			printf("%s:%d:%d: warning: %s [%s]\n", f->locs[k].file, f->locs[k].line,
			       f->locs[k].col, f->message, f->kind);
		if (rule && rule->guide)
			printf("  see %s (%s)\n", rule->guide, rule->rule);
	}
	char eb[128];
	if (o->sarif && lint_write_sarif(o->sarif, &found) != 0)
		fatal("cannot write %s: %s", o->sarif, errstr(errno, eb, sizeof eb));
	size_t n = found.len;
	finding_list_free(&found);
	free(checks);
	free(logs);
	paths_free(&p);
	return n ? EXIT_FINDINGS : EXIT_CLEAN;
}

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_CLEAN;
	}
	struct options o;
	parse_options(argc, argv, &o);
	exec_guard_interrupts();
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
	else
		fatal("unknown command '%s' (dodont -h for help)", cmd);
	free(o.operands);
	strv_free(&o.cflags);
	strv_free(&o.suppressions);
	if (fflush(stdout) != 0)
		fatal("cannot write the output");
	return rc;
}
