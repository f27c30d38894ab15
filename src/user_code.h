/* user_code.h: which files are the user's own code.
 *
 * A report counts only where it points at code the user can change: any of
 * the sources given, or a file under the folder of the first one (the
 * project's own headers and helpers). Never libc, the sanitizer runtime or
 * a system header, even when the first source lives beside them. Tools print
 * absolute paths (dodont compiles absolute paths); findings use the names
 * the user gave, and paths relative to the current folder for the rest. */
#ifndef DODONT_USER_CODE_H
#define DODONT_USER_CODE_H

#include "util.h"

#include <stdbool.h>
#include <stddef.h>

struct user_code {
	struct strv given;	/* the sources, as given */
	struct strv real;	/* their real paths, in the same order */
	char *root;		/* the real folder of the first source */
	char *cwd;		/* the current folder, for relative names */
};

/* Fills u from the sources; a source that cannot be resolved keeps its given
 * name (it matches only itself). */
void user_code_init(struct user_code *u, const struct strv *sources);
void user_code_free(struct user_code *u);

/* The name to report for path, newly allocated; NULL when path is not the
 * user's code. */
char *user_code_name(const struct user_code *u, const char *path);

#endif
