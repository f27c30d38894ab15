/* toollog_valgrind.c: Helgrind's, DRD's and Memcheck's reports. dodont runs
 * Valgrind with --fullpath-after= so that frames carry whole paths. */
#include "toollog_stack.h"

#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
		{ "unlocked an invalid lock", "unlock-unowned" },
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
		{ "Process terminating with default action of signal", "crash" },
		{ "dubious: associated lock is not held", "unrecognised-report" },
		{ "'s call to pthread_", "pthread-error" },
		{ "Attempt to re-lock a non-recursive lock", "double-lock" },
		{ "Recursive locking not allowed", "double-lock" },
		{ "reinitialization", "pthread-error" },
		{ "initialized twice", "pthread-error" },
		{ "called with un-held mutex", "pthread-error" },
		{ "being waited upon", "pthread-error" },
		{ "is not a mutex", "pthread-error" },
		{ "Not a mutex", "pthread-error" },
		{ "Invalid semaphore", "pthread-error" },
		{ "Destruction of barrier not synchronized", "pthread-error" },
		{ "invalid thread ID", "pthread-error" },
		{ "Probably a race condition: condition variable", "unrecognised-report" },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strstr(s, map[i].text))
			return map[i].kind;
	return NULL;
}

/* What the stack under a header line does. */
static void valgrind_stack(struct stack_reader *r, const char *h)
{
	static const struct { const char *text, *role; } roles[] = {
		{ "during read", "read" }, { "during write", "write" },
		{ "previous read", "read" }, { "previous write", "write" },
		{ "Conflicting load", "read" }, { "Conflicting store", "write" },
		{ "Invalid read", "read" }, { "Invalid write", "write" },
		{ "later acquisition", "lock" }, { "acquisition of lock", "held" },
		{ "unlocked", "unlock" }, { "was held during", "unlock" },
	};
	bool context = strstr(h, "alloc'd") || strstr(h, "free'd") || strstr(h, "created") ||
		       strstr(h, "first observed") || strstr(h, "Other segment") ||
		       strstr(h, "Allocation context") || strstr(h, "Address 0x") ||
		       strstr(h, "Block was");
	const char *role = NULL;
	for (size_t i = 0; i < sizeof roles / sizeof roles[0] && !role && !context; i++)
		if (strstr(h, roles[i].text))
			role = roles[i].role;
	reader_stack(r, context, role);
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

/* Helgrind's bug 327548, told by its signature: the reported access is made
 * by Helgrind's own preload (its pthread_mutex_destroy wrapper compares the
 * mutex with PTHREAD_MUTEX_INITIALIZER), and the access it conflicts with is
 * the C library's pthread_mutex_unlock writing the mutex after Helgrind
 * counted it released. Called before the frame is read (r->depth is its
 * depth). */
static void destroy_after_unlock(struct stack_reader *r, const char *frame,
				 const char *function)
{
	if (strcmp(r->f->kind, "data-race") != 0 || r->stack_is_context || r->depth != 0)
		return;
	if (r->access_stacks == 1)
		r->access_by_tool = strstr(frame, "vgpreload_helgrind") != NULL;
	else if (r->access_stacks == 2 && r->access_by_tool &&
		 (strncmp(function, "__pthread_mutex_unlock", 22) == 0 ||
		  strncmp(function, "pthread_mutex_unlock", 20) == 0))
		r->f->traits |= TRAIT_DESTROY_AFTER_UNLOCK;
}

/* "at 0xADDR: func (file.c:12)" or "by 0xADDR: ..."; true when a frame. */
static bool valgrind_frame(struct stack_reader *r, const char *t, const char *header)
{
	bool at = strncmp(t, "at 0x", 5) == 0;
	if (!at && strncmp(t, "by 0x", 5) != 0)
		return false;
	if (at)
		valgrind_stack(r, header);
	/* a thread's TLS block lost: a thread never joined */
	if (strstr(t, "pthread_create") && strcmp(r->f->kind, "memory-leak") == 0) {
		free(r->f->kind);
		r->f->kind = xstrdup("thread-leak");
	}
	const char *colon = strchr(t, ':');
	char function[256] = "";
	if (colon && colon[1] == ' ') {	/* ": func": a frame cut short has no func */
		const char *fn = colon + 2;
		(void)snprintf(function, sizeof function, "%.*s", (int)strcspn(fn, " "), fn);
	}
	destroy_after_unlock(r, t, function);
	const char *open = strrchr(t, '(');
	char file[1024];
	int line, col;
	if (open && split_location(open + 1, file, sizeof file, &line, &col))
		reader_frame(r, function, file, line, col);
	else
		reader_frame(r, function, NULL, 0, 0);
	return true;
}

void toollog_valgrind(const char *log, const struct user_code *u, struct finding_list *out)
{
	char *text = xstrdup(log), *cur = text, *s;
	struct stack_reader r = { .out = out, .user = u };
	char header[512] = "";
	while ((s = next_line(&cur))) {
		char *b = valgrind_body(s);
		if (!b)
			continue;
		if (strstr(b, "FATAL: in suppressions file")) {
			reader_report(&r, "tool-error", b);	/* the user's file, not the program */
			r.f->traits |= TRAIT_RUNTIME_CRASH;
			reader_end(&r);
			continue;
		}
		/* DRD says where a lock held too long was taken before it says
		 * that it was: that stack opens the report, the message follows */
		if (strncmp(b, "Acquired at:", 12) == 0) {
			reader_report(&r, "long-lock-hold", "a lock was held too long");
			(void)snprintf(header, sizeof header, "%s", "acquisition of lock at");
			continue;
		}
		const char *kind = valgrind_kind(b);
		if (kind && r.f && strcmp(kind, "long-lock-hold") == 0 &&
		    strcmp(r.f->kind, "long-lock-hold") == 0 && strstr(r.f->message, "too long")) {
			free(r.f->message);
			r.f->message = xstrdup(b);
			(void)snprintf(header, sizeof header, "%s", b);
			continue;
		}
		if (kind) {
			reader_report(&r, kind, b);
			(void)snprintf(header, sizeof header, "%s", b);
			continue;
		}
		if (strncmp(b, "---", 3) == 0 || strstr(b, "SUMMARY:") ||
		    strncmp(b, "Thread #", 8) == 0 || strstr(b, "FILE DESCRIPTORS")) {
			reader_end(&r);
			continue;
		}
		if (!r.f)
			continue;
		/* inherited descriptors are not the program's leak */
		if (strstr(b, "<inherited from parent>") && strcmp(r.f->kind, "fd-leak") == 0) {
			r.f = NULL;	/* it is the last finding: drop it */
			finding_list_pop(out);
			reader_end(&r);
			continue;
		}
		char *t = b;
		while (*t == ' ')
			t++;
		if (valgrind_frame(&r, t, header))
			continue;
		/* Helgrind puts its lock sets between a header and its stack */
		if (*t && strncmp(t, "Locks held:", 11) != 0)
			(void)snprintf(header, sizeof header, "%s", t);
	}
	reader_end(&r);
	free(text);
}

int toollog_valgrind_count(const char *log)
{
	const char *s = strstr(log, "ERROR SUMMARY: ");
	if (!s)
		return -1;
	const char *from = strstr(s, " from ");
	return from ? atoi(from + 6) : -1;
}
