/* user_code.c: which files are the user's own code (see user_code.h). */
#include "user_code.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Folders of the system's code: never the user's, whatever the root. */
static const char *const system_dirs[] = {
	"/usr/include/", "/usr/lib/", "/usr/local/include/", "/lib/", "/lib64/",
	"/usr/src/", "/build/",
};

static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return strncmp(path, dir, n) == 0 && (path[n] == '/' || dir[n - 1] == '/');
}

void user_code_init(struct user_code *u, const struct strv *sources)
{
	*u = (struct user_code){ 0 };
	for (size_t i = 0; i < sources->n; i++) {
		char *real = realpath(sources->v[i], NULL);
		strv_push(&u->given, sources->v[i]);
		strv_push(&u->real, real ? real : sources->v[i]);
		free(real);
	}
	if (u->real.n) {
		u->root = xstrdup(u->real.v[0]);
		char *slash = strrchr(u->root, '/');
		if (slash)
			*(slash == u->root ? slash + 1 : slash) = '\0';
	}
	char cwd[PATH_MAX];
	u->cwd = xstrdup(getcwd(cwd, sizeof cwd) ? cwd : "/");
}

void user_code_free(struct user_code *u)
{
	strv_free(&u->given);
	strv_free(&u->real);
	free(u->root);
	free(u->cwd);
	*u = (struct user_code){ 0 };
}

char *user_code_name(const struct user_code *u, const char *path)
{
	for (size_t i = 0; i < u->given.n; i++)
		if (strcmp(path, u->given.v[i]) == 0 || strcmp(path, u->real.v[i]) == 0)
			return xstrdup(u->given.v[i]);
	if (path[0] != '/')
		return NULL;	/* a bare name no source has: not ours to claim */
	char *real = realpath(path, NULL);
	const char *p = real ? real : path;
	char *name = NULL;
	for (size_t i = 0; i < u->given.n && !name; i++)
		if (strcmp(p, u->real.v[i]) == 0)
			name = xstrdup(u->given.v[i]);
	bool system = false;
	for (size_t i = 0; i < sizeof system_dirs / sizeof system_dirs[0]; i++)
		system |= strncmp(p, system_dirs[i], strlen(system_dirs[i])) == 0;
	if (!name && !system && u->root && strcmp(u->root, "/") != 0 && under(p, u->root))
		name = under(p, u->cwd) ? xstrdup(p + strlen(u->cwd) + 1) : xstrdup(p);
	free(real);
	return name;
}
