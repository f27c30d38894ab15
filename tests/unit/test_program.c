/* Unit tests: the file header grammar (README.md, "Writing a pair"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "program.h"
#include "tools.h"

#include <string.h>

static const char broken[] =
	"/*\n"
	" * shared-counter: no lock (broken)\n"
	" *\n"
	" * rule: Don't share mutable state without locks\n"
	" * expect: tsan,helgrind data-race @bump\n"
	" * expect: watchdog hang\n"
	" * skip: drd -- a reason: with words\n"
	" * args: 4 100\n"
	" * timeout: 2\n"
	" * caps: threads=8 fds=32\n"
	" * fault: pthread_create 2 EAGAIN\n"
	" * hold-ms: 50\n"
	" * Note: prose with a colon is prose.\n"
	" */\n"
	"int x; /* @other */\n"
	"const char *s = \"@notatag\"; // mail a@b.c is no tag either\n"
	"void f(void) { x++; } /* @bump */\n";

static void parses_every_directive(void **state)
{
	(void)state;
	struct program p;
	char err[256] = "";
	assert_int_equal(program_parse("antipatterns/shared-counter.c", broken, true, &p,
				       err, sizeof err), 0);
	assert_string_equal(p.entry, "shared-counter");
	assert_string_equal(p.title, "shared-counter: no lock (broken)");
	assert_string_equal(p.rule, "Don't share mutable state without locks");
	assert_int_equal(p.nexpects, 2);
	assert_int_equal(p.expects[0].tools, 1u << TOOL_TSAN | 1u << TOOL_HELGRIND);
	assert_string_equal(p.expects[0].kind, "data-race");
	assert_int_equal(p.expects[0].ntags, 1);
	assert_int_equal(p.expects[0].lines[0], 17);
	assert_int_equal(p.expects[1].ntags, 0);
	assert_string_equal(program_skip_reason(&p, TOOL_DRD), "a reason: with words");
	assert_null(program_skip_reason(&p, TOOL_TSAN));
	assert_int_equal(p.nargs, 2);
	assert_string_equal(p.args[1], "100");
	assert_true(p.timeout == 2);
	assert_int_equal(p.cap_threads, 8);
	assert_int_equal(p.cap_fds, 32);
	assert_int_equal(p.nfaults, 1);
	assert_string_equal(p.faults[0].spec, "pthread_create:2:EAGAIN");
	assert_int_equal(p.hold_ms, 50);
	assert_int_equal(p.ntags, 2);	/* @other and @bump; not the string, not the mail */
	assert_true(program_expects_findings(&p));
	program_free(&p);
}

static void a_file_without_header_is_a_clean_program(void **state)
{
	(void)state;
	struct program p;
	char err[256] = "";
	assert_int_equal(program_parse("student.c", "int main(void) { return 0; }\n", false,
				       &p, err, sizeof err), 0);
	assert_false(program_expects_findings(&p));
	assert_string_equal(p.title, "student");
	program_free(&p);
}

static void a_licence_line_may_stand_above_the_header(void **state)
{
	(void)state;
	struct program p;
	char err[256] = "";
	const char *text = "/* SPDX-License-Identifier: 0BSD */\n"
			   "/*\n * title\n *\n * rule: r\n * expect: tsan data-race @x\n */\n"
			   "int a; /* @x */\n";
	assert_int_equal(program_parse("x.c", text, true, &p, err, sizeof err), 0);
	assert_string_equal(p.title, "title");
	assert_string_equal(p.rule, "r");
	assert_int_equal(p.expects[0].lines[0], 8);
	program_free(&p);
	text = "// SPDX-License-Identifier: 0BSD\n/* title\n * rule: r\n */\n";
	assert_int_equal(program_parse("x.c", text, true, &p, err, sizeof err), 0);
	assert_string_equal(p.rule, "r");
	program_free(&p);
}

/* Each malformed header is refused with the line it is on. */
static void refuses(const char *text, bool require_rule, const char *message)
{
	struct program p;
	char err[256] = "";
	assert_int_equal(program_parse("x.c", text, require_rule, &p, err, sizeof err), -1);
	if (!strstr(err, message))
		fail_msg("error '%s' lacks '%s'", err, message);
	program_free(&p);
}

/* Anyone's leading comment is prose: colons in it are not directives. */
static void a_comment_that_is_not_ours_is_prose(void **state)
{
	(void)state;
	struct program p;
	char err[256] = "";
	const char *text = "/* A tool that counts.\n * Timeout: 30 seconds\n * fault: none\n"
			   " * usage: prog [N]\n */\nint main(void) { return 0; } /* @param x */\n";
	assert_int_equal(program_parse("x.c", text, false, &p, err, sizeof err), 0);
	assert_int_equal(p.nfaults, 0);
	assert_int_equal(p.ntags, 0);
	program_free(&p);
	/* prose in a header of ours keeps its colons too */
	text = "/* t\n * rule: r\n * usage: prog [N]\n * Note: the rest\n */\n";
	assert_int_equal(program_parse("x.c", text, true, &p, err, sizeof err), 0);
	program_free(&p);
}

static void refuses_malformed_headers(void **state)
{
	(void)state;
	refuses("/* t\n * rule: r\n * expect: tsan data-race @nowhere\n */\n", true,
		"x.c:3: expect names @nowhere");
	refuses("/* t\n * rule: r\n * expect: tsan data-rase\n */\n", true,
		"unknown report kind 'data-rase'");
	refuses("/* t\n * rule: r\n * expect: tsna data-race\n */\n", true,
		"unknown tool 'tsna'");
	refuses("/* t\n * rule: r\n * expect: tsan\n */\n", true, "expect needs");
	refuses("/* t\n * rule: r\n * skip: drd\n */\n", true, "skip needs");
	refuses("/* t\n * rule: r\n * timeout: soon\n */\n", true, "timeout needs a number");
	refuses("/* t\n * rule: r\n * caps: procs=3\n */\n", true, "unknown cap 'procs'");
	refuses("/* t\n * expect: tsan data-race\n */\n", true, "no 'rule:' line");
	refuses("/* t\n * rule: r\n * fualt: malloc 1\n */\n", true,
		"x.c:3: unknown key 'fualt' (did you mean 'fault'?)");
	refuses("/* t\n * rule: r\n * cpas: threads=2\n */\n", true, "did you mean 'caps'?");
	refuses("/* t\n * rule: r\n * fault: mallok 1\n */\n", true,
		"cannot fail 'mallok' (did you mean 'malloc'?)");
	refuses("/* t\n * rule: r\n * fault: malloc 1 ENOMEN\n */\n", true,
		"unknown errno name 'ENOMEN' (did you mean 'ENOMEM'?)");
	refuses("/* t\n * rule: r\n * expect: lint cond-wait-not-in-lop\n */\n", true,
		"unknown lint rule 'cond-wait-not-in-lop' (did you mean 'cond-wait-not-in-loop'?)");
	refuses("/* t\n * rule: r\n * expect: tsan unrecognised-report\n */\n", true,
		"unknown report kind 'unrecognised-report'");
	refuses("/* t\n * rule: r\n */\nint a; /* @x */\nint b; /* @x */\n", true,
		"x.c:5: tag @x already marks line 4");
	refuses("/* t\n * rule: r\n", true, "never ends");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_every_directive),
		cmocka_unit_test(a_file_without_header_is_a_clean_program),
		cmocka_unit_test(a_licence_line_may_stand_above_the_header),
		cmocka_unit_test(a_comment_that_is_not_ours_is_prose),
		cmocka_unit_test(refuses_malformed_headers),
	};
	return cmocka_run_group_tests_name("header", tests, NULL, NULL);
}
