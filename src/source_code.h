/* source_code.h: a C file's parts as the lessons need them: its licence
 * preamble, its leading comment (the header) and its code; and the code with
 * every comment taken out. */
#ifndef DODONT_SOURCE_CODE_H
#define DODONT_SOURCE_CODE_H

#include <stddef.h>

struct source_parts {
	size_t preamble_end;	/* text[0, preamble_end): licence lines above the header */
	size_t code_start;	/* text[code_start...]: the code after the header */
	int code_line;		/* the line number code_start is on (1-based) */
	size_t header_start;	/* text[header_start, code_start): the leading comment, if any */
};

/* Splits text as program.c reads it: blank space, `//` lines and a one-line
 * SPDX licence comment may stand above the leading block comment. A file with
 * no leading block comment has an empty header. */
void source_split(const char *text, struct source_parts *parts);
/* The code with every comment removed (strings and character literals kept
 * intact): a line that held only a comment is dropped, a comment after code
 * goes with the blanks before it, and runs of blank lines become one.
 * Newly allocated. */
char *strip_comments(const char *code);

#endif
