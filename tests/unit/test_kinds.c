/* Unit tests: one vocabulary of kinds. The table in src/kinds.c, the one
 * README.md shows, and what the header parser accepts are the same. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "program.h"
#include "kinds.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const severity_names[] = { "error", "warning", "note" };

/* The README row of a kind in its table of kinds (the lint rules have a
 * table of their own, and a rule may share a kind's name):
 * "| `kind` | severity | ...", or NULL. */
static const char *readme_row(const char *readme, const char *kind)
{
	const char *table = strstr(readme, "## Kinds of findings");
	char *cell = xasprintf("\n| `%s` | ", kind);
	const char *row = table ? strstr(table, cell) : NULL;
	free(cell);
	return row ? row + 1 : NULL;
}

static void every_kind_has_its_readme_row(void **state)
{
	(void)state;
	char *readme = read_file(README, NULL);
	assert_non_null(readme);
	size_t n;
	const struct kind *k = kinds(&n);
	for (size_t i = 0; i < n; i++) {
		const char *row = readme_row(readme, k[i].name);
		if (!row)
			fail_msg("README.md has no row for kind %s", k[i].name);
		char *want = xasprintf("| `%s` | %s | %s | %s |", k[i].name,
				       severity_names[k[i].severity], k[i].what, k[i].why);
		if (strncmp(row, want, strlen(want)) != 0)
			fail_msg("README.md's row for %s differs from src/kinds.c:\n%s", k[i].name, want);
		free(want);
	}
	free(readme);
}

static void every_readme_row_is_a_kind(void **state)
{
	(void)state;
	char *readme = read_file(README, NULL);
	assert_non_null(readme);
	const char *table = strstr(readme, "## Kinds of findings");
	assert_non_null(table);
	size_t rows = 0;
	for (const char *s = table; (s = strstr(s, "\n| `")); s++) {
		char name[64];
		if (sscanf(s, "\n| `%63[^`]`", name) != 1)
			fail_msg("a malformed row in README.md's kinds table");
		if (!kind_find(name))
			fail_msg("README.md names kind %s, which src/kinds.c does not have", name);
		rows++;
	}
	size_t n;
	(void)kinds(&n);
	assert_int_equal(rows, n);
	free(readme);
}

/* A header may expect every expectable kind and no other word. */
static void the_header_parser_uses_the_same_list(void **state)
{
	(void)state;
	size_t n;
	const struct kind *k = kinds(&n);
	for (size_t i = 0; i < n; i++) {
		char *text = xasprintf("/* t\n * rule: r\n * expect: tsan %s\n */\n", k[i].name);
		struct program p;
		char err[256] = "";
		int rc = program_parse("x.c", text, true, &p, err, sizeof err);
		if ((rc == 0) != k[i].expectable)
			fail_msg("kind %s: parser says %d, table says expectable=%d (%s)",
				 k[i].name, rc, k[i].expectable, err);
		program_free(&p);
		free(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_kind_has_its_readme_row),
		cmocka_unit_test(every_readme_row_is_a_kind),
		cmocka_unit_test(the_header_parser_uses_the_same_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
