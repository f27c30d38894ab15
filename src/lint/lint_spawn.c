/* lint_spawn.c: one analyzer process, run by the same watchdog as every
 * program dodont starts (exec.c), its stdout and stderr in two files. */
#include "lint_int.h"

#include "exec.h"

#include <errno.h>

/* An analyzer that runs longer than this is stuck, not slow. */
#define ANALYZER_TIMEOUT 300

int lint_spawn_wait(struct lint_job *job)
{
	/* spatch dies with "exception Not_found" when HOME is unset; one that
	 * does not exist keeps any user's ~/.cocciconfig out of the result */
	char *const env[] = { CHILD_PATH, "LC_ALL=C", "HOME=/nonexistent", NULL };
	struct exec_result r;
	char err[256];
	if (!find_command(job->argv[0])) {
		job->error = ENOENT;
		return -1;
	}
	if (exec_run_split(job->argv, env, job->out, job->err, ANALYZER_TIMEOUT, NULL,
			   &r, err, sizeof err) != 0) {
		job->error = EIO;
		return -1;
	}
	if (r.timed_out) {
		job->error = ETIMEDOUT;
		return -1;
	}
	job->status = r.status;
	job->error = 0;
	return 0;
}
