/* toollog_tsan.c: ThreadSanitizer's reports. */
#include "toollog_stack.h"

#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *tsan_kind(const char *what)
{
	static const struct { const char *text, *kind; } map[] = {
		{ "data race", "data-race" },
		{ "lock-order-inversion", "lock-order" },
		{ "destroy of a locked mutex", "destroy-locked" },
		{ "unlock of an unlocked mutex", "unlock-unowned" },
		{ "signal-unsafe call", "signal-unsafe" },
		{ "signal handler spoils errno", "errno-spoiled" },
		{ "thread leak", "thread-leak" },
		{ "heap-use-after-free", "memory-error" },
		{ "double lock", "double-lock" },
		{ "use of an invalid mutex", "memory-error" },
		{ "mutex held in the wrong context", "unlock-unowned" },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strstr(what, map[i].text))
			return map[i].kind;
	return "unrecognised-report";
}

/* What the stack under a header line does. */
static void tsan_stack(struct stack_reader *r, const char *h)
{
	static const struct { const char *text, *role; } roles[] = {
		{ "Atomic write", "atomic write" }, { "atomic write", "atomic write" },
		{ "Atomic read", "atomic read" }, { "atomic read", "atomic read" },
		{ "Write of size", "write" }, { "write of size", "write" },
		{ "Read of size", "read" }, { "read of size", "read" },
		{ "acquired here while holding", "lock" },
		{ "previously acquired", "held" },
		{ "signal-unsafe", "call" },
	};
	bool context = strstr(h, "created") || strstr(h, "Location is") ||
		       strstr(h, "allocated") || strstr(h, "heap block");
	const char *role = NULL;
	for (size_t i = 0; i < sizeof roles / sizeof roles[0] && !role && !context; i++)
		if (strstr(h, roles[i].text))
			role = roles[i].role;
	reader_stack(r, context, role);
}

void toollog_tsan(const char *log, const struct user_code *u, struct finding_list *out)
{
	char *text = xstrdup(log), *cur = text, *s;
	struct stack_reader r = { .out = out, .user = u };
	char header[512] = "";
	while ((s = next_line(&cur))) {
		const char *w = strstr(s, "WARNING: ThreadSanitizer: ");
		if (w) {
			w += strlen("WARNING: ThreadSanitizer: ");
			char msg[512];
			int len = (int)strcspn(w, "(");
			while (len > 0 && w[len - 1] == ' ')
				len--;
			(void)snprintf(msg, sizeof msg, "%.*s", len, w);
			reader_report(&r, tsan_kind(w), msg);
			(void)snprintf(header, sizeof header, "%s", w);
			continue;
		}
		if (strncmp(s, "SUMMARY: ThreadSanitizer", 24) == 0) {
			reader_end(&r);
			continue;
		}
		if (strstr(s, "ThreadSanitizer:DEADLYSIGNAL")) {
			/* a fatal signal: the program's, or the runtime's own (the
			 * verdict tells them apart with the native run) */
			reader_report(&r, "crash", "a fatal signal under ThreadSanitizer");
			continue;
		}
		if (strstr(s, "ThreadSanitizer: CHECK failed") ||
		    strstr(s, "FATAL: ThreadSanitizer")) {
			reader_report(&r, "tool-error", "ThreadSanitizer's runtime died");
			r.f->traits |= TRAIT_RUNTIME_CRASH;
			reader_end(&r);
			continue;
		}
		if (!r.f || sanitizer_frame(&r, s, header, tsan_stack))
			continue;
		if (*s)
			(void)snprintf(header, sizeof header, "%s", s);
	}
	reader_end(&r);
	free(text);
}

int toollog_tsan_count(const char *log)
{
	const char *s = strstr(log, "ThreadSanitizer: reported ");
	if (!s)
		return strstr(log, "WARNING: ThreadSanitizer") ? -1 : 0;
	return atoi(s + strlen("ThreadSanitizer: reported "));
}
