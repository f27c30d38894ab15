// corpus: correct
/* Checksums are computed by detached threads.  Each thread writes its result,
 * then posts the semaphore as its very last use of shared memory; main waits
 * for one post per job before it reads the results and frees the jobs. */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct job {
	const char *name;
	size_t len;
	uint32_t crc;
};

static sem_t jobs_done;

static uint32_t adler32(const unsigned char *p, size_t n)
{
	uint32_t a = 1, b = 0;
	while (n--) {
		a = (a + *p++) % 65521;
		b = (b + a) % 65521;
	}
	return b << 16 | a;
}

static void *checksum_job(void *arg)
{
	struct job *j = arg;
	j->crc = adler32((const unsigned char *)j->name, j->len);
	sem_post(&jobs_done);
	return NULL;
}

int main(void)
{
	static const char *names[] = { "alpha.bin", "beta.bin", "gamma.bin", "delta.bin" };
	enum { NJOBS = 4 };
	struct job *jobs = calloc(NJOBS, sizeof *jobs);
	pthread_attr_t attr;

	if (!jobs || sem_init(&jobs_done, 0, 0) != 0) {
		perror("setup");
		return 1;
	}
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	int started = 0;
	for (int i = 0; i < NJOBS; i++) {
		pthread_t t;
		jobs[i].name = names[i];
		jobs[i].len = strlen(names[i]);
		int rc = pthread_create(&t, &attr, checksum_job, &jobs[i]);
		if (rc != 0) {
			fprintf(stderr, "job %d: %s\n", i, strerror(rc));
			break;
		}
		started++;
	}
	pthread_attr_destroy(&attr);

	for (int i = 0; i < started; i++)
		while (sem_wait(&jobs_done) != 0)
			if (errno != EINTR) {
				perror("sem_wait");
				return 1;
			}
	for (int i = 0; i < started; i++)
		printf("%-10s %08x\n", jobs[i].name, (unsigned)jobs[i].crc);
	free(jobs);
	sem_destroy(&jobs_done);
	return started == NJOBS ? 0 : 1;
}
