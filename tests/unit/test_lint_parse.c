/* test_lint_parse.c: unit tests (cmocka) of how analyzer lines are split,
 * how check names map to rule ids and severities, NOLINT comments, and which
 * flags each analyzer takes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lint.h"
#include "lint_int.h"

static void split_clang(void **state)
{
	(void)state;
	char line[] = "/tmp/a b.c:10:3: warning: the value returned: x  [bugprone-unused-return-value,cert-x]\n";
	struct lint_diag d;
	assert_int_equal(lint_diag_split(line, &d), 0);
	assert_string_equal(d.file, "/tmp/a b.c");
	assert_int_equal(d.line, 10);
	assert_int_equal(d.col, 3);
	assert_string_equal(d.kind, "warning");
	char *tag = lint_diag_tag(d.text);
	assert_non_null(tag);
	assert_string_equal(tag, "bugprone-unused-return-value,cert-x");
	assert_string_equal(d.text, "the value returned: x");
}

static void split_coccinelle(void **state)
{
	(void)state;
	char line[] = "f.c:7:4-11: join() of a thread already passed to join() at line 3: once [join-twice]";
	struct lint_diag d;
	assert_int_equal(lint_diag_split(line, &d), 0);
	assert_string_equal(d.file, "f.c");
	assert_int_equal(d.line, 7);
	assert_int_equal(d.col, 4);
	assert_string_equal(d.kind, "");
	assert_string_equal(lint_diag_tag(d.text), "join-twice");
	assert_string_equal(d.text, "join() of a thread already passed to join() at line 3: once");
}

static void split_rejects_other_lines(void **state)
{
	(void)state;
	char a[] = "  pthread_mutex_lock(&m);", b[] = "12 warnings generated.", c[] = "x:1: y";
	struct lint_diag d;
	assert_int_equal(lint_diag_split(a, &d), -1);
	assert_int_equal(lint_diag_split(b, &d), -1);
	assert_int_equal(lint_diag_split(c, &d), -1);
}

static void map_checks(void **state)
{
	(void)state;
	char buf[128];
	assert_string_equal(lint_map_tidy("bugprone-unused-return-value", "x", buf, sizeof buf),
			    "unchecked-pthread-result");
	assert_string_equal(lint_map_tidy("clang-analyzer-alpha.unix.PthreadLock",
					  "This lock has already been acquired", buf, sizeof buf),
			    "double-lock");
	assert_string_equal(lint_map_tidy("clang-analyzer-alpha.unix.PthreadLock",
					  "This lock is still locked", buf, sizeof buf),
			    "destroy-locked");
	assert_string_equal(lint_map_tidy("clang-diagnostic-thread-safety-analysis",
					  "mutex 'a' must be acquired before 'b'", buf, sizeof buf),
			    "lock-order");
	assert_string_equal(lint_map_tidy("clang-analyzer-core.NullDereference", "x", buf, sizeof buf),
			    "clang-analyzer");
	assert_string_equal(lint_map_tidy("misc-foo", "x", buf, sizeof buf), "clang-tidy-misc-foo");
	assert_string_equal(lint_map_tidy("clang-analyzer-alpha.unix.PthreadLock",
					  "This was not the most recently acquired lock. Possible lock order reversal",
					  buf, sizeof buf),
			    "unlock-order");
	assert_string_equal(lint_map_cppcheck("memleak", buf, sizeof buf), "leak-on-error-path");
	assert_null(lint_map_cppcheck("ignoredReturnValue", buf, sizeof buf));
	assert_string_equal(lint_map_cppcheck("nullPointer", buf, sizeof buf), "cppcheck-nullPointer");
	assert_null(lint_map_cppcheck("missingIncludeSystem", buf, sizeof buf));
}

static void rule_table(void **state)
{
	(void)state;
	size_t n;
	const struct lint_rule *r = lint_rules(&n);
	assert_true(n > 20);
	for (size_t i = 0; i < n; i++) {
		assert_ptr_equal(lint_rule_find(r[i].id), &r[i]);
		assert_true(strncmp(r[i].guide, "GUIDE.md", 8) == 0);
		for (const char *c = r[i].id; *c; c++)
			assert_true((*c >= 'a' && *c <= 'z') || *c == '-');
	}
	assert_string_equal(lint_rule_find("cppcheck-uninitvar")->id, "cppcheck");
	assert_null(lint_rule_find("no-such-rule"));
}

static void severities(void **state)
{
	(void)state;
	assert_int_equal(lint_severity("double-lock"), SEVERITY_ERROR);
	assert_int_equal(lint_severity("spin-on-shared-variable"), SEVERITY_ERROR);
	assert_int_equal(lint_severity("unchecked-pthread-result"), SEVERITY_WARNING);
	assert_int_equal(lint_severity("unguarded-read"), SEVERITY_WARNING);
	assert_int_equal(lint_severity("unlock-order"), SEVERITY_WARNING);
	assert_int_equal(lint_severity("cppcheck-nullPointer"), SEVERITY_WARNING);
	assert_int_equal(lint_severity("clang-tidy-misc-foo"), SEVERITY_WARNING);
	assert_int_equal(lint_severity("no-such-rule"), SEVERITY_WARNING);
	size_t n;
	const struct lint_rule *r = lint_rules(&n);
	for (size_t i = 0; i < n; i++) {
		assert_true(r[i].severity == SEVERITY_ERROR || r[i].severity == SEVERITY_WARNING);
		assert_true(r[i].why && strlen(r[i].why) > 10);
	}
}

/* README.md's "Severity" table has a row `| `RULE` | error|warning | why |`
 * for every lint rule, with the severity of the rule table. */
static void severity_table_in_readme(void **state)
{
	(void)state;
	size_t len;
	char *readme = read_file("README.md", &len);
	assert_non_null(readme);
	char *section = strstr(readme, "\n## Severity");
	assert_non_null(section);
	size_t n;
	const struct lint_rule *r = lint_rules(&n);
	for (size_t i = 0; i < n; i++) {
		char *row = xasprintf("| `%s` | %s |", r[i].id,
				      r[i].severity == SEVERITY_ERROR ? "error" : "warning");
		if (!strstr(section, row))
			fail_msg("README.md, Severity: no row %s", row);
		free(row);
	}
	free(readme);
}

/* Every rule id a Coccinelle rule file prints (its messages end with
 * `[rule-id]"`) is in the rule table: a finding never has an unknown rule. */
static void cocci_rules_in_table(void **state)
{
	(void)state;
	glob_t g;
	assert_int_equal(glob("checks/lint/*.cocci", 0, NULL, &g), 0);
	const char *const *files = (const char *const *)g.gl_pathv;
	size_t seen = 0;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		char *text = read_file(files[i], NULL);
		assert_non_null(text);
		for (char *p = strstr(text, "]\""); p; p = strstr(p + 2, "]\"")) {
			char *open = p;
			while (open > text && open[-1] != '[' && open[-1] != '\n' && open[-1] != ' ')
				open--;
			/* a message's tag: " [rule-id]" (a regular expression's
			 * "[i]" is not one) */
			if (open - text < 2 || open[-1] != '[' || open[-2] != ' ')
				continue;
			char id[64];
			size_t len = (size_t)(p - open);
			if (len == 0 || len >= sizeof id)
				continue;
			memcpy(id, open, len);
			id[len] = '\0';
			if (strspn(id, "abcdefghijklmnopqrstuvwxyz-") != len || !strchr(id, '-'))
				continue;
			if (!lint_rule_find(id))
				fail_msg("%s prints rule [%s], which src/lint/lint_rules.c does not have",
					 files[i], id);
			seen++;
		}
		free(text);
	}
	globfree(&g);
	assert_true(seen >= 20);
}

static void nolint_lists(void **state)
{
	(void)state;
	assert_true(lint_nolint_list_matches("", "join-twice"));
	assert_true(lint_nolint_list_matches(" : reviewed", "join-twice"));
	assert_true(lint_nolint_list_matches("(dodont-join-twice)", "join-twice"));
	assert_true(lint_nolint_list_matches("(bugprone-x, dodont-join-twice )", "join-twice"));
	assert_true(lint_nolint_list_matches("(dodont-*)", "join-twice"));
	assert_true(lint_nolint_list_matches("(*)", "join-twice"));
	assert_true(lint_nolint_list_matches("(dodont-unchecked-*)", "unchecked-libc-result"));
	assert_false(lint_nolint_list_matches("(dodont-unchecked-*)", "join-twice"));
	assert_false(lint_nolint_list_matches("(dodont-join)", "join-twice"));
	assert_false(lint_nolint_list_matches("(join-twice)", "join-twice"));
	assert_false(lint_nolint_list_matches("(dodont-join-twice", "join-twice"));
	assert_false(lint_nolint_list_matches("()", "join-twice"));
}

static void nolint_in_source(void **state)
{
	(void)state;
	char path[] = "/tmp/dodont-nolint-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *fp = fdopen(fd, "w");
	assert_non_null(fp);
	fputs("a(); // NOLINT(dodont-join-twice)\n"		/* 1 */
	      "// NOLINTNEXTLINE(dodont-spin-on-shared-variable)\n"	/* 2 */
	      "b();\n"						/* 3 */
	      "c(); /* NOLINTNEXTLINE */\n"			/* 4 */
	      "d();\n"						/* 5 */
	      "e(); // NOLINTBEGIN(dodont-join-twice)\n"		/* 6 */
	      "f(); // NOLINT\n", fp);				/* 7 */
	assert_int_equal(fclose(fp), 0);
	struct lint_nolint nl = { 0 };
	assert_true(lint_nolint_silenced(&nl, path, 1, "join-twice"));
	assert_false(lint_nolint_silenced(&nl, path, 1, "double-lock"));
	assert_false(lint_nolint_silenced(&nl, path, 2, "spin-on-shared-variable"));
	assert_true(lint_nolint_silenced(&nl, path, 3, "spin-on-shared-variable"));
	assert_false(lint_nolint_silenced(&nl, path, 3, "join-twice"));
	assert_false(lint_nolint_silenced(&nl, path, 4, "join-twice"));
	assert_true(lint_nolint_silenced(&nl, path, 5, "join-twice"));
	assert_false(lint_nolint_silenced(&nl, path, 6, "join-twice"));	/* not NOLINT */
	assert_true(lint_nolint_silenced(&nl, path, 7, "anything"));
	assert_false(lint_nolint_silenced(&nl, path, 8, "anything"));
	assert_false(lint_nolint_silenced(&nl, "/nonexistent/x.c", 1, "join-twice"));
	lint_nolint_free(&nl);
	unlink(path);
}

static void tidy_nolint_count(void **state)
{
	(void)state;
	char path[] = "/tmp/dodont-tidy-err-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *fp = fdopen(fd, "w");
	assert_non_null(fp);
	fputs("12 warnings generated.\n"
	      "Suppressed 9 warnings (1 in non-user code, 3 NOLINT, 5 with check filters).\n"
	      "Suppressed 2 warnings (2 NOLINT).\n", fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(lint_parse_tidy_nolint(path), 5);
	unlink(path);
	assert_int_equal(lint_parse_tidy_nolint("/nonexistent/log"), 0);
}

static void contradicting_assumptions(void **state)
{
	(void)state;
	assert_true(lint_assumptions_contradict("field 'needs_lock' is false", "field 'needs_lock' is true"));
	assert_true(lint_assumptions_contradict("field 'n' is 0", "field 'n' is not equal to 0"));
	assert_true(lint_assumptions_contradict("'p' is equal to NULL", "'p' is not equal to NULL"));
	assert_true(lint_assumptions_contradict("'p' is null", "'p' is non-null"));
	assert_false(lint_assumptions_contradict("field 'n' is 0", "field 'm' is not equal to 0"));
	assert_false(lint_assumptions_contradict("'i' is < 10", "'i' is >= 5"));
	assert_false(lint_assumptions_contradict("the condition is true", "the condition is false"));
	assert_false(lint_assumptions_contradict("field 'x' is true", "field 'x' is true"));
}

static void flags_per_analyzer(void **state)
{
	(void)state;
	struct strv user = { 0 }, out = { 0 };
	const char *words[] = { "-I", "inc", "-Iother", "-D", "A=1", "-DB", "-UC", "-std=gnu99",
				"-isystem", "/sys", "-pthread" };
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		strv_push(&user, words[i]);
	lint_flags_cppcheck(&user, &out);
	assert_int_equal(out.n, 5);
	assert_string_equal(out.v[0], "-Iinc");
	assert_string_equal(out.v[1], "-Iother");
	assert_string_equal(out.v[2], "-DA=1");
	assert_string_equal(out.v[3], "-DB");
	assert_string_equal(out.v[4], "-UC");
	strv_free(&out);
	lint_flags_spatch(&user, &out);
	assert_int_equal(out.n, 4);
	assert_string_equal(out.v[0], "-I");
	assert_string_equal(out.v[1], "inc");
	assert_string_equal(out.v[3], "other");
	strv_free(&out);
	lint_flags_tidy(&user, &out);
	assert_int_equal(out.n, user.n);
	strv_free(&out);
	lint_flags_tidy(NULL, &out);
	assert_int_equal(out.n, 0);
	strv_free(&user);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(split_clang),
		cmocka_unit_test(split_coccinelle),
		cmocka_unit_test(split_rejects_other_lines),
		cmocka_unit_test(map_checks),
		cmocka_unit_test(rule_table),
		cmocka_unit_test(severities),
		cmocka_unit_test(severity_table_in_readme),
		cmocka_unit_test(cocci_rules_in_table),
		cmocka_unit_test(nolint_lists),
		cmocka_unit_test(nolint_in_source),
		cmocka_unit_test(tidy_nolint_count),
		cmocka_unit_test(contradicting_assumptions),
		cmocka_unit_test(flags_per_analyzer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
