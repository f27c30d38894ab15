/* log_excerpt.h: the part of a tool's raw log about one finding, in a form
 * that reads the same from any checkout and any run.
 *
 * A log holds several reports: a TSan or ASan report between lines of '=',
 * a Helgrind error between lines of '-', other reports (DRD, Memcheck, gdb
 * backtraces, a program's own output) between blank lines. The excerpt is
 * the report that names the finding's FILE:LINE (or holds its message). */
#ifndef DODONT_LOG_EXCERPT_H
#define DODONT_LOG_EXCERPT_H

/* Replaces root + "/" by nothing (paths relative to the project), every
 * 0x-address of 4 or more hex digits by "0x…", PIDs and thread ids
 * ("==1234==", "pid=1234", "tid=1234", "LWP 1234", "process 1234") by
 * PID/TID, and BuildIds by "…". Newly allocated. */
char *log_normalise(const char *text, const char *root);
/* The normalised excerpt of log_path (and of log_path.bt, where a hung
 * program's backtraces are) about a finding at file:line (line 0: none) with
 * this message; at most 40 lines. NULL when there is no log to read. */
char *log_excerpt(const char *log_path, const char *file, int line,
		  const char *message, const char *root);

#endif
