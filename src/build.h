/* build.h: compile a program in the variant each tool runs.
 *
 * TSan and ASan builds use clang; what Valgrind and the native tools run is
 * built with gcc, whose DWARF Valgrind 3.19 reads (clang 14's default DWARF 5
 * loses Valgrind's line numbers), at -O0 so that every report names the line
 * as written (at -O1 gcc folds a loop's body into its `for` line).
 *
 * A program is one or several sources and the user's flags. Each source is
 * compiled to an object of its own (so that the compiler can list the headers
 * each one includes), then the objects are linked. Sources are given to the
 * compiler by their absolute paths, so every tool prints absolute paths that
 * map back to the names the user gave. Everything goes under out_dir, and an
 * object or binary is reused only when it was built by the same command and
 * is newer than everything it was made from (and than dodont itself). */
#ifndef DODONT_BUILD_H
#define DODONT_BUILD_H

#include "tools.h"
#include "util.h"

#include <stdbool.h>
#include <stddef.h>

struct build_request {
	const struct strv *sources;	/* the first names the binary */
	const struct strv *flags;	/* the user's: compiler and linker flags */
	bool catalogue;		/* a catalogue program: -std=c17 -D_GNU_SOURCE */
	enum variant variant;
	const char *out_dir;
};

/* Builds the program; on success returns the binary's path (newly
 * allocated). On failure returns NULL and writes one line to err: the
 * compiler's first error, or why it could not run. */
char *build_program(const struct build_request *req, char *err, size_t errlen);

#endif
