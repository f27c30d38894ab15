/* pool.h: a fixed pool of worker threads over a bounded job queue.
 *
 * dodont runs its tool jobs through this pool, built from the catalogue's own
 * patterns: producer-consumer (a bounded queue, one mutex, two condition
 * variables, waits in loops), sentinel-shutdown (one sentinel per worker) and
 * thread-pool (a fixed number of threads, never one per job). */
#ifndef DODONT_POOL_H
#define DODONT_POOL_H

typedef void pool_job_fn(void *arg);

struct pool;

/* Starts `workers` threads over a queue of `capacity` slots. Returns NULL
 * with errno set when it cannot (nothing is left running then). */
struct pool *pool_start(int workers, int capacity);
/* Queues fn(arg); blocks while the queue is full. fn must not be NULL. */
void pool_submit(struct pool *p, pool_job_fn *fn, void *arg);
/* Lets every queued job finish, joins the workers and frees the pool. */
void pool_finish(struct pool *p);

#endif
