/* matrix.c: the entries x tools matrix as text, with its legend. */
#include "matrix.h"

#include "cells.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static void legend_print(FILE *out, const struct legend *lg)
{
	fputs("\nEach code names what caught a broken twin in that column's run:\n", out);
	for (int src = SOURCE_DETECTOR; src <= SOURCE_DODONT; src++) {
		bool any = false;
		for (size_t i = 0; i < lg->nkinds; i++) {
			const struct kind *k = lg->kinds[i];
			if (k->source != (enum kind_source)src)
				continue;
			if (!any)
				fprintf(out, "  %s:\n", kind_source_words(k->source));
			any = true;
			fprintf(out, "    %-10s %s: %s\n", k->code, k->name, k->words);
		}
	}
	if (lg->nlint)
		fprintf(out, "  %s:\n", kind_source_words(SOURCE_LINT));
	for (size_t i = 0; i < lg->nlint; i++) {
		char *code = xasprintf("L%zu", i + 1);
		fprintf(out, "    %-10s %s\n", code, lg->lint[i]);
		free(code);
	}
	fputs("  clean: nothing reported; FAIL: the run did not meet the header; "
	      "-: not run\n", out);
	if (lg->nskips)
		fputs("Skips, declared in the program's header (the tool is not judged there):\n", out);
	for (size_t i = 0; i < lg->nskips; i++)
		fprintf(out, "  (%zu) %s\n", i + 1, lg->skips[i]);
}

void matrix_print(FILE *out, const struct session *s)
{
	struct legend lg = { 0 };
	char **text = xcalloc(s->ntwins * TOOL_COUNT, sizeof *text);
	int width[TOOL_COUNT];
	for (int t = 0; t < TOOL_COUNT; t++)
		width[t] = (int)strlen(tool_info(t)->name);
	for (size_t i = 0; i < s->ntwins; i++)
		for (int t = 0; t < TOOL_COUNT; t++) {
			struct cell c;
			cell_of(s, &s->twins[i], t, &c);
			char *x = text[i * TOOL_COUNT + t] = cell_text(&c, &s->twins[i], t, &lg);
			cell_free(&c);
			if ((int)strlen(x) > width[t])
				width[t] = (int)strlen(x);
		}
	int entry_width = 5;
	for (size_t i = 0; i < s->ntwins; i++)
		if ((int)strlen(s->twins[i].prog.entry) > entry_width)
			entry_width = (int)strlen(s->twins[i].prog.entry);
	fprintf(out, "\n%-*s %-7s", entry_width, "entry", "twin");
	for (int t = 0; t < TOOL_COUNT; t++)
		fprintf(out, " %-*s", t + 1 < TOOL_COUNT ? width[t] : 0, tool_info(t)->name);
	fputc('\n', out);
	for (size_t i = 0; i < s->ntwins; i++) {
		fprintf(out, "%-*s %-7s", entry_width, s->twins[i].prog.entry, s->twins[i].label);
		for (int t = 0; t < TOOL_COUNT; t++)
			fprintf(out, " %-*s", t + 1 < TOOL_COUNT ? width[t] : 0,
				text[i * TOOL_COUNT + t]);
		fputc('\n', out);
	}
	legend_print(out, &lg);
	for (size_t i = 0; i < s->ntwins * TOOL_COUNT; i++)
		free(text[i]);
	free(text);
	legend_free(&lg);
}
