/* program.c: a program as dodont knows it: its leading comment (the header),
 * its @tags, its sources and flags. */
#include "program.h"

#include "kinds.h"
#include "lint.h"
#include "tools.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	const char *path;
	struct program *p;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 3, 4)))
static int fail(struct parser *ps, int line, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(ps->err, ps->errlen, "%s:%d: ", ps->path, line);
	if (n < 0 || (size_t)n >= ps->errlen)
		return -1;
	va_start(ap, fmt);
	(void)vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* " (did you mean 'X'?)" when word is near a candidate; "" otherwise. */
static const char *did_you_mean(char *buf, size_t len, const char *word,
				const char *const *candidates, size_t n)
{
	const char *near = nearest_word(word, candidates, n, 3);
	if (!near)
		return "";
	(void)snprintf(buf, len, " (did you mean '%s'?)", near);
	return buf;
}

static const char *const tool_words[] = {
	"tsan", "asan", "helgrind", "drd", "memcheck", "watchdog", "caps", "faults", "lint", "all",
};

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* "tsan,helgrind drd" -> bit mask; `all` is every tool that always runs. */
static int parse_tools(struct parser *ps, int line, char *list, unsigned *mask)
{
	*mask = 0;
	for (char *save, *t = strtok_r(list, ", ", &save); t;
	     t = strtok_r(NULL, ", ", &save)) {
		if (strcmp(t, "all") == 0) {
			for (int i = 0; i < TOOL_COUNT; i++)
				if (tool_info(i)->when == RUNS_ALWAYS && i != TOOL_LINT)
					*mask |= 1u << i;
			continue;
		}
		int tool = tool_by_name(t);
		char hint[64];
		if (tool < 0)
			return fail(ps, line, "unknown tool '%s'%s (tools: tsan asan "
				    "helgrind drd memcheck watchdog caps faults lint all)", t,
				    did_you_mean(hint, sizeof hint, t, tool_words,
						 sizeof tool_words / sizeof tool_words[0]));
		*mask |= 1u << tool;
	}
	if (!*mask)
		return fail(ps, line, "no tool named");
	return 0;
}

static const char *kind_hint(char *buf, size_t len, const char *word)
{
	size_t n;
	const struct kind *k = kinds(&n);
	const char **names = xcalloc(n, sizeof *names);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (k[i].expectable)
			names[m++] = k[i].name;
	const char *hint = did_you_mean(buf, len, word, names, m);
	free(names);
	return hint;
}

static const char *rule_hint(char *buf, size_t len, const char *word)
{
	size_t n;
	const struct lint_rule *r = lint_rules(&n);
	const char **ids = xcalloc(n, sizeof *ids);
	for (size_t i = 0; i < n; i++)
		ids[i] = r[i].id;
	const char *hint = did_you_mean(buf, len, word, ids, n);
	free(ids);
	return hint;
}

/* expect: TOOLS KIND [@tag...] ; TOOLS has no spaces after commas. */
static int parse_expect(struct parser *ps, int line, char *value)
{
	char *save;
	char *tools = strtok_r(value, " \t", &save);
	char *kind = strtok_r(NULL, " \t", &save);
	if (!tools || !kind)
		return fail(ps, line, "expect needs 'TOOL[,TOOL] KIND [@tag...]'");
	struct expectation e = { .kind = xstrdup(kind), .header_line = line };
	struct program *p = ps->p;
	p->expects = xrealloc(p->expects, (p->nexpects + 1) * sizeof e);
	p->expects[p->nexpects++] = e;
	struct expectation *ep = &p->expects[p->nexpects - 1];
	if (parse_tools(ps, line, tools, &ep->tools) != 0)
		return -1;
	bool lint_only = ep->tools == 1u << TOOL_LINT;
	const struct kind *known = kind_find(kind);
	char hint[96];
	if (!lint_only && (!known || !known->expectable))
		return fail(ps, line, "unknown report kind '%s'%s (see README.md, Kinds "
			    "of findings)", kind, kind_hint(hint, sizeof hint, kind));
	if (lint_only && !lint_rule_find(kind))
		return fail(ps, line, "unknown lint rule '%s'%s (see README.md, the lint "
			    "rules)", kind, rule_hint(hint, sizeof hint, kind));
	if (!lint_only && (ep->tools & (1u << TOOL_LINT)))
		return fail(ps, line, "lint rule ids and run-time kinds differ: "
			    "give lint its own expect line");
	for (char *t; (t = strtok_r(NULL, " \t", &save));) {
		if (t[0] != '@' || !t[1])
			return fail(ps, line, "expected a @tag, got '%s'", t);
		ep->tags = xrealloc(ep->tags, (ep->ntags + 1) * sizeof *ep->tags);
		ep->tags[ep->ntags++] = xstrdup(t + 1);
	}
	return 0;
}

static int parse_skip(struct parser *ps, int line, char *value)
{
	char *sep = strstr(value, "--");
	if (!sep || !*trim(sep + 2))
		return fail(ps, line, "skip needs 'TOOL[,TOOL] -- REASON'");
	*sep = '\0';
	struct skip s = { .reason = xstrdup(trim(sep + 2)) };
	struct program *p = ps->p;
	p->skips = xrealloc(p->skips, (p->nskips + 1) * sizeof s);
	p->skips[p->nskips++] = s;
	return parse_tools(ps, line, value, &p->skips[p->nskips - 1].tools);
}

static int parse_int(struct parser *ps, int line, const char *key,
		     const char *value, int lo, int hi, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(value, &end, 10);
	if (errno || end == value || *trim(end) || v < lo || v > hi)
		return fail(ps, line, "%s needs a number from %d to %d, got '%s'",
			    key, lo, hi, value);
	*out = (int)v;
	return 0;
}

static int parse_caps(struct parser *ps, int line, char *value)
{
	char *save;
	for (char *kv = strtok_r(value, " \t", &save); kv;
	     kv = strtok_r(NULL, " \t", &save)) {
		char *eq = strchr(kv, '=');
		if (!eq)
			return fail(ps, line, "caps needs 'threads=N fds=N'");
		*eq = '\0';
		int *slot = strcmp(kv, "threads") == 0 ? &ps->p->cap_threads :
			    strcmp(kv, "fds") == 0 ? &ps->p->cap_fds : NULL;
		if (!slot)
			return fail(ps, line, "unknown cap '%s' (threads, fds)", kv);
		if (parse_int(ps, line, kv, eq + 1, 1, 100000, slot) != 0)
			return -1;
	}
	return 0;
}

/* fault: FUNCTION NTH [ERRNO]  ->  "FUNCTION:NTH[:ERRNO]" for the shim. */
/* True when glibc knows an errno by this name (EAGAIN, ENOMEM...). */
static bool errno_named(const char *name)
{
	for (int e = 1; e < 160; e++)
		if (strerrorname_np(e) && strcmp(strerrorname_np(e), name) == 0)
			return true;
	return false;
}

static int parse_fault(struct parser *ps, int line, char *value)
{
	char *save;
	char *func = strtok_r(value, " \t", &save);
	char *nth = strtok_r(NULL, " \t", &save);
	char *err = strtok_r(NULL, " \t", &save);
	int n;
	if (!func || !nth || strtok_r(NULL, " \t", &save))
		return fail(ps, line, "fault needs 'FUNCTION NTH [ERRNO]'");
	if (parse_int(ps, line, "fault", nth, 1, 1000000, &n) != 0)
		return -1;
	size_t nfunctions;
	const char *const *functions = fault_functions(&nfunctions);
	bool known = false;
	for (size_t i = 0; i < nfunctions; i++)
		known |= strcmp(functions[i], func) == 0;
	char hint[96];
	if (!known)
		return fail(ps, line, "the faults tool cannot fail '%s'%s", func,
			    did_you_mean(hint, sizeof hint, func, functions, nfunctions));
	if (err && !errno_named(err)) {
		const char *names[160];
		size_t m = 0;
		for (int e = 1; e < 160; e++)
			if (strerrorname_np(e))
				names[m++] = strerrorname_np(e);
		return fail(ps, line, "unknown errno name '%s'%s", err,
			    did_you_mean(hint, sizeof hint, err, names, m));
	}
	struct program *p = ps->p;
	p->faults = xrealloc(p->faults, (p->nfaults + 1) * sizeof *p->faults);
	p->faults[p->nfaults++].spec =
		err ? xasprintf("%s:%d:%s", func, n, err) : xasprintf("%s:%d", func, n);
	return 0;
}

static int parse_args(struct parser *ps, char *value)
{
	char *save;
	for (char *a = strtok_r(value, " \t", &save); a;
	     a = strtok_r(NULL, " \t", &save)) {
		struct program *p = ps->p;
		p->args = xrealloc(p->args, (p->nargs + 1) * sizeof *p->args);
		p->args[p->nargs++] = xstrdup(a);
	}
	return 0;
}

/* sources: PATH... ; each relative to the program's own folder. */
static int parse_sources(struct parser *ps, char *value)
{
	struct program *p = ps->p;
	const char *slash = strrchr(p->path, '/');
	int dirlen = slash ? (int)(slash - p->path) : 1;
	const char *dir = slash ? p->path : ".";
	char *save;
	for (char *a = strtok_r(value, " \t", &save); a; a = strtok_r(NULL, " \t", &save)) {
		char *path = a[0] == '/' ? xstrdup(a) : xasprintf("%.*s/%s", dirlen, dir, a);
		strv_push(&p->sources, path);
		free(path);
	}
	return 0;
}

/* cflags: FLAGS... ; a relative -I is relative to the program's folder. */
static int parse_cflags(struct parser *ps, char *value)
{
	struct program *p = ps->p;
	const char *slash = strrchr(p->path, '/');
	char *save;
	for (char *a = strtok_r(value, " \t", &save); a; a = strtok_r(NULL, " \t", &save)) {
		char *flag = strncmp(a, "-I", 2) == 0 && a[2] && a[2] != '/' && slash
				     ? xasprintf("-I%.*s/%s", (int)(slash - p->path), p->path, a + 2)
				     : xstrdup(a);
		strv_push(&p->cflags, flag);
		free(flag);
	}
	return 0;
}

static int parse_directive(struct parser *ps, int line, char *text)
{
	static const char *const keys[] = { "rule", "expect", "skip", "args",
					    "timeout", "caps", "fault", "hold-ms",
					    "sources", "cflags" };
	char *colon = strchr(text, ':');
	if (!colon)
		return 1;
	size_t klen = (size_t)(colon - text);
	const char *key = NULL;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strlen(keys[i]) == klen && strncmp(text, keys[i], klen) == 0)
			key = keys[i];
	if (!key) {
		/* prose that happens to hold a colon, unless the word before it is
		 * a key misspelt: then a fault or a cap would vanish in silence */
		char word[32], hint[64];
		if (klen >= sizeof word || strspn(text, "abcdefghijklmnopqrstuvwxyz-") != klen)
			return 1;
		(void)snprintf(word, sizeof word, "%.*s", (int)klen, text);
		/* one edit away, or two from a long key: "runs:" in prose is not
		 * "rule:", but "fualt:" is "fault:" and "timout:" is "timeout:" */
		size_t nkeys = sizeof keys / sizeof keys[0];
		if (!nearest_word(word, keys, nkeys, klen >= 6 ? 2 : 1))
			return 1;
		(void)did_you_mean(hint, sizeof hint, word, keys, nkeys);
		return fail(ps, line, "unknown key '%s'%s", word, hint);
	}
	char *value = trim(colon + 1);
	struct program *p = ps->p;
	if (strcmp(key, "rule") == 0) {
		if (p->rule)
			return fail(ps, line, "a second rule line");
		p->rule = xstrdup(value);
		return 0;
	}
	if (strcmp(key, "expect") == 0)
		return parse_expect(ps, line, value);
	if (strcmp(key, "skip") == 0)
		return parse_skip(ps, line, value);
	if (strcmp(key, "args") == 0)
		return parse_args(ps, value);
	if (strcmp(key, "sources") == 0)
		return parse_sources(ps, value);
	if (strcmp(key, "cflags") == 0)
		return parse_cflags(ps, value);
	if (strcmp(key, "caps") == 0)
		return parse_caps(ps, line, value);
	if (strcmp(key, "fault") == 0)
		return parse_fault(ps, line, value);
	int v;
	if (strcmp(key, "timeout") == 0) {
		if (parse_int(ps, line, key, value, 1, 600, &v) != 0)
			return -1;
		p->timeout = v;
		return 0;
	}
	if (parse_int(ps, line, key, value, 1, 60000, &v) != 0)
		return -1;
	p->hold_ms = v;
	return 0;
}

/* Finds @tags in the comments of the code below the header. A small lexer:
 * strings and character literals are skipped so "@" in text is not a tag. */
static int scan_tags(struct parser *ps, const char *s, int line)
{
	enum { CODE, LINE_COMMENT, BLOCK_COMMENT, STRING, CHAR } st = CODE;
	struct program *p = ps->p;
	for (; *s; s++) {
		if (*s == '\n') {
			line++;
			if (st == LINE_COMMENT)
				st = CODE;
			continue;
		}
		switch (st) {
		case CODE:
			if (s[0] == '/' && s[1] == '/')
				st = LINE_COMMENT, s++;
			else if (s[0] == '/' && s[1] == '*')
				st = BLOCK_COMMENT, s++;
			else if (*s == '"')
				st = STRING;
			else if (*s == '\'')
				st = CHAR;
			continue;
		case STRING:
		case CHAR:
			if (*s == '\\' && s[1] && s[1] != '\n')
				s++;
			else if (*s == (st == STRING ? '"' : '\''))
				st = CODE;
			continue;
		case BLOCK_COMMENT:
			if (s[0] == '*' && s[1] == '/') {
				st = CODE, s++;
				continue;
			}
			break;
		case LINE_COMMENT:
			break;
		}
		if (*s != '@' || !(isalpha((unsigned char)s[1]) || s[1] == '_'))
			continue;
		const char *prev = s - 1;
		if (isalnum((unsigned char)*prev) || *prev == '.')
			continue;	/* an address like a@b.c, not a tag */
		size_t n = 1;
		while (isalnum((unsigned char)s[n]) || s[n] == '_' || s[n] == '-')
			n++;
		char *name = strndup(s + 1, n - 1);
		if (!name)
			fatal("out of memory");
		for (size_t i = 0; i < p->ntags; i++)
			if (strcmp(p->tags[i].name, name) == 0) {
				fail(ps, line, "tag @%s already marks line %d", name,
				     p->tags[i].line);
				free(name);
				return -1;
			}
		p->tags = xrealloc(p->tags, (p->ntags + 1) * sizeof *p->tags);
		p->tags[p->ntags++] = (struct tag){ name, line };
		s += n - 1;
	}
	return 0;
}

static int resolve_tags(struct parser *ps)
{
	struct program *p = ps->p;
	for (size_t i = 0; i < p->nexpects; i++) {
		struct expectation *e = &p->expects[i];
		e->lines = xcalloc(e->ntags, sizeof *e->lines);
		for (size_t j = 0; j < e->ntags; j++) {
			for (size_t k = 0; k < p->ntags; k++)
				if (strcmp(p->tags[k].name, e->tags[j]) == 0)
					e->lines[j] = p->tags[k].line;
			if (!e->lines[j])
				return fail(ps, e->header_line, "expect names @%s, but no "
					    "code line is tagged @%s", e->tags[j], e->tags[j]);
		}
	}
	return 0;
}

/* Skips blank space, `//` line comments and a one-line block comment that
 * holds only a licence tag (`/ * SPDX-License-Identifier: 0BSD * /`): what
 * may stand above the leading comment. */
static const char *skip_preamble(const char *s, int *line)
{
	for (;;) {
		while (isspace((unsigned char)*s))
			*line += *s++ == '\n';
		const char *eol = s + strcspn(s, "\n");
		if (s[0] == '/' && s[1] == '/') {
			s = eol;
			continue;
		}
		const char *end = s[0] == '/' && s[1] == '*' ? strstr(s + 2, "*/") : NULL;
		if (!end || end > eol)
			return s;
		const char *tag = strstr(s, "SPDX-License-Identifier:");
		if (!tag || tag > end)
			return s;
		s = end + 2;
	}
}

int program_parse(const char *path, const char *text, bool require_rule,
		  struct program *p, char *err, size_t errlen)
{
	struct parser ps = { path, p, err, errlen };
	*p = (struct program){ .path = xstrdup(path), .entry = entry_name_of(path),
			       .timeout = 5, .hold_ms = 200 };
	strv_push(&p->sources, path);
	const char *s = text;
	int line = 1;
	s = skip_preamble(s, &line);
	const char *body = s;
	int body_line = line;
	if (s[0] == '/' && s[1] == '*') {
		const char *end = strstr(s + 2, "*/");
		if (!end)
			return fail(&ps, line, "the leading comment never ends");
		char *hdr = xasprintf("%.*s", (int)(end - s - 2), s + 2);
		int l = line;
		/* Directives are read only from a header of ours: anyone else's
		 * leading comment is prose, whatever its colons ("Timeout: 30"). */
		bool ours = strstr(hdr, "rule:") || strstr(hdr, "expect:");
		/* strtok_r would merge empty lines and lose the count: walk by hand. */
		for (char *ln = hdr, *next; ln; ln = next, l++) {
			next = strchr(ln, '\n');
			if (next)
				*next++ = '\0';
			char *t = trim(ln);
			if (*t == '*')
				t = trim(t + 1);
			if (!*t)
				continue;
			if (!p->title) {
				p->title = xstrdup(t);
				continue;
			}
			if (ours && parse_directive(&ps, l, t) < 0) {
				free(hdr);
				return -1;
			}
		}
		free(hdr);
		body = end + 2;
		for (const char *c = s; c < body; c++)
			body_line += *c == '\n';
	}
	if (!p->title)
		p->title = xstrdup(p->entry);
	if (require_rule && !p->rule)
		return fail(&ps, line, "the leading comment has no 'rule:' line "
			    "(see README.md, Writing a pair)");
	/* @tags belong to our headers: in code that has none, an @ in a
	 * comment is someone else's (Doxygen's @param) */
	if (!p->rule && !p->nexpects && !p->nskips)
		return 0;
	if (scan_tags(&ps, body, body_line) != 0)
		return -1;
	return resolve_tags(&ps);
}

int program_load(const char *path, bool require_rule, struct program *p,
		 char *err, size_t errlen)
{
	size_t len;
	char *text = read_file(path, &len);
	*p = (struct program){ 0 };
	if (!text) {
		char eb[128];
		(void)snprintf(err, errlen, "cannot read %s: %s", path,
			 errstr(errno, eb, sizeof eb));
		return -1;
	}
	if (strlen(text) != len) {
		free(text);
		(void)snprintf(err, errlen, "%s is not a C source file (it holds NUL bytes)", path);
		return -1;
	}
	int rc = program_parse(path, text, require_rule, p, err, errlen);
	free(text);
	return rc;
}

void program_free(struct program *p)
{
	for (size_t i = 0; i < p->nexpects; i++) {
		struct expectation *e = &p->expects[i];
		for (size_t j = 0; j < e->ntags; j++)
			free(e->tags[j]);
		free(e->tags);
		free(e->lines);
		free(e->kind);
	}
	for (size_t i = 0; i < p->nskips; i++)
		free(p->skips[i].reason);
	for (size_t i = 0; i < p->nargs; i++)
		free(p->args[i]);
	for (size_t i = 0; i < p->nfaults; i++)
		free(p->faults[i].spec);
	for (size_t i = 0; i < p->ntags; i++)
		free(p->tags[i].name);
	free(p->expects);
	free(p->skips);
	free(p->args);
	free(p->faults);
	free(p->tags);
	strv_free(&p->sources);
	strv_free(&p->cflags);
	free(p->path);
	free(p->entry);
	free(p->title);
	free(p->rule);
	*p = (struct program){ 0 };
}

void program_set_args(struct program *p, const char *args)
{
	for (size_t i = 0; i < p->nargs; i++)
		free(p->args[i]);
	free(p->args);
	struct strv words = { 0 };
	split_words(args, &words);
	p->args = words.v;	/* the vector and its strings move over */
	p->nargs = words.n;
}

const char *program_skip_reason(const struct program *p, int tool)
{
	for (size_t i = 0; i < p->nskips; i++)
		if (p->skips[i].tools & (1u << tool))
			return p->skips[i].reason;
	return NULL;
}

bool program_expects_findings(const struct program *p)
{
	return p->nexpects > 0;
}
