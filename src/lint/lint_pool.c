/* lint_pool.c: the analyzer jobs, run in dodont's bounded pool (pool.c).
 * The plan lists them longest first, so the workers finish together. */
#include "lint_int.h"

#include "pool.h"

static void run_job(void *job)
{
	/* a failure is recorded in the job; the caller reports it */
	(void)lint_spawn_wait(job);
}

int lint_pool_run(struct lint_job *jobs, size_t n, int workers)
{
	struct pool *pool = pool_start(workers < 1 ? 1 : workers, 2 * (workers < 1 ? 1 : workers));
	if (!pool)
		return -1;
	for (size_t i = 0; i < n; i++)
		pool_submit(pool, run_job, &jobs[i]);
	pool_finish(pool);
	return 0;
}
