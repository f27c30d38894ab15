/* gate_locks.h: lock-order cycles that cannot deadlock, as the lock-set
 * recorder (checks/shims/dodont-locks.c) saw them in the watchdog run.
 *
 * The recorder prints each cycle whose edges were all taken while one
 * common lock was held, as the object and offset of each edge's "taken
 * here" call; these are resolved to the user's lines with addr2line (from
 * binutils, which gcc brings). */
#ifndef DODONT_GATE_LOCKS_H
#define DODONT_GATE_LOCKS_H

#include "finding.h"
#include "user_code.h"

/* Appends one finding of kind "gated-cycle" per such cycle in log, its
 * places the resolved call sites; work_path names a scratch file. */
void gate_locks_read(const char *log, const char *work_path, const struct user_code *u,
		     struct finding_list *out);

/* True when one of the cycles holds every place of f where a lock is taken
 * (role "lock"): f is that cycle, seen by another tool. */
bool gate_locks_cover(const struct finding_list *cycles, const struct finding *f);

#endif
