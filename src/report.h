/* report.h: what a session found, as TAP, a matrix, JSON and JUnit XML. */
#ifndef DODONT_REPORT_H
#define DODONT_REPORT_H

#include "session.h"
#include "verdict.h"

#include <stdio.h>

/* One TAP test point per twin x tool (its repetitions folded into one), then
 * the line "N passed, N failed[, N skipped]". Returns the failed count. */
size_t report_tap(FILE *out, const struct session *s);
/* Entries down, tools across: what caught each broken twin, and whether its
 * correct twin stayed clean. */
void report_matrix(FILE *out, const struct session *s);
/* Every run with its findings, and verify's verdict when v is not NULL,
 * through jansson. 0, or -1 with errno. */
int report_json(const char *path, const struct session *s, const struct verdict *v);
/* A JUnit-style testsuite: one testcase per twin x tool. 0, or -1. */
int report_junit(const char *path, const struct session *s);

#endif
