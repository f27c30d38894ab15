/* catalog.c: where things are: the project root, its entries, its twins. */
#include "catalog.h"

#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The project is the nearest folder above the dodont binary that holds
 * patterns/ and checks/ (build/dodont, or build/tsan/dodont for the TSan
 * build the tests run). */
void paths_init(struct paths *p)
{
	char dir[4096];
	ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
	if (n <= 0)
		fatal("cannot find where dodont is installed (/proc/self/exe)");
	dir[n] = '\0';
	for (char *slash; (slash = strrchr(dir, '/')) && slash != dir;) {
		*slash = '\0';
		char *pat = xasprintf("%s/patterns", dir);
		char *chk = xasprintf("%s/checks", dir);
		bool found = access(pat, R_OK) == 0 && access(chk, R_OK) == 0;
		free(pat);
		free(chk);
		if (found) {
			p->root = xstrdup(dir);
			p->build = xasprintf("%s/build", dir);
			return;
		}
	}
	fatal("cannot find the project (patterns/ and checks/) above %.*s",
	      (int)n, dir);
}

void paths_free(struct paths *p)
{
	free(p->root);
	free(p->build);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **catalog_entries(const struct paths *p, size_t *n)
{
	char *dir = xasprintf("%s/patterns", p->root);
	DIR *d = opendir(dir);
	if (!d) {
		char eb[128];
		fatal("cannot read %s: %s", dir, errstr(errno, eb, sizeof eb));
	}
	char **names = NULL;
	*n = 0;
	for (struct dirent *de; (de = readdir(d));) {
		size_t len = strlen(de->d_name);
		if (len < 3 || strcmp(de->d_name + len - 2, ".c") != 0)
			continue;
		char *twin = xasprintf("%s/antipatterns/%s", p->root, de->d_name);
		if (access(twin, R_OK) != 0)
			fatal("patterns/%s has no broken twin: add antipatterns/%s",
			      de->d_name, de->d_name);
		free(twin);
		names = xrealloc(names, (*n + 1) * sizeof *names);
		names[(*n)++] = entry_name_of(de->d_name);
	}
	closedir(d);
	free(dir);
	qsort(names, *n, sizeof *names, by_name);
	return names;
}

void catalog_free(char **entries, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(entries[i]);
	free(entries);
}
