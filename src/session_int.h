/* session_int.h: what the session_*.c files share; not part of dodont's
 * interface. */
#ifndef DODONT_SESSION_INT_H
#define DODONT_SESSION_INT_H

#include "session.h"

/* session_plan.c */
void session_take_shard(struct session *s);
void session_preflight(const struct session *s);
void session_plan_jobs(struct session *s);

/* session_jobs.c: the work the pool does. A build job makes one variant of
 * one twin; a run job waits until its variant is built (or the lint pass,
 * for lint) and runs its tool. The lint pass runs in a thread of its own,
 * beside the pool. */
struct build_job {
	struct session *session;
	struct twin *twin;
	enum variant variant;
	bool env_error;		/* it could not run, rather than not compile */
	char err[1024];
};
void session_build_one(void *arg);
void session_run_one(void *arg);
void *session_lint_thread(void *arg);

#endif
