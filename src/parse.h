/* parse.h: turn each tool's raw output into findings in the shared vocabulary.
 *
 * A report counts only where it points at the program under test, so every
 * parser keeps, for each stack of a report, the topmost frame that lies in the
 * program's own file (matched by file name). Stacks that only give context
 * (where a thread or mutex was created, where memory was allocated, DRD's
 * "other segment") are used only when a report has no other location, as in
 * a thread leak, whose one stack is where the thread was created. */
#ifndef DODONT_PARSE_H
#define DODONT_PARSE_H

#include "finding.h"

/* Each parser reads a whole log and appends findings for the program file
 * named prog. The *_expected_count helpers return how many reports the tool
 * itself says it made, or -1 when its summary is missing (a killed run). */
void parse_tsan(const char *log, const char *prog, struct finding_list *out);
int tsan_reported_count(const char *log);
void parse_asan(const char *log, const char *prog, struct finding_list *out);
void parse_valgrind(const char *log, const char *prog, struct finding_list *out);
int valgrind_error_contexts(const char *log);
/* "FILE:LINE: self-check: MESSAGE" lines printed by the program itself. */
void parse_selfcheck(const char *log, const char *prog, struct finding_list *out);
/* gdb `thread apply all bt`: adds to f the top program frame of each thread. */
void parse_gdb_backtrace(const char *bt, const char *prog, struct finding *f);

#endif
