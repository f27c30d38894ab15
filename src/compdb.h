/* compdb.h: the flags a project compiles each source with, read from the
 * compilation database (compile_commands.json, as CMake and bear write it).
 *
 * Only the flags that change what the code means are kept: -I, -isystem,
 * -iquote, -idirafter, -include, -D, -U, -std= and -pthread. Everything
 * that is about producing an object (-c, -o, -M*, -O*, -g, -W*, the compiler
 * itself, the source) is dropped: each dodont tool adds its own. Relative
 * paths are made absolute against the entry's "directory", so the flags work
 * from wherever dodont runs. */
#ifndef DODONT_COMPDB_H
#define DODONT_COMPDB_H

#include "util.h"

#include <stddef.h>

/* Appends to flags the flags of `file` in DIR/compile_commands.json.
 * Returns 0; or -1 with one line in err: no database in DIR, a database
 * that is not a JSON array of entries, or a file it does not list. */
int compdb_flags(const char *dir, const char *file, struct strv *flags,
		 char *err, size_t errlen);

#endif
