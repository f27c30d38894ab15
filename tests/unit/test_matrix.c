/* Unit tests: the matrix and `dodont list` tell a detector's report apart
 * from the program's own check, and never cut a kind name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "catchers.h"
#include "matrix.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A broken twin caught by its own check under tsan and the watchdog, by
 * helgrind itself, by a long lint rule; drd declared blind. */
static const char broken[] =
	"/* t: a broken twin\n * rule: r\n"
	" * expect: tsan,watchdog self-check @lost\n"
	" * expect: helgrind cond-mutex-mismatch @wait\n"
	" * expect: lint block-in-critical-section @wait\n"
	" * skip: drd -- a reason of its own\n */\n"
	"int lost; /* @lost */\nint wait; /* @wait */\n";

static void load(struct program *p, const char *text)
{
	char err[256];
	if (program_parse("antipatterns/t.c", text, true, p, err, sizeof err) != 0)
		fail_msg("%s", err);
}

static char *printed(void (*print)(FILE *, const void *), const void *arg)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	assert_non_null(out);
	print(out, arg);
	assert_int_equal(fclose(out), 0);
	return text;
}

static void print_matrix(FILE *out, const void *s)
{
	matrix_print(out, s);
}

static void print_catchers(FILE *out, const void *p)
{
	catchers_print(out, p, "");
}

/* The line of the matrix that starts with "t" and label. */
static char *row(const char *text, const char *label)
{
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		char head[32];
		snprintf(head, sizeof head, "t     %s", label);
		if (strncmp(l, head, strlen(head)) == 0)
			return strndup(l, strcspn(l, "\n"));
	}
	fail_msg("no row %s in:\n%s", label, text);
	return NULL;
}

static void own_check_is_not_the_detector(void **state)
{
	(void)state;
	struct session s = { 0 };
	struct twin w = { .label = "broken" };
	load(&w.prog, broken);
	s.twins = &w;
	s.ntwins = 1;
	struct job jobs[] = {
		{ .twin = &w, .tool = TOOL_TSAN, .result.passed = true },
		{ .twin = &w, .tool = TOOL_HELGRIND, .result.passed = true },
		{ .twin = &w, .tool = TOOL_DRD, .skip = "a reason of its own" },
		{ .twin = &w, .tool = TOOL_MEMCHECK, .result.passed = true },
		{ .twin = &w, .tool = TOOL_WATCHDOG, .result.passed = true },
		{ .twin = &w, .tool = TOOL_LINT, .result.passed = true },
	};
	s.jobs = jobs;
	s.njobs = sizeof jobs / sizeof jobs[0];
	char *text = printed(print_matrix, &s);
	char *r = row(text, "broken");
	char cells[9][32];
	assert_int_equal(sscanf(r, "t broken %31s %31s %31s %31s %31s %31s %31s %31s %31s",
				cells[0], cells[1], cells[2], cells[3], cells[4], cells[5],
				cells[6], cells[7], cells[8]), 9);
	assert_string_equal(cells[TOOL_TSAN], "own-check");	/* not TSan's */
	assert_string_equal(cells[TOOL_ASAN], "-");
	assert_string_equal(cells[TOOL_HELGRIND], "cv-mutex");
	assert_string_equal(cells[TOOL_DRD], "skip(1)");
	assert_string_equal(cells[TOOL_MEMCHECK], "clean");
	assert_string_equal(cells[TOOL_WATCHDOG], "own-check");
	assert_string_equal(cells[TOOL_LINT], "L1");
	/* the legend names every code in full, and says who found it */
	assert_non_null(strstr(text, "cv-mutex   cond-mutex-mismatch: "));
	assert_non_null(strstr(text, "own-check  self-check: "));
	assert_non_null(strstr(text, "L1         block-in-critical-section\n"));
	assert_non_null(strstr(text, "(1) t broken: a reason of its own\n"));
	assert_non_null(strstr(text, "program's own check"));
	free(r);
	free(text);
	program_free(&w.prog);
}

static void a_failed_run_shows_fail(void **state)
{
	(void)state;
	struct session s = { 0 };
	struct twin w = { .label = "correct" };
	load(&w.prog, "/* t\n * rule: r\n */\nint x;\n");
	s.twins = &w;
	s.ntwins = 1;
	struct job jobs[] = {
		{ .twin = &w, .tool = TOOL_TSAN, .result.passed = true },
		{ .twin = &w, .tool = TOOL_TSAN, .result.passed = false },
	};
	s.jobs = jobs;
	s.njobs = 2;
	char *text = printed(print_matrix, &s);
	char *r = row(text, "correct");
	assert_non_null(strstr(r, " FAIL"));
	free(r);
	free(text);
	program_free(&w.prog);
}

static void list_names_detectors_apart(void **state)
{
	(void)state;
	struct program p;
	load(&p, broken);
	char *text = printed(print_catchers, &p);
	assert_string_equal(text,
			    "detectors:     cond-mutex-mismatch (helgrind)\n"
			    "its own check: fails in the runs of tsan watchdog\n"
			    "lint:          block-in-critical-section\n");
	free(text);
	program_free(&p);
	load(&p, "/* t\n * rule: r\n * expect: tsan,watchdog hang\n */\n");
	text = printed(print_catchers, &p);
	assert_string_equal(text, "detectors:     none\n"
			    "dodont:        hang in the runs of tsan watchdog\n");
	assert_false(caught_by_detector(&p));
	free(text);
	program_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(own_check_is_not_the_detector),
		cmocka_unit_test(a_failed_run_shows_fail),
		cmocka_unit_test(list_names_detectors_apart),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
