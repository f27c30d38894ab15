/* test_lint_parse.c: unit tests (cmocka) of how analyzer lines are split and
 * how check names map to rule ids. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

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
	assert_string_equal(lint_map_cppcheck("memleak", buf, sizeof buf), "leak-on-error-path");
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(split_clang),
		cmocka_unit_test(split_coccinelle),
		cmocka_unit_test(split_rejects_other_lines),
		cmocka_unit_test(map_checks),
		cmocka_unit_test(rule_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
