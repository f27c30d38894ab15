/* build.c: compile a program in the variant each tool runs (see build.h). */
#include "build.h"

#include "exec.h"
#include "util.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const variant_names[] = { "tsan", "asan", "plain" };

/* The flags every variant shares: the language the catalogue is written in. */
#define COMMON_FLAGS "-std=c17", "-D_GNU_SOURCE", "-pthread", "-g", "-Wall", "-Wextra"

static bool newer_than(const char *bin, const char *dep_file, const char *src)
{
	struct stat b, s, self;
	if (stat(bin, &b) != 0 || stat(src, &s) != 0 || s.st_mtime >= b.st_mtime)
		return false;
	/* a newer dodont may build with other flags */
	if (stat("/proc/self/exe", &self) != 0 || self.st_mtime >= b.st_mtime)
		return false;
	/* the .d file gcc/clang wrote lists every header the program includes */
	char *deps = read_file(dep_file, NULL);
	if (!deps)
		return false;
	bool fresh = true;
	char *save;
	for (char *w = strtok_r(deps, " \t\n\\", &save); w && fresh;
	     w = strtok_r(NULL, " \t\n\\", &save)) {
		if (w[strlen(w) - 1] == ':')
			continue;	/* the target */
		fresh = stat(w, &s) == 0 && s.st_mtime < b.st_mtime;
	}
	free(deps);
	return fresh;
}

/* The compiler's first line that says "error", for a one-line message. */
static void first_error(const char *log_path, char *err, size_t errlen)
{
	char *log = read_file(log_path, NULL);
	char *save, *found = NULL;
	for (char *l = log ? strtok_r(log, "\n", &save) : NULL; l && !found;
	     l = strtok_r(NULL, "\n", &save))
		if (strstr(l, "error"))
			found = l;
	if (found)
		(void)snprintf(err, errlen, "%s", found);
	else
		(void)snprintf(err, errlen, "the compiler failed (see %s)", log_path);
	free(log);
}

char *build_variant(const char *src, enum variant v, const char *out_dir,
		    char *err, size_t errlen)
{
	char *name = entry_name_of(src);
	char *bin = xasprintf("%s/%s.%s", out_dir, name, variant_names[v]);
	char *dep = xasprintf("%s.d", bin);
	char *tmp = xasprintf("%s.tmp", bin);
	char *log = xasprintf("%s.log", bin);
	free(name);
	char *result = NULL;
	if (make_dirs(out_dir) != 0) {
		char eb[128];
		(void)snprintf(err, errlen, "cannot create %s: %s", out_dir,
			 errstr(errno, eb, sizeof eb));
		goto out;
	}
	if (newer_than(bin, dep, src)) {
		result = bin;
		goto out;
	}
	char *source = xstrdup(src);	/* spawn's argv is not const */
	char *tsan[] = { "clang", COMMON_FLAGS, "-O1", "-fsanitize=thread",
			 "-fno-omit-frame-pointer", "-MMD", "-MF", dep, source, "-o", tmp, NULL };
	char *asan[] = { "clang", COMMON_FLAGS, "-O1", "-fsanitize=address",
			 "-fno-omit-frame-pointer", "-MMD", "-MF", dep, source, "-o", tmp, NULL };
	char *plain[] = { "gcc", COMMON_FLAGS, "-O0",
			  "-fno-omit-frame-pointer", "-MMD", "-MF", dep, source, "-o", tmp, NULL };
	char **argv = v == VARIANT_TSAN ? tsan : v == VARIANT_ASAN ? asan : plain;
	char *const env[] = { "PATH=/usr/local/bin:/usr/bin:/bin", "LC_ALL=C", NULL };
	struct exec_result r;
	int ran = exec_run(argv, env, log, 120, NULL, &r, err, errlen);
	free(source);
	if (ran != 0)
		goto out;
	if (r.timed_out || !WIFEXITED(r.status) || WEXITSTATUS(r.status) != 0) {
		first_error(log, err, errlen);
		goto out;
	}
	if (rename(tmp, bin) != 0) {
		char eb[128];
		(void)snprintf(err, errlen, "cannot rename %s: %s", tmp, errstr(errno, eb, sizeof eb));
		goto out;
	}
	result = bin;
out:
	if (result != bin)
		free(bin);
	free(dep);
	free(tmp);
	free(log);
	return result;
}
