/* compdb.c: flags from compile_commands.json (see compdb.h). */
#include "compdb.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* dir/path unless path is absolute. */
static char *against(const char *dir, const char *path)
{
	return path[0] == '/' ? xstrdup(path) : xasprintf("%s/%s", dir, path);
}

/* Flags whose value is a path, given as the next word or joined to it. */
static const char *const path_flags[] = { "-I", "-isystem", "-iquote", "-idirafter",
					  "-include" };

static void keep_flags(const struct strv *words, const char *dir, struct strv *flags)
{
	for (size_t i = 1; i < words->n; i++) {
		const char *w = words->v[i];
		bool done = false;
		for (size_t k = 0; k < sizeof path_flags / sizeof path_flags[0] && !done; k++) {
			size_t len = strlen(path_flags[k]);
			if (strncmp(w, path_flags[k], len) != 0)
				continue;
			const char *value = w[len] ? w + len : i + 1 < words->n ? words->v[++i] : NULL;
			if (value) {
				char *abs = against(dir, value);
				if (strcmp(path_flags[k], "-I") == 0) {
					char *flag = xasprintf("-I%s", abs);
					strv_push(flags, flag);
					free(flag);
				} else {
					strv_push(flags, path_flags[k]);
					strv_push(flags, abs);
				}
				free(abs);
			}
			done = true;
		}
		if (done)
			continue;
		if ((strncmp(w, "-D", 2) == 0 || strncmp(w, "-U", 2) == 0) && !w[2]) {
			if (i + 1 < words->n) {
				char *flag = xasprintf("%.2s%s", w, words->v[++i]);
				strv_push(flags, flag);
				free(flag);
			}
		} else if (strncmp(w, "-D", 2) == 0 || strncmp(w, "-U", 2) == 0 ||
			   strncmp(w, "-std=", 5) == 0 || strcmp(w, "-pthread") == 0) {
			strv_push(flags, w);
		}
	}
}

static bool same_file(const char *dir, const char *entry_file, const char *real_target)
{
	char *path = against(dir, entry_file);
	char *real = realpath(path, NULL);
	bool same = real && strcmp(real, real_target) == 0;
	free(real);
	free(path);
	return same;
}

/* The entry's words: "arguments" as given, or "command" split. */
static void entry_words(json_t *entry, struct strv *words)
{
	json_t *args = json_object_get(entry, "arguments");
	size_t i;
	json_t *a;
	if (json_is_array(args)) {
		json_array_foreach(args, i, a)
			if (json_is_string(a))
				strv_push(words, json_string_value(a));
		return;
	}
	const char *command = json_string_value(json_object_get(entry, "command"));
	if (command)
		split_words(command, words);
}

int compdb_flags(const char *dir, const char *file, struct strv *flags,
		 char *err, size_t errlen)
{
	char *path = xasprintf("%s/compile_commands.json", dir);
	char *target = realpath(file, NULL);
	json_error_t jerr;
	json_t *db = json_load_file(path, 0, &jerr);
	int rc = -1;
	if (!target) {
		char eb[128];
		(void)snprintf(err, errlen, "cannot read %s: %s", file, errstr(errno, eb, sizeof eb));
	} else if (!db && jerr.line < 1) {
		(void)snprintf(err, errlen, "no %s: -p names the folder that holds "
			       "compile_commands.json (CMake: -DCMAKE_EXPORT_COMPILE_COMMANDS=ON; "
			       "or bear -- make)", path);
	} else if (!json_is_array(db)) {
		(void)snprintf(err, errlen, "%s:%d: not a compilation database (a JSON array "
			       "of entries): %s", path, jerr.line, db ? "not an array" : jerr.text);
	} else {
		size_t i;
		json_t *entry;
		(void)snprintf(err, errlen, "%s is not in %s: give its flags after --, or "
			       "rebuild the database", file, path);
		json_array_foreach(db, i, entry) {
			const char *edir = json_string_value(json_object_get(entry, "directory"));
			const char *efile = json_string_value(json_object_get(entry, "file"));
			if (!edir || !efile || !same_file(edir, efile, target))
				continue;
			struct strv words = { 0 };
			entry_words(entry, &words);
			keep_flags(&words, edir, flags);
			strv_free(&words);
			rc = 0;
			break;
		}
	}
	json_decref(db);
	free(target);
	free(path);
	return rc;
}
