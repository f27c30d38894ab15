/* toollog.h: each tool's raw log, read into findings in the shared
 * vocabulary of kinds (tools.h).
 *
 * A report counts only where it points at the user's code (user_code.h), so
 * for each stack of a report a reader keeps the topmost frame in the user's
 * code. The first stack of a report is where it happens ("here"); later
 * access stacks are the other side (the earlier write of a race, the other
 * order of a lock cycle), kept with their role. Stacks that only give
 * context (where a thread or mutex was created, where memory was allocated,
 * DRD's "other segment") are used only when a report has no other place, as
 * in a thread leak, whose one stack is where the thread was created. */
#ifndef DODONT_TOOLLOG_H
#define DODONT_TOOLLOG_H

#include "finding.h"
#include "user_code.h"

/* Each reader takes a whole log and appends its findings. The *_count
 * helpers return how many reports the tool itself says it made, or -1 when
 * its summary is missing (a killed run). */
void toollog_tsan(const char *log, const struct user_code *u, struct finding_list *out);
int toollog_tsan_count(const char *log);
void toollog_asan(const char *log, const struct user_code *u, struct finding_list *out);
void toollog_valgrind(const char *log, const struct user_code *u, struct finding_list *out);
int toollog_valgrind_count(const char *log);
/* "FILE:LINE: self-check: MESSAGE" lines printed by the program itself. */
void toollog_selfcheck(const char *log, const struct user_code *u, struct finding_list *out);
/* gdb `thread apply all bt`: adds to f the top user frame of each thread. */
void toollog_gdb(const char *bt, const struct user_code *u, struct finding *f);
/* How many reports the user's suppressions silenced: TSan's "Matched N
 * suppressions" and Valgrind's used_suppression lines (-v). */
int toollog_suppressed(const char *log, const char *suppressions_file);

#endif
