/* catchers.c: what catches a broken twin, grouped by who reports it. */
#include "catchers.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

size_t catchers_of(const struct program *p, struct catcher *out)
{
	size_t n = 0;
	for (size_t i = 0; i < p->nexpects; i++) {
		const struct expectation *e = &p->expects[i];
		bool lint = e->tools == 1u << TOOL_LINT;
		enum kind_source src = kind_source_of(e->kind, lint ? TOOL_LINT : TOOL_TSAN);
		size_t k = 0;
		while (k < n && !(strcmp(out[k].kind, e->kind) == 0 && out[k].source == src))
			k++;
		if (k == n)
			out[n++] = (struct catcher){ e->kind, src, 0 };
		out[k].tools |= e->tools;
	}
	return n;
}

unsigned catchers_tools(const struct program *p)
{
	unsigned tools = 0;
	for (size_t i = 0; i < p->nexpects; i++)
		tools |= p->expects[i].tools;
	return tools;
}

bool caught_by_detector(const struct program *p)
{
	for (size_t i = 0; i < p->nexpects; i++)
		if (p->expects[i].tools != 1u << TOOL_LINT &&
		    kind_source_of(p->expects[i].kind, TOOL_TSAN) == SOURCE_DETECTOR)
			return true;
	return false;
}

char *tools_list(unsigned mask)
{
	char *s = xstrdup("");
	for (int t = 0; t < TOOL_COUNT; t++)
		if (mask & (1u << t)) {
			char *longer = xasprintf("%s%s%s", s, *s ? " " : "", tool_info(t)->name);
			free(s);
			s = longer;
		}
	return s;
}

/* One line of catchers from one source, or nothing when there are none. */
static void print_source(FILE *out, const struct catcher *c, size_t n,
			 enum kind_source src, const char *indent)
{
	static const char *const labels[] = {
		[SOURCE_DETECTOR] = "detectors:    ", [SOURCE_OWN_CHECK] = "its own check:",
		[SOURCE_DODONT] = "dodont:       ", [SOURCE_LINT] = "lint:         ",
	};
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if (c[i].source != src)
			continue;
		char *tools = tools_list(c[i].tools);
		fprintf(out, "%s%s ", any ? "" : indent, any ? ";" : labels[src]);
		if (src == SOURCE_OWN_CHECK)
			fprintf(out, "fails in the runs of %s", tools);
		else if (src == SOURCE_DODONT)
			fprintf(out, "%s in the runs of %s", c[i].kind, tools);
		else if (src == SOURCE_LINT)
			fputs(c[i].kind, out);
		else
			fprintf(out, "%s (%s)", c[i].kind, tools);
		free(tools);
		any = true;
	}
	if (any)
		fputc('\n', out);
	else if (src == SOURCE_DETECTOR)
		fprintf(out, "%s%s none\n", indent, labels[src]);
}

void catchers_print(FILE *out, const struct program *p, const char *indent)
{
	if (p->nexpects == 0) {
		fprintf(out, "%scaught by:     no tool (its header expects no report)\n", indent);
		return;
	}
	struct catcher *c = xcalloc(p->nexpects, sizeof *c);
	size_t n = catchers_of(p, c);
	for (int src = SOURCE_DETECTOR; src <= SOURCE_LINT; src++)
		print_source(out, c, n, src, indent);
	free(c);
}
