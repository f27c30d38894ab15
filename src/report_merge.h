/* report_merge.h: `dodont report merge`: the --json results of the shards
 * of one catalogue run (--shard K/N on N machines) as one report. */
#ifndef DODONT_REPORT_MERGE_H
#define DODONT_REPORT_MERGE_H

#include "session.h"

#include <stddef.h>

/* Fills s (from session_init) with the twins and runs of every file, in the
 * order one unsharded run reports them. Returns 0, or -1 with one line in
 * err: a file that cannot be read or is not a dodont --json report. */
int report_merge_load(const char *const *paths, size_t n, struct session *s, char *err,
		      size_t errlen);

#endif
