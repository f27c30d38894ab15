/* source_code.c: a C file's preamble, header and code; comments removed. */
#include "source_code.h"

#include "util.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void source_split(const char *text, struct source_parts *parts)
{
	const char *s = text;
	int line = 1;
	*parts = (struct source_parts){ 0 };
	for (;;) {
		while (isspace((unsigned char)*s))
			line += *s++ == '\n';
		const char *eol = s + strcspn(s, "\n");
		const char *end = s[0] == '/' && s[1] == '*' ? strstr(s + 2, "*/") : NULL;
		const char *spdx = strstr(s, "SPDX-License-Identifier:");
		if (s[0] == '/' && s[1] == '/')
			s = eol;
		else if (end && end < eol && spdx && spdx < end)
			s = end + 2;
		else
			break;
		parts->preamble_end = (size_t)(s - text);
	}
	parts->header_start = (size_t)(s - text);
	const char *end = s[0] == '/' && s[1] == '*' ? strstr(s + 2, "*/") : NULL;
	if (end) {
		for (s += 2; s < end + 2; s++)
			line += *s == '\n';
		if (*s == '\n')	/* the header's own line end */
			s++, line++;
	}
	parts->code_start = (size_t)(s - text);
	parts->code_line = line;
}

/* True when the comment starting at s (after its opening) is only a
 * fall-through marker, which -Wimplicit-fallthrough reads: it must stay. */
static bool fallthrough_marker(const char *s, bool block)
{
	size_t len = block ? (size_t)(strstr(s, "*/") ? strstr(s, "*/") - s : 0)
			   : strcspn(s, "\n");
	char word[32];
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (isspace((unsigned char)s[i]) || s[i] == '-' || s[i] == '.')
			continue;
		if (n + 1 >= sizeof word)
			return false;
		word[n++] = (char)tolower((unsigned char)s[i]);
	}
	word[n] = '\0';
	return strcmp(word, "fallthrough") == 0 || strcmp(word, "fallsthrough") == 0 ||
	       strcmp(word, "fallthru") == 0;
}

/* The code with comments blanked out; newlines inside comments kept, so the
 * lines still match. */
static char *blank_comments(const char *s, bool *commented_line)
{
	enum { CODE, LINE_COMMENT, BLOCK_COMMENT, STRING, CHAR } st = CODE;
	char *out = xmalloc(strlen(s) + 1), *o = out;
	size_t line = 0;
	for (; *s; s++) {
		if (*s == '\n') {
			line++;
			if (st == LINE_COMMENT)
				st = CODE;
			*o++ = '\n';
			continue;
		}
		if (st == LINE_COMMENT || st == BLOCK_COMMENT) {
			commented_line[line] = true;
			if (st == BLOCK_COMMENT && s[0] == '*' && s[1] == '/')
				st = CODE, s++;
			continue;
		}
		if (st == CODE && s[0] == '/' && (s[1] == '/' || s[1] == '*') &&
		    !fallthrough_marker(s + 2, s[1] == '*')) {
			st = s[1] == '/' ? LINE_COMMENT : BLOCK_COMMENT;
			commented_line[line] = true;
			s++;
			/* keep tokens apart: `a/ * x * /b` must not become `ab` */
			if (o > out && !isspace((unsigned char)o[-1]))
				*o++ = ' ';
			continue;
		}
		if (st == STRING || st == CHAR) {
			if (*s == '\\' && s[1] && s[1] != '\n')
				*o++ = *s++;
			else if (*s == (st == STRING ? '"' : '\''))
				st = CODE;
		} else if (*s == '"' || *s == '\'') {
			st = *s == '"' ? STRING : CHAR;
		}
		*o++ = *s;
	}
	*o = '\0';
	return out;
}

char *strip_comments(const char *code)
{
	size_t lines = 1;
	for (const char *c = code; *c; c++)
		lines += *c == '\n';
	bool *commented = xcalloc(lines, sizeof *commented);
	char *blanked = blank_comments(code, commented);
	char *out = xmalloc(strlen(blanked) + 2), *o = out;
	bool last_blank = true;	/* no blank line at the very top */
	size_t n = 0;
	for (char *l = blanked, *next; l; l = next, n++) {
		next = strchr(l, '\n');
		if (next)
			*next++ = '\0';
		size_t len = strlen(l);
		while (len && isspace((unsigned char)l[len - 1]))
			len--;
		bool blank = len == 0;
		if ((blank && commented[n]) || (blank && last_blank) || (!next && blank))
			continue;	/* a comment's line, or a second blank line */
		memcpy(o, l, len);
		o += len;
		*o++ = '\n';
		last_blank = blank;
	}
	*o = '\0';
	free(blanked);
	free(commented);
	return out;
}
