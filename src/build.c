/* build.c: compile a program in the variant each tool runs (see build.h). */
#include "build.h"

#include "exec.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const variant_names[] = { "tsan", "asan", "plain" };

/* What a linker, not a compiler, takes. */
static bool is_link_flag(const char *f)
{
	size_t n = strlen(f);
	return strncmp(f, "-l", 2) == 0 || strncmp(f, "-L", 2) == 0 ||
	       strncmp(f, "-Wl,", 4) == 0 || strcmp(f, "-static") == 0 ||
	       (n > 2 && (strcmp(f + n - 2, ".a") == 0 || strcmp(f + n - 2, ".o") == 0)) ||
	       (n > 3 && strcmp(f + n - 3, ".so") == 0) || strstr(f, ".so.");
}

/* The compiler and flags of a variant, up to the user's flags. */
static void variant_flags(const struct build_request *req, struct strv *argv)
{
	bool plain = req->variant == VARIANT_PLAIN;
	strv_push(argv, plain ? "gcc" : "clang");
	strv_push(argv, req->catalogue ? "-std=c17" : "-std=gnu17");
	if (req->catalogue)
		strv_push(argv, "-D_GNU_SOURCE");
	strv_push(argv, "-pthread");
	strv_push(argv, "-g");
	strv_push(argv, "-fno-omit-frame-pointer");
	strv_push(argv, plain ? "-O0" : "-O1");
	if (req->variant == VARIANT_TSAN)
		strv_push(argv, "-fsanitize=thread");
	if (req->variant == VARIANT_ASAN)
		strv_push(argv, "-fsanitize=address");
}

static char *joined(const struct strv *argv)
{
	size_t len = 1;
	for (size_t i = 0; i < argv->n; i++)
		len += strlen(argv->v[i]) + 1;
	char *s = xmalloc(len), *p = s;
	for (size_t i = 0; i < argv->n; i++)
		p += sprintf(p, "%s%s", i ? " " : "", argv->v[i]);
	*p = '\0';
	return s;
}

static double mtime_of(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return -1;
	return (double)st.st_mtim.tv_sec + st.st_mtim.tv_nsec / 1e9;
}

/* True when target was built by exactly `cmd` (its .cmd stamp says so) and
 * is newer than dodont and than every input: the files named in the
 * compiler's dependency list (dep_file), or the given inputs. */
static bool up_to_date(const char *target, const char *cmd, const char *dep_file,
		       const struct strv *inputs)
{
	double built = mtime_of(target);
	if (built < 0 || mtime_of("/proc/self/exe") >= built)
		return false;
	char *stamp_path = xasprintf("%s.cmd", target);
	char *stamp = read_file(stamp_path, NULL);
	free(stamp_path);
	bool fresh = stamp && strcmp(stamp, cmd) == 0;
	free(stamp);
	char *deps = fresh && dep_file ? read_file(dep_file, NULL) : NULL;
	if (fresh && dep_file && !deps)
		fresh = false;
	char *save;
	for (char *w = deps ? strtok_r(deps, " \t\n\\", &save) : NULL; w && fresh;
	     w = strtok_r(NULL, " \t\n\\", &save))
		if (w[strlen(w) - 1] != ':')	/* not the target */
			fresh = mtime_of(w) >= 0 && mtime_of(w) < built;
	free(deps);
	for (size_t i = 0; inputs && i < inputs->n && fresh; i++)
		fresh = mtime_of(inputs->v[i]) >= 0 && mtime_of(inputs->v[i]) < built;
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

/* Runs argv (whose last two words are "-o TMP"), then moves TMP to target
 * and writes target's .cmd stamp. 0; -1 with err when the compiler failed;
 * -2 with err when it could not run or its output could not be written. */
static int run_compiler(struct strv *argv, const char *target, const char *cmd,
			char *err, size_t errlen)
{
	char *log = xasprintf("%s.log", target);
	char *const env[] = { CHILD_PATH, "LC_ALL=C", NULL };
	struct exec_result r;
	int rc = exec_run(argv->v, env, log, 300, NULL, &r, err, errlen) == 0 ? 0 : -2;
	if (rc == 0 && (r.timed_out || !WIFEXITED(r.status) || WEXITSTATUS(r.status) != 0)) {
		first_error(log, err, errlen);
		rc = -1;
	}
	char eb[128];
	if (rc == 0 && rename(argv->v[argv->n - 1], target) != 0) {
		(void)snprintf(err, errlen, "cannot rename %s: %s", argv->v[argv->n - 1],
			       errstr(errno, eb, sizeof eb));
		rc = -2;
	}
	char *stamp = xasprintf("%s.cmd", target);
	FILE *f = rc == 0 ? fopen(stamp, "w") : NULL;
	if (rc == 0 && (!f || fputs(cmd, f) == EOF || fclose(f) != 0)) {
		(void)snprintf(err, errlen, "cannot write %s: %s", stamp,
			       errstr(errno, eb, sizeof eb));
		rc = -2;
	}
	free(stamp);
	free(log);
	return rc;
}

static int compile_one(const struct build_request *req, const char *source,
		       const char *obj, char *err, size_t errlen)
{
	char *dep = xasprintf("%s.d", obj);
	char *tmp = xasprintf("%s.tmp", obj);
	struct strv argv = { 0 };
	variant_flags(req, &argv);
	strv_push(&argv, "-Wall");
	strv_push(&argv, "-Wextra");
	for (size_t i = 0; req->flags && i < req->flags->n; i++)
		if (!is_link_flag(req->flags->v[i]))
			strv_push(&argv, req->flags->v[i]);
	strv_push(&argv, "-MMD");
	strv_push(&argv, "-MF");
	strv_push(&argv, dep);
	strv_push(&argv, "-c");
	strv_push(&argv, source);
	char *cmd = joined(&argv);	/* the stamp leaves out the temporary name */
	strv_push(&argv, "-o");
	strv_push(&argv, tmp);
	int rc = up_to_date(obj, cmd, dep, NULL) ? 0 : run_compiler(&argv, obj, cmd, err, errlen);
	free(cmd);
	strv_free(&argv);
	free(dep);
	free(tmp);
	return rc;
}

static int link_all(const struct build_request *req, const struct strv *objs,
		    const char *bin, char *err, size_t errlen)
{
	char *tmp = xasprintf("%s.tmp", bin);
	struct strv argv = { 0 };
	variant_flags(req, &argv);
	for (size_t i = 0; i < objs->n; i++)
		strv_push(&argv, objs->v[i]);
	for (size_t i = 0; req->flags && i < req->flags->n; i++)
		if (is_link_flag(req->flags->v[i]))
			strv_push(&argv, req->flags->v[i]);
	char *cmd = joined(&argv);
	strv_push(&argv, "-o");
	strv_push(&argv, tmp);
	int rc = up_to_date(bin, cmd, NULL, objs) ? 0 : run_compiler(&argv, bin, cmd, err, errlen);
	free(cmd);
	strv_free(&argv);
	free(tmp);
	return rc;
}

/* The compiler names the sources by the absolute paths dodont gave it: the
 * message names them as the user did. */
static void name_sources_as_given(const struct strv *sources, char *err, size_t errlen)
{
	for (size_t i = 0; i < sources->n; i++) {
		char real[PATH_MAX];
		if (!realpath(sources->v[i], real))
			continue;
		char *at = strstr(err, real);
		if (!at)
			continue;
		char *rest = xstrdup(at + strlen(real));
		(void)snprintf(at, errlen - (size_t)(at - err), "%s%s", sources->v[i], rest);
		free(rest);
	}
}

char *build_program(const struct build_request *req, bool *env_error, char *err,
		    size_t errlen)
{
	char eb[128];
	*env_error = true;
	if (make_dirs(req->out_dir) != 0) {
		(void)snprintf(err, errlen, "cannot create %s: %s", req->out_dir,
			       errstr(errno, eb, sizeof eb));
		return NULL;
	}
	char *name = entry_name_of(req->sources->v[0]);
	const char *v = variant_names[req->variant];
	struct strv objs = { 0 };
	int rc = 0;
	for (size_t i = 0; i < req->sources->n && rc == 0; i++) {
		char real[PATH_MAX];
		if (!realpath(req->sources->v[i], real)) {
			(void)snprintf(err, errlen, "cannot read %s: %s", req->sources->v[i],
				       errstr(errno, eb, sizeof eb));
			rc = -2;
			break;
		}
		char *src_name = entry_name_of(real);
		char *obj = xasprintf("%s/%s.%s.%zu.%s.o", req->out_dir, name, v, i, src_name);
		rc = compile_one(req, real, obj, err, errlen);
		strv_push(&objs, obj);
		free(obj);
		free(src_name);
	}
	char *bin = xasprintf("%s/%s.%s", req->out_dir, name, v);
	if (rc == 0)
		rc = link_all(req, &objs, bin, err, errlen);
	strv_free(&objs);
	free(name);
	*env_error = rc == -2;
	if (rc == -1)
		name_sources_as_given(req->sources, err, errlen);
	if (rc != 0) {
		free(bin);
		return NULL;
	}
	return bin;
}
