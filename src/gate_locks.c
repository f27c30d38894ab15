/* gate_locks.c: gated lock-order cycles, resolved to lines (see
 * gate_locks.h). */
#include "gate_locks.h"

#include "exec.h"
#include "toollog_stack.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

/* "OBJECT+0xOFFSET" -> file and line, through addr2line; 0 when resolved. */
static int resolve(const char *site, const char *work_path, char *file, size_t len,
		   int *line)
{
	const char *plus = strrchr(site, '+');
	if (!plus)
		return -1;
	char *object = xasprintf("%.*s", (int)(plus - site), site);
	char *offset = xstrdup(plus + 1);
	char *argv[] = { "addr2line", "-e", object, offset, NULL };
	char *const env[] = { CHILD_PATH, "LC_ALL=C", NULL };
	struct exec_result r;
	char err[256];
	int rc = exec_run(argv, env, work_path, 30, NULL, &r, err, sizeof err);
	free(object);
	free(offset);
	if (rc != 0 || r.timed_out || !WIFEXITED(r.status) || WEXITSTATUS(r.status) != 0)
		return -1;
	char *out = read_file(work_path, NULL);
	int col;
	rc = out && split_location(out, file, len, line, &col) ? 0 : -1;
	free(out);
	return rc;
}

void gate_locks_read(const char *log, const char *work_path, const struct user_code *u,
		     struct finding_list *out)
{
	static const char mark[] = "[dodont-locks] gated cycle:";
	for (const char *s = log; (s = strstr(s, mark)); s++) {
		char *line = xasprintf("%.*s", (int)strcspn(s, "\n"), s + strlen(mark));
		struct finding *f = finding_add(out, "gated-cycle",
						"every edge taken under one common lock");
		if (!f)
			fatal("out of memory");
		char *save;
		for (char *site = strtok_r(line, " ", &save); site;
		     site = strtok_r(NULL, " ", &save)) {
			char file[1024];
			int at;
			if (resolve(site, work_path, file, sizeof file, &at) != 0)
				continue;
			char *name = user_code_name(u, file);
			if (name && finding_add_place(f, name, at, 0, "lock") != 0)
				fatal("out of memory");
			free(name);
		}
		free(line);
	}
}

static bool has_place(const struct finding *f, const struct location *l)
{
	for (size_t i = 0; i < f->nlocs; i++)
		if (f->locs[i].line == l->line && strcmp(f->locs[i].file, l->file) == 0)
			return true;
	return false;
}

bool gate_locks_cover(const struct finding_list *cycles, const struct finding *f)
{
	for (size_t c = 0; c < cycles->len; c++) {
		const struct finding *cycle = &cycles->items[c];
		if (strcmp(cycle->kind, "gated-cycle") != 0 || !cycle->nlocs)
			continue;
		bool all = false;
		for (size_t i = 0; i < f->nlocs; i++) {
			if (!f->locs[i].role || strcmp(f->locs[i].role, "lock") != 0)
				continue;
			all = has_place(cycle, &f->locs[i]);
			if (!all)
				break;
		}
		if (all)
			return true;
	}
	return false;
}
