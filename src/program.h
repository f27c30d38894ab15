/* program.h: a program, and its leading comment, where its expectations live.
 *
 * The grammar is in README.md ("Writing a pair"): a title line, then
 * `key: value` directives (rule, expect, skip, args, timeout, caps, fault,
 * hold-ms, sources, cflags) among free prose; `@tag` comments on code lines name the lines an
 * expectation points at. */
#ifndef DODONT_PROGRAM_H
#define DODONT_PROGRAM_H

#include "util.h"

#include <stdbool.h>
#include <stddef.h>

struct tag {
	char *name;
	int line;
};

struct expectation {
	unsigned tools;		/* bit (1u << enum tool) per tool */
	char *kind;
	int *lines;		/* the tagged lines, resolved */
	char **tags;
	size_t ntags;
	int header_line;	/* where the expect line is, for messages */
};

struct skip {
	unsigned tools;
	char *reason;
};

struct fault {
	char *spec;		/* "pthread_create:2:EAGAIN" or "kill-child:2" */
};

struct program {
	char *path;		/* the first source: its header is this program's */
	char *entry;		/* file name without .c */
	struct strv sources;	/* every source, path first; then `sources:` lines,
				 * resolved against path's folder */
	struct strv cflags;	/* compiler and linker flags (`cflags:` lines) */
	char *title;
	char *rule;
	struct expectation *expects;
	size_t nexpects;
	struct skip *skips;
	size_t nskips;
	char **args;
	size_t nargs;
	double timeout;		/* native watchdog, seconds */
	int hold_ms;		/* DRD --exclusive-threshold */
	int cap_threads, cap_fds;	/* 0: no caps run */
	struct fault *faults;
	size_t nfaults;
	struct tag *tags;
	size_t ntags;
};

/* Loads and parses PATH. With require_rule, a missing `rule:` is malformed
 * (catalogue entries); without it, a file with no header is a plain program
 * expected to be clean. On error returns -1 and writes one line to err. */
int program_load(const char *path, bool require_rule, struct program *p,
		 char *err, size_t errlen);
/* Parses header text from a buffer (unit tests use it directly). */
int program_parse(const char *path, const char *text, bool require_rule,
		  struct program *p, char *err, size_t errlen);
void program_free(struct program *p);

/* Replaces the program's arguments with the words of `args` (split as sh
 * would, without expansion). */
void program_set_args(struct program *p, const char *args);

/* The skip reason that applies to tool t, or NULL. */
const char *program_skip_reason(const struct program *p, int tool);
/* True when the program declares any expectation (a broken twin). */
bool program_expects_findings(const struct program *p);

#endif
