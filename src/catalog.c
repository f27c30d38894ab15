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

static int is_c_file(const struct dirent *de)
{
	size_t len = strlen(de->d_name);
	return len > 2 && strcmp(de->d_name + len - 2, ".c") == 0;
}

char **catalog_entries(const struct paths *p, size_t *n)
{
	char *dir = xasprintf("%s/patterns", p->root);
	struct dirent **list;
	int found = scandir(dir, &list, is_c_file, alphasort);
	if (found < 0) {
		char eb[128];
		fatal("cannot read %s: %s", dir, errstr(errno, eb, sizeof eb));
	}
	char **names = xcalloc((size_t)found, sizeof *names);
	for (int i = 0; i < found; i++) {
		char *twin = xasprintf("%s/antipatterns/%s", p->root, list[i]->d_name);
		if (access(twin, R_OK) != 0)
			fatal("patterns/%s has no broken twin: add antipatterns/%s",
			      list[i]->d_name, list[i]->d_name);
		free(twin);
		names[i] = entry_name_of(list[i]->d_name);
		free(list[i]);
	}
	free(list);
	free(dir);
	*n = (size_t)found;
	return names;
}

void catalog_free(char **entries, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(entries[i]);
	free(entries);
}
