/* util.c: small helpers shared by dodont's modules. */
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* What must happen before any exit: the exec module kills every program
 * still running, so that no exit of dodont leaves one behind. */
static void (*before_exit)(void);

void util_before_exit(void (*fn)(void))
{
	before_exit = fn;
}

void fatal(const char *fmt, ...)
{
	if (before_exit)
		before_exit();
	va_list ap;
	va_start(ap, fmt);
	fputs("dodont: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	_Exit(EXIT_USAGE);	/* no atexit work: worker threads may still run */
}

void internal_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("dodont: internal error: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputs(" (a bug in dodont: please report it)\n", stderr);
	va_end(ap);
	if (before_exit)
		before_exit();
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		fatal("out of memory");
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		fatal("out of memory");
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		fatal("out of memory");
	return p;
}

char *xstrdup(const char *s)
{
	char *d = strdup(s);
	if (!d)
		fatal("out of memory");
	return d;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatal("out of memory");
	return s;
}

void xappendf(char **s, const char *fmt, ...)
{
	va_list ap;
	char *piece;
	va_start(ap, fmt);
	int n = vasprintf(&piece, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatal("out of memory");
	char *joined = xasprintf("%s%s", *s ? *s : "", piece);
	free(piece);
	free(*s);
	*s = joined;
}

char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		n += fread(buf + n, 1, cap - n - 1, f);
		if (n < cap - 1)
			break;
		char *bigger = realloc(buf, cap * 2);
		if (!bigger) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = bigger;
		cap *= 2;
	}
	int err = ferror(f) ? EIO : 0;
	if (fclose(f) != 0 && !err)
		err = errno;
	if (buf && err) {
		free(buf);
		errno = err;
		return NULL;
	}
	if (!buf) {
		errno = ENOMEM;
		return NULL;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

int make_dirs(const char *path)
{
	char *p = strdup(path);
	if (!p)
		return -1;
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return 0;
}

const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

char *entry_name_of(const char *path)
{
	char *name = xstrdup(base_name(path));
	size_t n = strlen(name);
	if (n > 2 && strcmp(name + n - 2, ".c") == 0)
		name[n - 2] = '\0';
	return name;
}

const char *errstr(int err, char *buf, size_t len)
{
	return strerror_r(err, buf, len);	/* GNU: returns the message */
}

bool find_command(const char *cmd)
{
	if (strchr(cmd, '/'))
		return access(cmd, X_OK) == 0;
	const char *dirs[] = { "/usr/local/bin", "/usr/bin", "/bin" };
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		char *p = xasprintf("%s/%s", dirs[i], cmd);
		bool ok = access(p, X_OK) == 0;
		free(p);
		if (ok)
			return true;
	}
	return false;
}

double now_seconds(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		internal_error("clock_gettime(CLOCK_MONOTONIC) failed");
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void strv_push(struct strv *s, const char *item)
{
	s->v = xrealloc(s->v, (s->n + 2) * sizeof *s->v);
	s->v[s->n++] = xstrdup(item);
	s->v[s->n] = NULL;
}

void strv_free(struct strv *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	*s = (struct strv){ 0 };
}

void split_words(const char *s, struct strv *words)
{
	size_t cap = strlen(s) + 1, n = 0;
	char *word = xmalloc(cap);
	bool in_word = false;
	for (char quote = 0; *s; s++) {
		if (quote == '\'' && *s != '\'') {
			word[n++] = *s;
		} else if (quote == '"' && *s == '\\' && s[1] && strchr("\"\\$`", s[1])) {
			word[n++] = *++s;
		} else if (quote && *s == quote) {
			quote = 0;
		} else if (quote) {
			word[n++] = *s;
		} else if (*s == '\'' || *s == '"') {
			quote = *s;
			in_word = true;
		} else if (*s == '\\' && s[1]) {
			word[n++] = *++s;
			in_word = true;
		} else if (*s == ' ' || *s == '\t' || *s == '\n') {
			if (in_word) {
				word[n] = '\0';
				strv_push(words, word);
				n = 0;
				in_word = false;
			}
		} else {
			word[n++] = *s;
			in_word = true;
		}
	}
	if (in_word) {
		word[n] = '\0';
		strv_push(words, word);
	}
	free(word);
}

/* Edit distance counting a swap of two neighbours as one edit (optimal
 * string alignment): "cpas" is one edit from "caps". Words here are short. */
static int edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return 1000;
	int d[65][65];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			int best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[la][lb];
}

const char *nearest_word(const char *word, const char *const *candidates, size_t n,
			 int max_distance)
{
	const char *best = NULL;
	int best_distance = max_distance + 1;
	for (size_t i = 0; i < n; i++) {
		int d = edit_distance(word, candidates[i]);
		if (d < best_distance) {
			best = candidates[i];
			best_distance = d;
		}
	}
	return best;
}
