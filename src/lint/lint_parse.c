/* lint_parse.c: reads the analyzers' logs (compiler-style lines) into
 * findings named by rule id, located in the files as they were given. */
#include "lint_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses digits at *p into *out; returns the end, or NULL. */
static char *number(char *p, int *out)
{
	if (!isdigit((unsigned char)*p))
		return NULL;
	long v = 0;
	while (isdigit((unsigned char)*p)) {
		if (v < 100000000)
			v = v * 10 + (*p - '0');
		p++;
	}
	*out = (int)v;
	return p;
}

int lint_diag_split(char *line, struct lint_diag *d)
{
	size_t len = strlen(line);
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	/* clang-tidy echoes the source line under each diagnostic, indented
	 * as in the file: a diagnostic never starts with blank space */
	if (line[0] == ' ' || line[0] == '\t' || line[0] == '\0')
		return -1;
	for (char *c = strchr(line, ':'); c; c = strchr(c + 1, ':')) {
		int ln, col, end;
		char *p = number(c + 1, &ln);
		if (!p || *p != ':')
			continue;
		p = number(p + 1, &col);
		if (!p)
			continue;
		int range = *p == '-';
		if (range && !(p = number(p + 1, &end)))
			continue;
		if (p[0] != ':' || p[1] != ' ')
			continue;
		*c = '\0';
		d->file = line;
		d->line = ln;
		d->col = col;
		d->kind = p + 2;
		char *sep = range ? NULL : strstr(d->kind, ": ");
		if (sep) {
			*sep = '\0';
			d->text = sep + 2;
		} else {
			/* Coccinelle: "FILE:L:C-E: MESSAGE" has no kind */
			d->text = d->kind;
			d->kind = "";
		}
		return 0;
	}
	return -1;
}

char *lint_diag_tag(char *text)
{
	size_t len = strlen(text);
	while (len && text[len - 1] == ' ')
		text[--len] = '\0';
	if (!len || text[len - 1] != ']')
		return NULL;
	char *open = strrchr(text, '[');
	if (!open || open == text || open[-1] != ' ')
		return NULL;
	text[len - 1] = '\0';
	char *tag = open + 1;
	char *q = open;
	while (q > text && q[-1] == ' ')
		q--;
	*q = '\0';
	return tag;
}

static int has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int add(struct finding_list *out, const char *kind, const char *msg,
	       const char *file, int line, int col)
{
	struct finding *f = finding_add(out, kind, msg);
	if (!f || finding_add_loc(f, file, line, col) != 0)
		return -1;
	return 0;
}

/* ------------------------------------------------------------ clang-tidy */

/* A warning being collected, with the notes that follow it: the clang static
 * analyzer may end a path inside a header (an inlined lock wrapper); then the
 * last note inside an input file (the call) is where the report belongs. */
struct pending {
	int active;
	char *check, *msg, *file;	/* file: the given name, or the header */
	int line, col, in_input;
	char *note_file;		/* last note located in an input */
	int note_line, note_col;
	struct strv assumed;		/* the path's "Assuming ..." notes */
	int infeasible;			/* two of them contradict each other */
};

static void pending_clear(struct pending *p)
{
	free(p->check);
	free(p->msg);
	free(p->file);
	free(p->note_file);
	strv_free(&p->assumed);
	*p = (struct pending){ 0 };
}

/* Splits an analyzer assumption, "field 'x' is not equal to 0", into the
 * subject ("field 'x'", named: it holds a quoted name) and what is assumed
 * ("not equal to 0"). Returns 0, or -1 when the subject is unnamed ("the
 * condition"). */
static int assumption(const char *text, size_t *subject_len, const char **value)
{
	const char *quote = strchr(text, '\'');
	const char *close = quote ? strchr(quote + 1, '\'') : NULL;
	const char *is = close ? strstr(close, "' is ") : NULL;
	if (!is)
		return -1;
	*subject_len = (size_t)(is + 1 - text);
	*value = is + 5;
	return 0;
}

int lint_assumptions_contradict(const char *a, const char *b)
{
	static const char *const opposite[][2] = {
		{ "true", "false" }, { "null", "non-null" }, { "0", "not equal to 0" },
		{ "equal to NULL", "not equal to NULL" }, { "equal to 0", "not equal to 0" },
	};
	size_t la, lb;
	const char *va, *vb;
	if (assumption(a, &la, &va) != 0 || assumption(b, &lb, &vb) != 0 || la != lb ||
	    strncmp(a, b, la) != 0)
		return 0;
	for (size_t i = 0; i < sizeof opposite / sizeof opposite[0]; i++)
		for (int k = 0; k < 2; k++)
			if (strcmp(va, opposite[i][k]) == 0 && strcmp(vb, opposite[i][!k]) == 0)
				return 1;
	/* "X" against "not X" */
	return (strncmp(vb, "not ", 4) == 0 && strcmp(vb + 4, va) == 0) ||
	       (strncmp(va, "not ", 4) == 0 && strcmp(va + 4, vb) == 0);
}

static void pending_assume(struct pending *p, const char *text)
{
	if (strncmp(text, "Assuming ", 9) != 0)
		return;
	text += 9;
	for (size_t i = 0; i < p->assumed.n && !p->infeasible; i++)
		p->infeasible = lint_assumptions_contradict(p->assumed.v[i], text);
	strv_push(&p->assumed, text);
}

/* The lock checker's reports about the state of one lock: a path that the
 * analyzer assumed both ways (a field tested twice around a call it cannot
 * see into, `if (!f->needs_lock) unlock; ...; if (f->needs_lock) unlock;`)
 * is one no run can take, and is dropped. */
static int lock_state_report(const char *id)
{
	return strcmp(id, "double-lock") == 0 || strcmp(id, "unlock-not-held") == 0 ||
	       strcmp(id, "destroy-locked") == 0 || strcmp(id, "use-after-destroy") == 0;
}

static int pending_flush(struct pending *p, struct finding_list *out)
{
	if (!p->active)
		return 0;
	char buf[256];
	const char *id = lint_map_tidy(p->check, p->msg, buf, sizeof buf);
	if (p->infeasible && has_prefix(p->check, "clang-analyzer-") && lock_state_report(id)) {
		pending_clear(p);
		return 0;
	}
	/* clang-tidy 14's posix-return counts pthread_barrier_wait among the
	 * calls that never return a negative value, but it returns
	 * PTHREAD_BARRIER_SERIAL_THREAD (-1 in glibc) to one waiter: comparing
	 * with it is the function's own idiom */
	if (strcmp(id, "posix-return-compare") == 0 && strstr(p->msg, "pthread_barrier_wait")) {
		pending_clear(p);
		return 0;
	}
	char *msg = xasprintf("%s (clang-tidy %s)", p->msg, p->check);
	int rc;
	if (!p->in_input && p->note_file)
		rc = add(out, id, msg, p->note_file, p->note_line, p->note_col);
	else
		rc = add(out, id, msg, p->file, p->line, p->col);
	free(msg);
	pending_clear(p);
	return rc;
}

static const char *given_name(const struct lint_inputs *in, const char *path, int *is_input)
{
	long i = lint_inputs_find(in, path);
	*is_input = i >= 0;
	return i >= 0 ? in->given[i] : path;
}

static int tidy_line(char *line, const struct lint_inputs *in, struct pending *p,
		     struct finding_list *out, char *errbuf, size_t errlen, int *failed)
{
	struct lint_diag d;
	if (lint_diag_split(line, &d) != 0)
		return 0;
	int is_input;
	const char *file = given_name(in, d.file, &is_input);
	if (strcmp(d.kind, "note") == 0) {
		if (p->active)
			pending_assume(p, d.text);
		if (p->active && is_input) {
			char *copy = strdup(file);
			if (!copy)
				return -1;
			free(p->note_file);
			p->note_file = copy;
			p->note_line = d.line;
			p->note_col = d.col;
		}
		return 0;
	}
	if (pending_flush(p, out) != 0)
		return -1;
	if (strcmp(d.kind, "error") == 0 || strcmp(d.kind, "fatal error") == 0) {
		if (!*failed) {
			(void)lint_diag_tag(d.text);
			int n = snprintf(errbuf, errlen, "%s:%d:%d: error: %s", file, d.line, d.col, d.text);
			if (n < 0)
				errbuf[0] = '\0';
		}
		*failed = 1;
		return 0;
	}
	if (strcmp(d.kind, "warning") != 0)
		return 0;
	char *tag = lint_diag_tag(d.text);
	if (!tag)
		return 0;
	char *comma = strchr(tag, ',');
	if (comma)
		*comma = '\0';
	p->active = 1;
	p->check = strdup(tag);
	p->msg = strdup(d.text);
	p->file = strdup(file);
	p->line = d.line;
	p->col = d.col;
	p->in_input = is_input;
	if (!p->check || !p->msg || !p->file)
		return -1;
	return 0;
}

int lint_parse_tidy(const char *log, const struct lint_inputs *in,
		    struct finding_list *out, char *errbuf, size_t errlen)
{
	FILE *fp = fopen(log, "r");
	if (!fp)
		return -1;
	char *line = NULL;
	size_t cap = 0;
	struct pending p = { 0 };
	int failed = 0, rc = 0;
	while (rc == 0 && getline(&line, &cap, fp) >= 0)
		rc = tidy_line(line, in, &p, out, errbuf, errlen, &failed);
	if (rc == 0 && ferror(fp))
		rc = -1;
	if (rc == 0)
		rc = pending_flush(&p, out);
	pending_clear(&p);
	free(line);
	if (fclose(fp) != 0 && rc == 0)
		rc = -1;
	return rc < 0 ? -1 : failed;
}

size_t lint_parse_tidy_nolint(const char *errlog)
{
	FILE *fp = fopen(errlog, "r");
	if (!fp)
		return 0;
	char *line = NULL;
	size_t cap = 0, total = 0;
	while (getline(&line, &cap, fp) >= 0) {
		if (strncmp(line, "Suppressed ", 11) != 0)
			continue;
		/* the counts in parentheses: "N in non-user code, N NOLINT, ..." */
		for (char *p = strchr(line, '('); p && *p; p++) {
			if (!isdigit((unsigned char)*p) || isdigit((unsigned char)p[-1]))
				continue;
			char *end;
			unsigned long n = strtoul(p, &end, 10);
			if (strncmp(end, " NOLINT", 7) == 0)
				total += n;
			p = end - 1;
		}
	}
	free(line);
	(void)fclose(fp);	/* read-only */
	return total;
}

/* --------------------------------------------------------------- spatch */

int lint_parse_spatch(const char *log, const char *cocci,
		      const struct lint_inputs *in, struct finding_list *out)
{
	FILE *fp = fopen(log, "r");
	if (!fp)
		return -1;
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;
	while (rc == 0 && getline(&line, &cap, fp) >= 0) {
		struct lint_diag d;
		if (lint_diag_split(line, &d) != 0)
			continue;
		char *id = lint_diag_tag(d.text);
		if (!id)
			continue;
		int is_input;
		const char *file = given_name(in, d.file, &is_input);
		char *msg = xasprintf("%s (Coccinelle, %s)", d.text, cocci);
		/* Coccinelle counts columns from 0, compilers from 1 */
		rc = add(out, id, msg, file, d.line, d.col + 1);
		free(msg);
	}
	if (rc == 0 && ferror(fp))
		rc = -1;
	free(line);
	if (fclose(fp) != 0)
		rc = -1;
	return rc;
}

/* ------------------------------------------------------------- cppcheck */

int lint_parse_cppcheck(const char *log, const struct lint_inputs *in,
			struct finding_list *out)
{
	FILE *fp = fopen(log, "r");
	if (!fp)
		return -1;
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;
	while (rc == 0 && getline(&line, &cap, fp) >= 0) {
		struct lint_diag d;
		if (lint_diag_split(line, &d) != 0 || strcmp(d.kind, "information") == 0)
			continue;
		char *tag = lint_diag_tag(d.text);
		char buf[256];
		const char *id = tag ? lint_map_cppcheck(tag, buf, sizeof buf) : NULL;
		if (!id || d.line <= 0)
			continue;
		int is_input;
		const char *file = given_name(in, d.file, &is_input);
		char *msg = xasprintf("%s (cppcheck %s)", d.text, tag);
		rc = add(out, id, msg, file, d.line, d.col);
		free(msg);
	}
	if (rc == 0 && ferror(fp))
		rc = -1;
	free(line);
	if (fclose(fp) != 0)
		rc = -1;
	return rc;
}
