/* toollog_asan.c: AddressSanitizer's and LeakSanitizer's reports. */
#include "toollog_stack.h"

#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *asan_kind(const char *what)
{
	if (strstr(what, "stack-use-after-return"))
		return "stack-use-after-return";
	if (strstr(what, "detected memory leaks"))
		return "memory-leak";
	if (strstr(what, "SEGV") || strstr(what, "BUS") || strstr(what, "ABRT"))
		return "crash";
	return "memory-error";
}

static void asan_stack(struct stack_reader *r, const char *h)
{
	bool context = strstr(h, "allocated") || strstr(h, "freed by") ||
		       strstr(h, "created") || strstr(h, "is located");
	const char *role = strstr(h, "READ") ? "read" : strstr(h, "WRITE") ? "write" : NULL;
	reader_stack(r, context, role);
}

void toollog_asan(const char *log, const struct user_code *u, struct finding_list *out)
{
	char *text = xstrdup(log), *cur = text, *s;
	struct stack_reader r = { .out = out, .user = u };
	char header[512] = "";
	bool leaks = false;
	while ((s = next_line(&cur))) {
		const char *w = strstr(s, "ERROR: AddressSanitizer: ");
		if (w || (w = strstr(s, "ERROR: LeakSanitizer: "))) {
			w = strchr(w, ':') + 2;
			leaks = strstr(w, "detected memory leaks") != NULL;
			if (!leaks) {
				char msg[512];
				(void)snprintf(msg, sizeof msg, "%.*s", (int)strcspn(w, "("), w);
				reader_report(&r, asan_kind(w), msg);
			}
			(void)snprintf(header, sizeof header, "%s", s);
			continue;
		}
		/* each leaked block is its own report; a thread's leaked TLS block
		 * is a thread that was never joined */
		if (leaks && (strncmp(s, "Direct leak", 11) == 0 ||
			      strncmp(s, "Indirect leak", 13) == 0)) {
			reader_report(&r, "memory-leak", s);
			(void)snprintf(header, sizeof header, "%s", s);
			continue;
		}
		if (strncmp(s, "SUMMARY: ", 9) == 0) {
			reader_end(&r);
			leaks = false;
			continue;
		}
		if (!r.f)
			continue;
		if (leaks && strstr(s, "pthread_create") && strstr(s, " #")) {
			free(r.f->kind);
			r.f->kind = xstrdup("thread-leak");
		}
		if (sanitizer_frame(&r, s, header, asan_stack))
			continue;
		if (*s)
			(void)snprintf(header, sizeof header, "%s", s);
	}
	reader_end(&r);
	free(text);
}
