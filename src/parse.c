/* parse.c: the tools' raw reports, normalised (see parse.h). */
#include "parse.h"

#include "util.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Builds one finding at a time from a stream of stack headers and frames. */
struct collector {
	struct finding_list *out;
	const char *prog;	/* base name of the program file */
	struct finding *f;	/* the report being read, or NULL */
	struct finding context;	/* locations of its context stacks */
	bool stack_is_context;
	bool stack_located;	/* its top program frame is taken */
};

static void report_end(struct collector *c)
{
	struct finding *f = c->f;
	if (f && f->nlocs == 0)
		for (size_t i = 0; i < c->context.nlocs; i++) {
			struct location *l = &c->context.locs[i];
			if (finding_add_loc(f, l->file, l->line, l->col) != 0)
				fatal("out of memory");
		}
	for (size_t i = 0; i < c->context.nlocs; i++)
		free(c->context.locs[i].file);
	free(c->context.locs);
	c->context = (struct finding){ 0 };
	c->f = NULL;
}

static void report_start(struct collector *c, const char *kind, const char *msg)
{
	report_end(c);
	c->f = finding_add(c->out, kind, msg);
	if (!c->f)
		fatal("out of memory");
	c->stack_is_context = false;
	c->stack_located = true;	/* no stack open yet */
}

static bool is_context_header(const char *h)
{
	static const char *const words[] = {
		"created", "first observed", "Other segment", "allocated",
		"alloc'd", "is located", "freed", "Block was", "Address 0x",
		"Allocation context",
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strstr(h, words[i]))
			return true;
	return false;
}

static void stack_start(struct collector *c, const char *header)
{
	c->stack_is_context = is_context_header(header);
	c->stack_located = false;
}

static void frame(struct collector *c, const char *file, int line, int col)
{
	if (!c->f || c->stack_located || strcmp(base_name(file), c->prog) != 0)
		return;
	c->stack_located = true;
	struct finding *dst = c->stack_is_context ? &c->context : c->f;
	if (finding_add_loc(dst, file, line, col) != 0)
		fatal("out of memory");
}

/* Splits text into lines in place; returns the next line or NULL. */
static char *next_line(char **cursor)
{
	char *s = *cursor;
	if (!s || !*s)
		return NULL;
	char *nl = strchr(s, '\n');
	if (nl) {
		*nl = '\0';
		*cursor = nl + 1;
	} else {
		*cursor = s + strlen(s);
	}
	return s;
}

/* "FILE:LINE[:COL]" at s; 1 when parsed. file is copied into buf. */
static int split_location(const char *s, char *buf, size_t len, int *line, int *col)
{
	size_t n = strcspn(s, " )");
	if (n >= len)
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	*line = *col = 0;
	char *c1 = strchr(buf, ':');
	if (!c1)
		return 0;
	*c1 = '\0';
	char *end;
	long l = strtol(c1 + 1, &end, 10);
	if (end == c1 + 1 || l <= 0)
		return 0;
	*line = (int)l;
	if (*end == ':')
		*col = (int)strtol(end + 1, NULL, 10);
	return 1;
}

/* Sanitizer frames: "    #3 func /path/file.c:12:5 (bin+0x1)". */
static bool sanitizer_frame(struct collector *c, const char *s, const char *header)
{
	while (*s == ' ')
		s++;
	if (*s != '#' || !isdigit((unsigned char)s[1]))
		return false;
	char *end;
	long idx = strtol(s + 1, &end, 10);
	if (idx == 0)
		stack_start(c, header);
	/* "#N 0xADDR in func file:line" (ASan) or "#N func file:line" (TSan) */
	const char *p = end;
	while (*p == ' ')
		p++;
	if (strncmp(p, "0x", 2) == 0) {
		p = strstr(p, " in ");
		if (!p)
			return true;
		p += 4;
	}
	p = strchr(p, ' ');	/* skip the function name */
	if (!p)
		return true;
	char file[1024];
	int line, col;
	if (split_location(p + 1, file, sizeof file, &line, &col))
		frame(c, file, line, col);
	return true;
}

static const char *tsan_kind(const char *what)
{
	static const struct { const char *text, *kind; } map[] = {
		{ "data race", "data-race" },
		{ "lock-order-inversion", "lock-order" },
		{ "destroy of a locked mutex", "destroy-locked" },
		{ "unlock of an unlocked mutex", "unlock-unowned" },
		{ "signal-unsafe call", "signal-unsafe" },
		{ "signal handler spoils errno", "signal-unsafe" },
		{ "thread leak", "thread-leak" },
		{ "heap-use-after-free", "memory-error" },
		{ "double lock", "double-lock" },
		{ "use of an invalid mutex", "memory-error" },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strstr(what, map[i].text))
			return map[i].kind;
	return "unrecognised-report";
}

void parse_tsan(const char *log, const char *prog, struct finding_list *out)
{
	char *text = xstrdup(log), *cur = text, *s;
	struct collector c = { .out = out, .prog = base_name(prog) };
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
			report_start(&c, tsan_kind(w), msg);
			continue;
		}
		if (strncmp(s, "SUMMARY: ThreadSanitizer", 24) == 0) {
			report_end(&c);
			continue;
		}
		if (!c.f || sanitizer_frame(&c, s, header))
			continue;
		if (*s)
			(void)snprintf(header, sizeof header, "%s", s);
	}
	report_end(&c);
	free(text);
}

int tsan_reported_count(const char *log)
{
	const char *s = strstr(log, "ThreadSanitizer: reported ");
	if (!s)
		return strstr(log, "WARNING: ThreadSanitizer") ? -1 : 0;
	return atoi(s + strlen("ThreadSanitizer: reported "));
}

static const char *asan_kind(const char *what)
{
	if (strstr(what, "stack-use-after-return"))
		return "stack-use-after-return";
	if (strstr(what, "detected memory leaks"))
		return "memory-leak";
	return "memory-error";
}

void parse_asan(const char *log, const char *prog, struct finding_list *out)
{
	char *text = xstrdup(log), *cur = text, *s;
	struct collector c = { .out = out, .prog = base_name(prog) };
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
				report_start(&c, asan_kind(w), msg);
			}
			continue;
		}
		/* each leaked block is its own report; a thread's leaked TLS block
		 * is a thread that was never joined */
		if (leaks && (strncmp(s, "Direct leak", 11) == 0 ||
			      strncmp(s, "Indirect leak", 13) == 0)) {
			report_start(&c, "memory-leak", s);
			(void)snprintf(header, sizeof header, "%s", s);
			continue;
		}
		if (strncmp(s, "SUMMARY: ", 9) == 0) {
			report_end(&c);
			leaks = false;
			continue;
		}
		if (!c.f)
			continue;
		if (leaks && strstr(s, "pthread_create") && strstr(s, " #")) {
			free(c.f->kind);
			c.f->kind = xstrdup("thread-leak");
		}
		if (sanitizer_frame(&c, s, header))
			continue;
		if (*s)
			(void)snprintf(header, sizeof header, "%s", s);
	}
	report_end(&c);
	free(text);
}

/* The start of each Valgrind error, helgrind, drd and memcheck alike. */
static const char *valgrind_kind(const char *s)
{
	static const struct { const char *text, *kind; } map[] = {
		{ "Possible data race during", "data-race" },
		{ "Conflicting load by thread", "data-race" },
		{ "Conflicting store by thread", "data-race" },
		{ "lock order \"", "lock-order" },
		{ "Exiting thread still holds", "lock-held-at-exit" },
		{ "Mutex still locked at thread exit", "lock-held-at-exit" },
		{ "pthread_mutex_destroy of a locked mutex", "destroy-locked" },
		/* glibc's EBUSY for that same destroy, as Helgrind sees it */
		{ "call to pthread_mutex_destroy failed", "destroy-locked" },
		{ "Destroying locked mutex", "destroy-locked" },
		{ "currently held by thread", "unlock-unowned" },
		{ "unlocked a not-locked lock", "unlock-unowned" },
		{ "Mutex not locked", "unlock-unowned" },
		{ "cond is associated with a different mutex", "cond-mutex-mismatch" },
		{ "Inconsistent association of condition variable", "cond-mutex-mismatch" },
		{ "was held during", "long-lock-hold" },
		{ "are definitely lost in loss record", "memory-leak" },
		{ "are possibly lost in loss record", "memory-leak" },
		{ "Open file descriptor", "fd-leak" },
		{ "Invalid read of size", "memory-error" },
		{ "Invalid write of size", "memory-error" },
		{ "Invalid free", "memory-error" },
		{ "Mismatched free", "memory-error" },
		{ "depends on uninitialised value", "memory-error" },
		{ "Use of uninitialised value", "memory-error" },
		{ "Syscall param", "memory-error" },
		{ "Source and destination overlap", "memory-error" },
		{ "dubious: associated lock is not held", "unrecognised-report" },
		{ "'s call to pthread_", "pthread-error" },
		{ "Probably a race condition: condition variable", "unrecognised-report" },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strstr(s, map[i].text))
			return map[i].kind;
	return NULL;
}

/* Strips "==PID== " and returns the rest, or NULL for other lines. */
static char *valgrind_body(char *s)
{
	if (s[0] != '=' || s[1] != '=')
		return NULL;
	char *e = strstr(s + 2, "==");
	if (!e)
		return NULL;
	e += 2;
	return *e == ' ' ? e + 1 : e;
}

void parse_valgrind(const char *log, const char *prog, struct finding_list *out)
{
	char *text = xstrdup(log), *cur = text, *s;
	struct collector c = { .out = out, .prog = base_name(prog) };
	char header[512] = "";
	while ((s = next_line(&cur))) {
		char *b = valgrind_body(s);
		if (!b)
			continue;
		const char *kind = valgrind_kind(b);
		if (kind) {
			report_start(&c, kind, b);
			(void)snprintf(header, sizeof header, "%s", b);
			continue;
		}
		if (strncmp(b, "---", 3) == 0 || strstr(b, "SUMMARY:") ||
		    strncmp(b, "Thread #", 8) == 0 || strstr(b, "FILE DESCRIPTORS")) {
			report_end(&c);
			continue;
		}
		if (!c.f)
			continue;
		/* inherited descriptors are not the program's leak */
		if (strstr(b, "<inherited from parent>") &&
		    strcmp(c.f->kind, "fd-leak") == 0) {
			c.f = NULL;	/* it is the last finding: drop it */
			finding_list_pop(c.out);
			report_end(&c);
			continue;
		}
		char *t = b;
		while (*t == ' ')
			t++;
		bool at = strncmp(t, "at 0x", 5) == 0;
		if (at || strncmp(t, "by 0x", 5) == 0) {
			if (at)
				stack_start(&c, header);
			/* a thread's TLS block lost: a thread never joined */
			if (strstr(t, "pthread_create") &&
			    strcmp(c.f->kind, "memory-leak") == 0) {
				free(c.f->kind);
				c.f->kind = xstrdup("thread-leak");
			}
			/* "at 0xADDR: func (file.c:12)" */
			char *open = strrchr(t, '(');
			char file[1024];
			int line, col;
			if (open && split_location(open + 1, file, sizeof file, &line, &col))
				frame(&c, file, line, col);
			continue;
		}
		if (*t)
			(void)snprintf(header, sizeof header, "%s", t);
	}
	report_end(&c);
	free(text);
}

int valgrind_error_contexts(const char *log)
{
	const char *s = strstr(log, "ERROR SUMMARY: ");
	if (!s)
		return -1;
	const char *from = strstr(s, " from ");
	return from ? atoi(from + 6) : -1;
}

void parse_selfcheck(const char *log, const char *prog, struct finding_list *out)
{
	char *text = xstrdup(log), *cur = text, *s;
	while ((s = next_line(&cur))) {
		char *mark = strstr(s, ": self-check: ");
		if (!mark)
			continue;
		*mark = '\0';
		char *colon = strrchr(s, ':');
		if (!colon)
			continue;
		*colon = '\0';
		int line = atoi(colon + 1);
		if (line <= 0 || strcmp(base_name(s), base_name(prog)) != 0)
			continue;
		struct finding *f = finding_add(out, "self-check",
						mark + strlen(": self-check: "));
		if (!f || finding_add_loc(f, s, line, 0) != 0)
			fatal("out of memory");
	}
	free(text);
}

void parse_gdb_backtrace(const char *bt, const char *prog, struct finding *f)
{
	char *text = xstrdup(bt), *cur = text, *s;
	bool thread_located = true;
	while ((s = next_line(&cur))) {
		if (strncmp(s, "Thread ", 7) == 0) {
			thread_located = false;
			continue;
		}
		if (s[0] != '#' || thread_located)
			continue;
		char *at = strstr(s, " at ");
		char file[1024];
		int line, col;
		while (at && strstr(at + 4, " at "))
			at = strstr(at + 4, " at ");	/* the last " at " */
		if (!at || !split_location(at + 4, file, sizeof file, &line, &col))
			continue;
		if (strcmp(base_name(file), base_name(prog)) != 0)
			continue;
		thread_located = true;
		if (finding_add_loc(f, file, line, 0) != 0)
			fatal("out of memory");
	}
	free(text);
}
