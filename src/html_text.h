/* html_text.h: text written into HTML, escaped.
 *
 * Debian packages no HTML templating library for C; the report is plain
 * stdio, and every piece of text that comes from a program, a tool or a
 * header goes through these two functions. */
#ifndef DODONT_HTML_TEXT_H
#define DODONT_HTML_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* Writes s (NULL writes nothing) with & < > " ' escaped: safe in element
 * content and in a quoted attribute value. */
void html_escape(FILE *out, const char *s);
/* The same for the first n bytes of s. */
void html_escape_n(FILE *out, const char *s, size_t n);

#endif
