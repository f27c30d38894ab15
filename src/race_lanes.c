/* race_lanes.c: a data race drawn as two thread lanes on a time line. */
#include "race_lanes.h"

#include "html_text.h"
#include "line_diff.h"
#include "util.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* "Write of size 8 at 0x… by thread T1:" (TSan), "Possible data race during
 * read of size 8 at 0x… by thread #2" and "This conflicts with a previous
 * write of size 8 by thread #3" (Helgrind): the access a line opens. */
static bool opens_access(const char *l, struct access *a, bool *earlier)
{
	static const char *const later_marks[] = { "Possible data race during ", "" };
	static const char *const earlier_marks[] = { "This conflicts with a previous ", "Previous " };
	const char *what = NULL;
	for (int i = 0; i < 2 && !what; i++) {
		size_t n = strlen(earlier_marks[i]);
		if (strncmp(l, earlier_marks[i], n) == 0)
			what = l + n, *earlier = true;
		n = strlen(later_marks[i]);
		if (!what && strncmp(l, later_marks[i], n) == 0)
			what = l + n, *earlier = false;
	}
	const char *size = what ? strstr(what, " of size ") : NULL;
	const char *by = size ? strstr(size, " by ") : NULL;
	if (!by || size - what >= (long)sizeof a->what)
		return false;
	*a = (struct access){ .line = 0 };
	for (size_t i = 0; what + i < size; i++)
		a->what[i] = (char)tolower((unsigned char)what[i]);
	if (strcmp(a->what, "write") && strcmp(a->what, "read") &&
	    strncmp(a->what, "atomic ", 7))
		return false;
	size_t n = strcspn(by + 4, ":(\n");
	while (n && by[4 + n - 1] == ' ')
		n--;
	(void)snprintf(a->thread, sizeof a->thread, "%.*s", (int)n, by + 4);
	return true;
}

/* The program line a stack frame names: "file.c:44:10" or "(file.c:44)". */
static int frame_line(const char *l, const char *base)
{
	size_t n = strlen(base);
	for (const char *s = l; (s = strstr(s, base)); s++)
		if ((s == l || s[-1] == '/' || s[-1] == '(' || s[-1] == ' ') && s[n] == ':' &&
		    isdigit((unsigned char)s[n + 1]))
			return atoi(s + n + 1);
	return 0;
}

int race_accesses(const char *report, const char *file, struct access *earlier,
		  struct access *later)
{
	struct text_lines t;
	text_lines_split(report, 1, &t);
	struct access *open = NULL;
	bool found[2] = { false, false };
	for (size_t i = 0; i < t.n; i++) {
		const char *l = t.v[i];
		const char *prefix_end = strncmp(l, "==", 2) == 0 ? strstr(l + 2, "==") : NULL;
		if (prefix_end)	/* Valgrind's "==PID== " */
			l = prefix_end + 2;
		l += strspn(l, " \t");
		struct access a;
		bool is_earlier;
		if (opens_access(l, &a, &is_earlier) && !found[is_earlier]) {
			open = is_earlier ? earlier : later;
			*open = a;
			found[is_earlier] = true;
		} else if (open && !open->line && (strncmp(l, "#", 1) == 0 ||
						   strncmp(l, "at ", 3) == 0 ||
						   strncmp(l, "by ", 3) == 0)) {
			open->line = frame_line(l, base_name(file));
		}
	}
	text_lines_free(&t);
	return found[0] && found[1] && earlier->line && later->line ? 0 : -1;
}

static void lane_mark(FILE *out, int x, int y, const struct access *a)
{
	fprintf(out, "<circle cx=\"%d\" cy=\"%d\" r=\"6\" class=\"access\"/>"
		"<text x=\"%d\" y=\"%d\" class=\"mark\">", x, y, x + 10, y - 8);
	html_escape(out, a->what);
	fprintf(out, ", line %d</text>", a->line);
}

void race_lanes_svg(FILE *out, const struct access *earlier, const struct access *later)
{
	fputs("<svg class=\"lanes\" viewBox=\"0 0 520 120\" width=\"520\" height=\"120\" "
	      "role=\"img\" aria-label=\"two threads, two unordered accesses\">", out);
	const struct access *lane[2] = { earlier, later };
	for (int i = 0; i < 2; i++) {
		int y = 40 + 50 * i;
		fprintf(out, "<text x=\"4\" y=\"%d\" class=\"thread\">", y + 4);
		html_escape(out, lane[i]->thread);
		fprintf(out, "</text><line x1=\"130\" y1=\"%d\" x2=\"500\" y2=\"%d\" "
			"class=\"lane\"/>", y, y);
	}
	lane_mark(out, 230, 40, earlier);
	lane_mark(out, 380, 90, later);
	fputs("<line x1=\"236\" y1=\"44\" x2=\"374\" y2=\"86\" class=\"unordered\"/>"
	      "<text x=\"130\" y=\"116\" class=\"axis\">time →  (no lock, join or "
	      "atomic orders the two accesses)</text></svg>\n", out);
}
