/* html_entry.h: one entry of the HTML report.
 *
 * The pair side by side (code only, numbered as in the files, changed lines
 * highlighted), each line a tool reported marked with the tool and the kind,
 * and below it every finding with its normalised log excerpt; a data race
 * also as two thread lanes on a time line. */
#ifndef DODONT_HTML_ENTRY_H
#define DODONT_HTML_ENTRY_H

#include "session.h"

#include <stdio.h>

/* Writes the section of twins[0..n) (a pair: correct then broken; or one
 * file). *next_id numbers the findings' anchors across the page. */
void html_entry(FILE *out, const struct session *s, const struct twin *const *twins,
		size_t n, int *next_id);
/* "det", "own", "dodont" or "lint": the CSS class of a finding's source. */
const char *source_class(const char *kind, enum tool t);

#endif
