/* html_report.h: the static report a teacher projects.
 *
 * DIR/index.html (one file, no script, no network) and its stylesheet
 * DIR/report.css, copied from checks/html/: the entries x tools matrix with
 * its legend and the skips' reasons, then one section per entry. */
#ifndef DODONT_HTML_REPORT_H
#define DODONT_HTML_REPORT_H

#include "session.h"

/* Writes the report of s into dir (created if missing). Returns 0, or -1
 * with errno set. */
int html_report(const char *dir, const struct session *s);

#endif
