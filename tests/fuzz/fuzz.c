/* fuzz.c: helpers every fuzz target links (see fuzz.h). */
#include "fuzz.h"

#include "kinds.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *fuzz_text(const uint8_t *data, size_t size)
{
	char *text = xmalloc(size + 1);
	if (size)
		memcpy(text, data, size);
	text[size] = '\0';
	return text;
}

const struct user_code *fuzz_user_code(void)
{
	/* Owned by this file for the whole run; libFuzzer calls targets from
	 * one thread. */
	static struct user_code user;
	static int ready;
	if (!ready) {
		static const char *const programs[] = {
			"/project/antipatterns/shared-counter.c",
			"/project/tests/fixtures/hang-undeclared.c",
			"/project/tests/fixtures/leak-undeclared.c",
		};
		struct strv sources = { 0 };
		for (size_t i = 0; i < sizeof programs / sizeof programs[0]; i++)
			strv_push(&sources, programs[i]);
		user_code_init(&user, &sources);
		strv_free(&sources);
		ready = 1;
	}
	return &user;
}

void fuzz_broken(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	(void)fputs("fuzz: ", stderr);
	(void)vfprintf(stderr, fmt, ap);
	(void)fputc('\n', stderr);
	va_end(ap);
	abort();
}

void fuzz_check_toollog_findings(const struct finding_list *l, const char *reader)
{
	for (size_t i = 0; i < l->len; i++) {
		const struct finding *f = &l->items[i];
		if (!f->kind || !kind_find(f->kind))
			fuzz_broken("%s: finding %zu has kind '%s', not in the vocabulary",
				    reader, i, f->kind ? f->kind : "(null)");
		if (!f->message)
			fuzz_broken("%s: finding %zu has no message", reader, i);
		for (size_t j = 0; j < f->nlocs; j++)
			if (!f->locs[j].file || f->locs[j].line <= 0)
				fuzz_broken("%s: finding %zu, place %zu: %s:%d", reader, i, j,
					    f->locs[j].file ? f->locs[j].file : "(null)",
					    f->locs[j].line);
	}
}
