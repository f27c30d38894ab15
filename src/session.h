/* session.h: one invocation's twins, their builds and their tool runs.
 *
 * run, demo and verify all do the same: load each program's header, build
 * the variants its tools need, lint its sources, and run every (twin, tool,
 * repetition) job, keeping each result for the reports. The three overlap:
 * one pool takes the builds first and the runs after them, a run waiting
 * only for its own variant's build, while the lint pass runs beside it; a
 * program holds a CPU token only while it uses CPU (cpu_budget.h). */
#ifndef DODONT_SESSION_H
#define DODONT_SESSION_H

#include "catalog.h"
#include "program.h"
#include "runner.h"
#include "user_code.h"

#include "thread_safety.h"

#include <pthread.h>
#include <stdbool.h>

/* Where a variant's build stands; its run jobs wait until it is not pending. */
enum build_state { BUILD_NOT_NEEDED, BUILD_PENDING, BUILD_READY, BUILD_FAILED };

struct twin {
	struct program prog;
	struct user_code user;	/* its sources: where its reports may point */
	const char *label;	/* "correct", "broken" or "file" */
	char *bin_dir, *log_dir;
	char *bins[VARIANT_NONE];	/* per variant, once built (then read only) */
	enum build_state build[VARIANT_NONE];	/* guarded by the session's mu */
	unsigned shard_tools;		/* the tools it runs in this session (and shard) */
};

struct build_job;

struct session;

struct job {
	struct session *session;
	struct twin *twin;
	enum tool tool;
	int rep;
	const char *skip;	/* the header's reason, when not run */
	struct run_result result;
};

struct session {
	struct paths paths;
	struct twin *twins;
	size_t ntwins;
	struct job *jobs;
	size_t njobs;
	unsigned tools;		/* the tools asked for (bit per enum tool) */
	int repeat, parallel;
	bool progress;		/* one line per finished job on stderr */
	struct finding_list lint;	/* every twin's, from one lint_run */
	char *lint_logs;
	char *shims;		/* build/shims, where the caps and faults shims are */
	const char *tsan_suppressions;	/* the user's files (absolute), or NULL */
	const char *valgrind_suppressions;
	struct strv owned;		/* strings the session frees */
	bool stop_at_first_report;	/* verify --repeat: stop once a run reports */
	size_t *round_jobs;		/* then: the runs of each round (1..repeat) */
	size_t *round_done;		/* guarded by mu: how many of them ended */
	int shard_index, shard_count;	/* --shard K/N: this run is shard K of N */
	struct build_job *builds;	/* every variant to build */
	size_t nbuilds;
	size_t builds_pending;		/* guarded by mu */
	/* mu guards done, reported, stopping, lint_done, lint_failed,
	 * builds_pending, round_done, each twin's build states, and stderr's
	 * progress lines. A run of round r > 1 of verify --repeat waits on
	 * progressed until round r - 1 has ended. Run jobs wait on
	 * progressed (in a loop: another job's build may have finished) until
	 * their build, or the lint pass, is done; every build and the lint pass
	 * broadcast it when they finish (each may free many waiters). Each job
	 * writes only its own result, and the main thread reads the results
	 * only after the pool and the lint thread are joined. */
	tsa_mutex mu;
	pthread_cond_t progressed;
	size_t done;
	bool reported;			/* a run has reported a bug */
	bool stopping;			/* a build failed: no more runs start */
	bool lint_done, lint_failed;	/* the lint pass ended; it could not run */
};

void session_init(struct session *s, unsigned tools, int repeat, int parallel);
/* Loads a twin; a program that cannot be read or has a malformed header is
 * a usage error: one line, exit 2. The twin is the session's: its program's
 * sources and flags may still be added to until session_run. */
struct twin *session_add(struct session *s, const char *path, const char *label,
			 bool require_rule);
/* Checks that the tools the session needs are installed (exit 2 if not),
 * builds every variant (a program that does not compile: exit 2), then runs
 * every job. Returns the number of failed jobs. */
size_t session_run(struct session *s);
void session_free(struct session *s);

/* Whether tool t runs on twin w (always-run tools, caps and faults where the
 * header declares them), within the tools asked for and the shard; known
 * once session_run has started. */
bool twin_uses(const struct session *s, const struct twin *w, enum tool t);

#endif
