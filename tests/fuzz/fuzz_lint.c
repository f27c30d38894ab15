/* fuzz_lint.c: the analyzers' logs as dodont's lint reads them
 * (lint_parse.c): clang-tidy's, Coccinelle's and cppcheck's, and the
 * compiler-style line splitter they share.
 *
 * The parsers read a log file by path. The input is written to one file,
 * created once and unlinked at once, and reached through /proc/self/fd: no
 * file is left behind, even when a run crashes. */
#include "fuzz.h"

#include "lint_int.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The files under analysis, as dodont would have them: one named as the
 * analyzers print it, one by its absolute path. */
static const char *const given[] = {
	"antipatterns/cond-wait-loop.c",
	"/project/antipatterns/async-cancel.c",
};
static char *real[] = {
	"/project/antipatterns/cond-wait-loop.c",
	"/project/antipatterns/async-cancel.c",
};
static const struct lint_inputs inputs = { .given = given, .real = real, .n = 2 };

/* The log file's path; the file stays open (so alive) for the whole run. */
static const char *log_path(void)
{
	static char path[64];
	static int fd = -1;
	if (fd < 0) {
		const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
		char name[64];
		(void)snprintf(name, sizeof name, "%s/dodont-fuzz-lint-XXXXXX", dir);
		fd = mkstemp(name);
		if (fd < 0 || unlink(name) != 0)
			fuzz_broken("cannot make a log file in %s: %s", dir, strerror(errno));
		(void)snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	return path;
}

static void write_log(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "w");
	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
		fuzz_broken("cannot write %s: %s", path, strerror(errno));
}

/* Each line through the splitter alone, as a line without its newline. */
static void split_lines(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), *cur = text, *line;
	while ((line = strsep(&cur, "\n"))) {
		struct lint_diag d;
		if (lint_diag_split(line, &d) != 0)
			continue;
		if (!d.file || !d.kind || !d.text || d.line < 0 || d.col < 0)
			fuzz_broken("lint_diag_split: a diagnostic with a missing part");
		(void)lint_diag_tag(d.text);
	}
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = log_path();
	write_log(path, data, size);
	struct finding_list found = { 0 };
	char err[512] = "";
	int rc = lint_parse_tidy(path, &inputs, &found, err, sizeof err);
	if (rc < 0 || rc > 1)
		fuzz_broken("lint_parse_tidy returned %d", rc);
	if (rc == 1 && !err[0])
		fuzz_broken("lint_parse_tidy: a failed compile without its error");
	if (lint_parse_spatch(path, "lint-rules.cocci", &inputs, &found) != 0)
		fuzz_broken("lint_parse_spatch failed on a readable log");
	if (lint_parse_cppcheck(path, &inputs, &found) != 0)
		fuzz_broken("lint_parse_cppcheck failed on a readable log");
	for (size_t i = 0; i < found.len; i++)
		if (!found.items[i].kind || !found.items[i].nlocs)
			fuzz_broken("lint finding %zu has no kind or no place", i);
	finding_list_free(&found);
	split_lines(data, size);
	return 0;
}
