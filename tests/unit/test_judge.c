/* Unit tests: the verdict, from a header and a tool's findings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "program.h"
#include "judge.h"
#include "util.h"

#include <string.h>

static const char broken[] =
	"/* t\n * rule: r\n"
	" * expect: tsan data-race @a @b\n"
	" * expect: watchdog hang\n */\n"
	"int a; /* @a */\nint b; /* @b */\nint c; /* @c */\n";	/* lines 6, 7, 8 */

static void load(struct program *p, const char *text)
{
	char err[256];
	if (program_parse("t.c", text, true, p, err, sizeof err) != 0)
		fail_msg("%s", err);
}

static void found(struct run_result *r, const char *kind, int line)
{
	struct finding *f = finding_add(&r->findings, kind, "m");
	assert_non_null(f);
	if (line)
		assert_int_equal(finding_add_loc(f, "t.c", line, 0), 0);
}

static bool verdict(const struct program *p, enum tool t, struct run_result *r)
{
	judge(p, t, r);
	bool passed = r->passed;
	run_result_free(r);
	return passed;
}

static void every_tag_must_be_reported(void **state)
{
	(void)state;
	struct program p;
	load(&p, broken);
	struct run_result r = { 0 };
	found(&r, "data-race", 6);
	found(&r, "data-race", 7);
	assert_true(verdict(&p, TOOL_TSAN, &r));
	found(&r, "data-race", 6);	/* @b never reported */
	assert_false(verdict(&p, TOOL_TSAN, &r));
	assert_false(verdict(&p, TOOL_TSAN, &r));	/* nothing at all */
	program_free(&p);
}

static void a_report_elsewhere_fails(void **state)
{
	(void)state;
	struct program p;
	load(&p, broken);
	struct run_result r = { 0 };
	found(&r, "data-race", 6);
	found(&r, "data-race", 7);
	found(&r, "data-race", 8);	/* @c: not where the header says */
	assert_false(verdict(&p, TOOL_TSAN, &r));
	found(&r, "data-race", 6);
	found(&r, "data-race", 7);
	found(&r, "lock-order", 6);	/* right line, wrong kind */
	assert_false(verdict(&p, TOOL_TSAN, &r));
	program_free(&p);
}

static void a_tagged_line_of_another_source_does_not_count(void **state)
{
	(void)state;
	struct program p;
	load(&p, broken);
	struct run_result r = { 0 };
	found(&r, "data-race", 6);
	struct finding *f = finding_add(&r.findings, "data-race", "m");
	assert_int_equal(finding_add_loc(f, "lib/helper.c", 7, 0), 0);	/* @b's line, not its file */
	assert_false(verdict(&p, TOOL_TSAN, &r));
	program_free(&p);
}

static void an_untagged_expectation_takes_any_line(void **state)
{
	(void)state;
	struct program p;
	load(&p, broken);
	struct run_result r = { 0 };
	found(&r, "hang", 0);
	assert_true(verdict(&p, TOOL_WATCHDOG, &r));
	found(&r, "hang", 8);
	assert_true(verdict(&p, TOOL_WATCHDOG, &r));
	program_free(&p);
}

static void tools_without_expectations_must_be_clean(void **state)
{
	(void)state;
	struct program p;
	load(&p, broken);
	struct run_result r = { 0 };
	assert_true(verdict(&p, TOOL_HELGRIND, &r));
	found(&r, "data-race", 6);
	assert_false(verdict(&p, TOOL_HELGRIND, &r));
	program_free(&p);
}

static void a_broken_twins_own_exit_is_not_a_detectors_finding(void **state)
{
	(void)state;
	struct program p;
	load(&p, broken);
	struct run_result r = { 0 };
	found(&r, "data-race", 6);
	found(&r, "data-race", 7);
	found(&r, "self-check", 9);
	assert_true(verdict(&p, TOOL_TSAN, &r));
	found(&r, "hang", 0);
	found(&r, "self-check", 9);	/* but the watchdog judges it */
	assert_false(verdict(&p, TOOL_WATCHDOG, &r));
	program_free(&p);
}

static void a_correct_twin_fails_on_any_report(void **state)
{
	(void)state;
	struct program p;
	load(&p, "/* t\n * rule: r\n */\nint a;\n");
	struct run_result r = { 0 };
	assert_true(verdict(&p, TOOL_TSAN, &r));
	found(&r, "self-check", 0);	/* it exited non-zero under TSan */
	assert_false(verdict(&p, TOOL_TSAN, &r));
	program_free(&p);
}

static void a_known_tool_bug_does_not_fail_a_correct_twin(void **state)
{
	(void)state;
	struct program p;
	load(&p, "/* t\n * rule: r\n */\nint a;\n");
	struct run_result r = { 0 };
	found(&r, "data-race", 4);
	r.findings.items[0].traits |= TRAIT_DESTROY_AFTER_UNLOCK;
	assert_true(verdict(&p, TOOL_HELGRIND, &r));
	found(&r, "data-race", 4);	/* the same race without the signature */
	assert_false(verdict(&p, TOOL_HELGRIND, &r));
	found(&r, "data-race", 4);	/* the signature is Helgrind's alone */
	r.findings.items[0].traits |= TRAIT_DESTROY_AFTER_UNLOCK;
	assert_false(verdict(&p, TOOL_DRD, &r));
	program_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_tag_must_be_reported),
		cmocka_unit_test(a_report_elsewhere_fails),
		cmocka_unit_test(a_tagged_line_of_another_source_does_not_count),
		cmocka_unit_test(an_untagged_expectation_takes_any_line),
		cmocka_unit_test(tools_without_expectations_must_be_clean),
		cmocka_unit_test(a_broken_twins_own_exit_is_not_a_detectors_finding),
		cmocka_unit_test(a_correct_twin_fails_on_any_report),
		cmocka_unit_test(a_known_tool_bug_does_not_fail_a_correct_twin),
	};
	return cmocka_run_group_tests_name("judge", tests, NULL, NULL);
}
