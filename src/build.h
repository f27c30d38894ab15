/* build.h: compile a program in the variant each tool runs.
 *
 * TSan and ASan builds use clang; what Valgrind and the native tools run is
 * built with gcc, whose DWARF Valgrind 3.19 reads (clang 14's default DWARF 5
 * loses Valgrind's line numbers), at -O0 so that every report names the line
 * as written (at -O1 gcc folds a loop's body into its `for` line). Binaries go under build/, and a binary newer
 * than its source and every header it includes is reused. */
#ifndef DODONT_BUILD_H
#define DODONT_BUILD_H

#include "tools.h"

#include <stddef.h>

/* Builds src in variant v under out_dir; on success returns the binary's path
 * (newly allocated). On failure returns NULL and writes one line to err: the
 * compiler's first error, or why it could not run. */
char *build_variant(const char *src, enum variant v, const char *out_dir,
		    char *err, size_t errlen);

#endif
