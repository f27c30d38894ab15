/* exercise_check.c: `dodont exercise --check DIR/NAME.c`, a student's fix
 * judged against its pair.
 *
 * The fix runs exactly as the correct twin would (its arguments, timeout,
 * caps, faults and declared blind spots), expecting nothing: any report of
 * the tools that caught the broken twin, or of the watchdog, is a problem.
 * The caps shim counts the threads and processes both programs start, so an
 * "empty fix" that deletes the threads (or the child processes) fails too. */
#include "exercise.h"

#include "catchers.h"
#include "session.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What the caps shim counted: the most any process of the program reached
 * (a program that execs itself reports once per process). */
struct census {
	bool seen;
	int peak, started, processes;
};

static struct census census_of(const char *log_path)
{
	struct census c = { 0 };
	char *log = log_path ? read_file(log_path, NULL) : NULL;
	for (const char *l = log; l && (l = strstr(l, "[dodont-caps] ")); l++) {
		int a, b;
		if (sscanf(l, "[dodont-caps] peak threads %d", &a) == 1) {
			c.seen = true;
			c.peak = a > c.peak ? a : c.peak;
		} else if (sscanf(l, "[dodont-caps] started %d threads, %d processes", &a, &b) == 2) {
			c.started = a > c.started ? a : c.started;
			c.processes = b > c.processes ? b : c.processes;
		}
	}
	free(log);
	return c;
}

/* The correct twin's header, to run file with: no expectations, the same
 * arguments, limits, faults and skips. The caps run always happens: without
 * a cap of its own the program gets one it cannot reach, so that the shim
 * counts its threads. */
static void as_correct_twin(struct program *fix, const char *correct_path)
{
	struct program c;
	char err[1024];
	if (program_load(correct_path, true, &c, err, sizeof err) != 0)
		fatal("%s", err);
	if (c.nexpects)
		fatal("%s expects reports: a correct twin must expect none", correct_path);
	free(c.path);
	c.path = xstrdup(fix->path);
	/* the student's file is what is built: the twin lends its header only */
	strv_free(&c.sources);
	strv_push(&c.sources, fix->path);
	program_free(fix);
	*fix = c;
	if (!fix->cap_threads && !fix->cap_fds)
		fix->cap_threads = 100000;
}

/* Runs one program under tools; its caps log tells the census. */
static void run_as_correct(struct session *s, const char *file, const char *correct,
			   unsigned tools, int jobs)
{
	session_init(s, tools, 1, jobs);
	session_add(s, file, "fix", false);
	as_correct_twin(&s->twins[0].prog, correct);
	s->progress = isatty(STDERR_FILENO);
	session_run(s);
}

static const char *caps_log(const struct session *s)
{
	for (size_t i = 0; i < s->njobs; i++)
		if (s->jobs[i].tool == TOOL_CAPS && !s->jobs[i].skip)
			return s->jobs[i].result.log_path;
	return NULL;
}

struct problem {
	const struct finding *f;
	unsigned tools;
};

/* One line a student understands: where, what it means, who saw it. */
static void print_problem(const struct program *fix, const struct problem *p)
{
	const struct finding *f = p->f;
	if (p->tools == 1u << TOOL_FAULTS && strcmp(f->kind, "tool-error") == 0) {
		/* the header's words are for its author; the student changed the code */
		printf("the call dodont makes fail on purpose (%s) is never made: the "
		       "program no longer does that part of the work\n",
		       fix->nfaults ? fix->faults[0].spec : "fault");
		return;
	}
	bool lint = p->tools == 1u << TOOL_LINT;
	const struct kind *k = lint ? NULL : kind_find(f->kind);
	char *tools = tools_list(p->tools);
	if (f->nlocs)
		printf("line %d: ", f->locs[0].line);
	if (k && k->source == SOURCE_DETECTOR)
		printf("%s (%s, seen by %s)\n", k->words, f->kind, tools);
	else if (k && k->source == SOURCE_OWN_CHECK)
		printf("the program's own check fails: %s (%s, in the runs of %s)\n",
		       f->message, f->kind, tools);
	else if (k && strcmp(f->kind, "crash") == 0)
		printf("%s: %s (in the runs of %s)\n", k->words, f->message, tools);
	else if (k)
		printf("%s (%s, in the runs of %s)\n", k->words, f->kind, tools);
	else
		printf("%s (lint rule %s)\n", f->message, f->kind);
	free(tools);
}

/* Every finding of a failed run is a problem; the same kind at the same
 * line from several tools is one problem. Returns how many it printed. */
static size_t print_problems(const struct session *s)
{
	struct problem *list = NULL;
	size_t n = 0;
	for (size_t i = 0; i < s->njobs; i++) {
		const struct job *j = &s->jobs[i];
		if (j->skip || j->result.passed)
			continue;
		for (size_t k = 0; k < j->result.findings.len; k++) {
			const struct finding *f = &j->result.findings.items[k];
			int line = f->nlocs ? f->locs[0].line : 0;
			size_t m = 0;
			while (m < n && !(strcmp(list[m].f->kind, f->kind) == 0 &&
					  (list[m].f->nlocs ? list[m].f->locs[0].line : 0) == line))
				m++;
			if (m == n) {
				list = xrealloc(list, (n + 1) * sizeof *list);
				list[n++] = (struct problem){ f, 0 };
			}
			list[m].tools |= 1u << j->tool;
		}
	}
	for (size_t i = 0; i < n; i++)
		print_problem(&s->twins[0].prog, &list[i]);
	free(list);
	return n;
}

/* The fix must stay as concurrent as the correct twin: it starts at least
 * as many threads and child processes. These counts do not depend on timing;
 * the peak of live threads does (the same correct twin reaches 5 to 7 from
 * one run to the next when its threads end early), so it is shown, not
 * judged. */
static size_t print_concurrency(struct census got, struct census want, bool others)
{
	size_t n = 0;
	if (!got.seen) {
		if (!others)
			puts("its threads could not be counted: it did not end normally "
			     "in the caps run");
		return !others;
	}
	if (got.started < want.started && ++n)
		printf("it starts %d thread(s); the correct program starts %d: keep the "
		       "work in its threads\n", got.started, want.started);
	if (got.processes < want.processes && ++n)
		printf("it starts %d child process(es); the correct program starts %d: "
		       "keep the work in its processes\n", got.processes, want.processes);
	return n;
}

int exercise_check(const char *file, int jobs)
{
	size_t len = strlen(file);
	if (len < 3 || strcmp(file + len - 2, ".c") != 0 || access(file, R_OK) != 0)
		fatal("%s is not a readable C file named after an entry (NAME.c)", file);
	struct paths p;
	paths_init(&p);
	char *entry = entry_name_of(file);
	char *broken_path = exercise_twin_path(p.root, "antipatterns", entry);
	char *correct_path = exercise_twin_path(p.root, "patterns", entry);
	struct program broken;
	char err[1024];
	if (program_load(broken_path, true, &broken, err, sizeof err) != 0)
		fatal("%s", err);
	unsigned tools = catchers_tools(&broken) | 1u << TOOL_WATCHDOG | 1u << TOOL_CAPS;
	struct session want, got;
	run_as_correct(&want, correct_path, correct_path, 1u << TOOL_CAPS, jobs);
	struct census baseline = census_of(caps_log(&want));
	if (!baseline.seen)
		fatal("cannot count the threads of %s (see %s)", correct_path, caps_log(&want));
	run_as_correct(&got, file, correct_path, tools, jobs);
	size_t problems = print_problems(&got);
	struct census counted = census_of(caps_log(&got));
	problems += print_concurrency(counted, baseline, problems > 0);
	unsigned ran = 0;	/* a tool the correct twin declares blind is not judged */
	for (size_t i = 0; i < got.njobs; i++)
		ran |= got.jobs[i].skip ? 0 : 1u << got.jobs[i].tool;
	char *judged = tools_list(ran);
	if (problems)
		printf("%s: not fixed yet (%zu problem%s)\n", file, problems,
		       problems == 1 ? "" : "s");
	else
		printf("%s: fixed: clean under %s; exits 0; starts %d thread(s), %d at "
		       "once, and %d process(es) (the correct program: %d, %d, %d)\n", file,
		       judged, counted.started, counted.peak, counted.processes,
		       baseline.started, baseline.peak, baseline.processes);
	free(judged);
	session_free(&got);
	session_free(&want);
	program_free(&broken);
	free(correct_path);
	free(broken_path);
	free(entry);
	paths_free(&p);
	return problems ? EXIT_FINDINGS : EXIT_CLEAN;
}
