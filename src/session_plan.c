/* session_plan.c: what a session runs: the tools each twin takes, its share
 * of a sharded run, that the tools are installed, and its jobs in order. */
#include "session_int.h"

#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The tools twin w runs before any shard is taken: those asked for, caps
 * and faults only where its header sets them. */
static bool wanted(const struct session *s, const struct twin *w, enum tool t)
{
	if (!(s->tools & (1u << t)))
		return false;
	switch (tool_info(t)->when) {
	case RUNS_WITH_CAPS:
		return w->prog.cap_threads || w->prog.cap_fds;
	case RUNS_WITH_FAULTS:
		return w->prog.nfaults > 0;
	default:
		return true;
	}
}

/* With --shard K/N, this run takes every Nth (twin, tool) pair that runs,
 * starting at the Kth, in the fixed order of twins and tools: the N shards
 * of one catalogue split it the same way on every machine, evenly, and
 * together cover it. */
void session_take_shard(struct session *s)
{
	size_t pair = 0;
	for (size_t i = 0; i < s->ntwins; i++) {
		struct twin *w = &s->twins[i];
		w->shard_tools = 0;
		for (int t = 0; t < TOOL_COUNT; t++)
			if (wanted(s, w, t) && (s->shard_count <= 1 ||
						(int)(pair++ % (size_t)s->shard_count) ==
							s->shard_index - 1))
				w->shard_tools |= 1u << t;
	}
}

bool twin_uses(const struct session *s, const struct twin *w, enum tool t)
{
	(void)s;
	return (w->shard_tools >> t) & 1u;
}

/* Every tool the session will run must be there: say which package brings it. */
void session_preflight(const struct session *s)
{
	unsigned used = 0;
	for (size_t i = 0; i < s->ntwins; i++)
		for (int t = 0; t < TOOL_COUNT; t++)
			if (twin_uses(s, &s->twins[i], t))
				used |= 1u << t;
	for (int t = 0; t < TOOL_COUNT; t++) {
		if (!(used & (1u << t)))
			continue;
		/* "cmd:package cmd:package ..." */
		char *needs = xstrdup(tool_info(t)->commands), *save;
		for (char *w = strtok_r(needs, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
			char *colon = strchr(w, ':');
			*colon = '\0';
			if (!find_command(w))
				fatal("%s not found: apt-get install %s (or run make deps)", w,
				      colon + 1);
		}
		free(needs);
	}
	for (int t = 0; t < TOOL_COUNT; t++) {
		if (!(used & (1u << t)) || !tool_info(t)->shim)
			continue;
		char *p = xasprintf("%s/%s", s->shims, tool_info(t)->shim);
		if (access(p, R_OK) != 0)
			fatal("%s is missing: run make", p);
		free(p);
	}
	/* TSan before LLVM 18 cannot map its shadow with more ASLR bits. */
	char *bits = read_file("/proc/sys/vm/mmap_rnd_bits", NULL);
	if (bits && (used & (1u << TOOL_TSAN)) && atoi(bits) > 28)
		fatal("vm.mmap_rnd_bits is %d: ThreadSanitizer from clang 14 needs at "
		      "most 28 (sysctl vm.mmap_rnd_bits=28)", atoi(bits));
	free(bits);
}

static void add_job(struct session *s, struct twin *w, enum tool t, int rep, const char *skip)
{
	if (s->stop_at_first_report && !skip)
		s->round_jobs[rep]++;
	s->jobs = xrealloc(s->jobs, (s->njobs + 1) * sizeof *s->jobs);
	s->jobs[s->njobs++] = (struct job){ .session = s, .twin = w, .tool = t,
					    .rep = rep, .skip = skip };
}

/* Every (twin, tool, run). The runs of one twin and tool are consecutive
 * (the reports fold them into one test point), except when the session
 * stops at the first run that reports: then the first runs of every tool
 * come first, then the second runs, and so on. */
void session_plan_jobs(struct session *s)
{
	int rounds = s->stop_at_first_report ? s->repeat : 1;
	if (s->stop_at_first_report) {
		s->round_jobs = xcalloc((size_t)rounds + 1, sizeof *s->round_jobs);
		s->round_done = xcalloc((size_t)rounds + 1, sizeof *s->round_done);
	}
	for (int round = 1; round <= rounds; round++)
		for (size_t i = 0; i < s->ntwins; i++)
			for (int t = 0; t < TOOL_COUNT; t++) {
				struct twin *w = &s->twins[i];
				if (!twin_uses(s, w, t))
					continue;
				const char *skip = program_skip_reason(&w->prog, t);
				/* static analysis gives the same answer every time */
				int reps = skip || t == TOOL_LINT ? 1 : s->repeat;
				if (s->stop_at_first_report && round <= reps)
					add_job(s, w, t, round, skip);
				for (int r = 1; r <= reps && !s->stop_at_first_report; r++)
					add_job(s, w, t, r, skip);
			}
}

