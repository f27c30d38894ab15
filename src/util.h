/* util.h: small helpers shared by dodont's modules. */
#ifndef DODONT_UTIL_H
#define DODONT_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* Exit statuses of every dodont command (DESIGN.md). */
enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

/* Registers what fatal() and internal_error() do before they end dodont
 * (set once, before any thread starts). */
void util_before_exit(void (*fn)(void));
/* Prints "dodont: MESSAGE" and exits with status 2 (usage or environment
 * error), after killing every program still running. */
_Noreturn void fatal(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* A broken invariant in dodont itself (a pthread call on a valid object
 * failing): says so and aborts. A bug to report, not a usage error. */
_Noreturn void internal_error(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* Allocation that cannot fail silently: out of memory is an environment error. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Appends the formatted text to *s (NULL: the empty string), reallocated. */
void xappendf(char **s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reads a whole file; NULL with errno set on failure. */
char *read_file(const char *path, size_t *len);
/* mkdir -p; 0 or -1 with errno. */
int make_dirs(const char *path);
/* The last path component, without a trailing ".c". Newly allocated. */
char *entry_name_of(const char *path);
/* Last component of a path (a pointer into it). */
const char *base_name(const char *path);
/* Thread-safe strerror. */
const char *errstr(int err, char *buf, size_t len);
/* True when cmd is an executable in the PATH dodont gives every program it
 * runs (/usr/local/bin:/usr/bin:/bin), or a path to one. */
bool find_command(const char *cmd);
/* The environment every program dodont starts gets: nothing inherited, so
 * no TSAN_OPTIONS or LD_PRELOAD of the caller's can change a result. */
#define CHILD_PATH "PATH=/usr/local/bin:/usr/bin:/bin"
/* A growable, NULL-terminated vector of owned strings (an argv). */
struct strv {
	char **v;	/* v[n] == NULL once anything was pushed */
	size_t n;
};
void strv_push(struct strv *s, const char *item);
void strv_free(struct strv *s);
/* Appends the words of a shell command line (quotes and backslashes as sh
 * reads them; no expansion, no globbing). */
void split_words(const char *line, struct strv *words);

/* The candidate nearest to word by edit distance, when at most max_distance
 * edits away; NULL otherwise. For "did you mean" in error messages. */
const char *nearest_word(const char *word, const char *const *candidates, size_t n,
			 int max_distance);

/* Monotonic clock in seconds. */
double now_seconds(void);

#endif
