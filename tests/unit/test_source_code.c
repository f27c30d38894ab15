/* Unit tests: a file's header found as header.c finds it, and comments
 * taken out of code without touching strings, tokens or fall-through marks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "line_diff.h"
#include "source_code.h"

#include <stdlib.h>
#include <string.h>

static void header_below_a_licence_line(void **state)
{
	(void)state;
	const char text[] = "/* SPDX-License-Identifier: 0BSD */\n/*\n * t: title\n */\nint x;\n";
	struct source_parts p;
	source_split(text, &p);
	assert_int_equal(p.preamble_end, strlen("/* SPDX-License-Identifier: 0BSD */"));
	assert_string_equal(text + p.code_start, "int x;\n");
	assert_int_equal(p.code_line, 5);
	assert_true(strncmp(text + p.header_start, "/*\n * t", 7) == 0);
}

static void no_header_at_all(void **state)
{
	(void)state;
	const char text[] = "int x;\n";
	struct source_parts p;
	source_split(text, &p);
	assert_int_equal(p.code_start, 0);
	assert_int_equal(p.header_start, 0);
	assert_int_equal(p.code_line, 1);
}

static void comments_go_code_stays(void **state)
{
	(void)state;
	char *s = strip_comments("/* lock guards n */\n"
				 "int n; /* @bump: no lock */\n"
				 "\n"
				 "/* a\n * block\n */\n"
				 "\n"
				 "const char *u = \"http://x/*y*/\"; // tail\n"
				 "char c = '/'; int d = 1/*x*/+2;\n"
				 "switch (d) { case 1: d++; /* fallthrough */\n"
				 "case 2: break; }\n");
	assert_string_equal(s, "int n;\n"
			    "\n"
			    "const char *u = \"http://x/*y*/\";\n"
			    "char c = '/'; int d = 1 +2;\n"
			    "switch (d) { case 1: d++; /* fallthrough */\n"
			    "case 2: break; }\n");
	free(s);
}

static void diff_keeps_shared_lines(void **state)
{
	(void)state;
	struct text_lines a, b;
	text_lines_split("x\nlock\ny\nunlock\nz\n", 10, &a);
	text_lines_split("x\ny\nz\nw\n", 12, &b);
	struct diff_step *steps;
	size_t n = line_diff(&a, &b, &steps);
	const char want[] = "=-=-=+";
	assert_int_equal(n, strlen(want));
	for (size_t i = 0; i < n; i++)
		assert_int_equal("=-+"[steps[i].op], want[i]);
	assert_int_equal(a.first, 10);
	free(steps);
	text_lines_free(&a);
	text_lines_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(header_below_a_licence_line),
		cmocka_unit_test(no_header_at_all),
		cmocka_unit_test(comments_go_code_stays),
		cmocka_unit_test(diff_keeps_shared_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
