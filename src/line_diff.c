/* line_diff.c: which lines two texts share, and which changed. */
#include "line_diff.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

void text_lines_split(const char *text, int first, struct text_lines *l)
{
	*l = (struct text_lines){ .first = first };
	for (const char *s = text; *s;) {
		size_t len = strcspn(s, "\n");
		l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
		l->v[l->n++] = xasprintf("%.*s", (int)len, s);
		s += len + (s[len] == '\n');
	}
}

void text_lines_free(struct text_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	*l = (struct text_lines){ 0 };
}

size_t line_diff(const struct text_lines *a, const struct text_lines *b,
		 struct diff_step **steps)
{
	size_t w = b->n + 1;
	/* lcs[i * w + j]: the longest common subsequence of a[i..] and b[j..] */
	size_t *lcs = xcalloc((a->n + 1) * w, sizeof *lcs);
	for (size_t i = a->n; i-- > 0;)
		for (size_t j = b->n; j-- > 0;)
			lcs[i * w + j] = strcmp(a->v[i], b->v[j]) == 0
				? lcs[(i + 1) * w + j + 1] + 1
				: lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]
				? lcs[(i + 1) * w + j] : lcs[i * w + j + 1];
	*steps = xcalloc(a->n + b->n, sizeof **steps);
	size_t n = 0, i = 0, j = 0;
	while (i < a->n || j < b->n) {
		if (i < a->n && j < b->n && strcmp(a->v[i], b->v[j]) == 0)
			(*steps)[n++] = (struct diff_step){ DIFF_SAME, (long)i++, (long)j++ };
		else if (j == b->n || (i < a->n && lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]))
			(*steps)[n++] = (struct diff_step){ DIFF_DEL, (long)i++, -1 };
		else
			(*steps)[n++] = (struct diff_step){ DIFF_ADD, -1, (long)j++ };
	}
	free(lcs);
	return n;
}
