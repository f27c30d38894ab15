/* html_text.c: text written into HTML, escaped. */
#include "html_text.h"

void html_escape_n(FILE *out, const char *s, size_t n)
{
	for (size_t i = 0; s && i < n && s[i]; i++)
		switch (s[i]) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(s[i], out);
		}
}

void html_escape(FILE *out, const char *s)
{
	html_escape_n(out, s, (size_t)-1);
}
