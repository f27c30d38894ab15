/* lint_inputs.c: the files under analysis, and how the paths an analyzer
 * prints (clang-tidy prints absolute ones) map back to the names given. */
#include "lint_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int lint_inputs_init(struct lint_inputs *in, const char *const *files, size_t n,
		     const struct strv *flags)
{
	*in = (struct lint_inputs){ .given = files, .n = n, .flags = flags };
	in->real = calloc(n ? n : 1, sizeof *in->real);
	if (!in->real) {
		(void)fprintf(stderr, "dodont: out of memory\n");
		return -1;
	}
	char ebuf[128];
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (stat(files[i], &st) != 0 || access(files[i], R_OK) != 0) {
			(void)fprintf(stderr, "dodont: %s: %s\n", files[i],
				      errstr(errno, ebuf, sizeof ebuf));
			return -1;
		}
		if (!S_ISREG(st.st_mode)) {
			(void)fprintf(stderr, "dodont: %s: not a regular file: give C source files\n",
				      files[i]);
			return -1;
		}
		in->real[i] = realpath(files[i], NULL);
		if (!in->real[i]) {
			(void)fprintf(stderr, "dodont: %s: %s\n", files[i],
				      errstr(errno, ebuf, sizeof ebuf));
			return -1;
		}
	}
	return 0;
}

void lint_inputs_free(struct lint_inputs *in)
{
	for (size_t i = 0; in->real && i < in->n; i++)
		free(in->real[i]);
	free(in->real);
	in->real = NULL;
}

long lint_inputs_find(const struct lint_inputs *in, const char *path)
{
	for (size_t i = 0; i < in->n; i++)
		if (strcmp(path, in->given[i]) == 0 || strcmp(path, in->real[i]) == 0)
			return (long)i;
	char *real = realpath(path, NULL);
	if (!real)
		return -1;
	long found = -1;
	for (size_t i = 0; i < in->n && found < 0; i++)
		if (strcmp(real, in->real[i]) == 0)
			found = (long)i;
	free(real);
	return found;
}
