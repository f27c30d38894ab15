// corpus: correct
/*
 * Feature flags are loaded by one thread and read by request threads.  A
 * new set of flags is built completely, then published with one release
 * store of the pointer; readers load it with acquire, so every field they
 * read through it is the one the loader wrote.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct flags {
	int version;
	int dark_mode;
	int max_upload_mb;
	char banner[40];
};

static _Atomic(struct flags *) current;

static struct flags *load_flags(int version)
{
	struct flags *f = malloc(sizeof *f);
	if (!f) {
		perror("malloc");
		exit(1);
	}
	f->version = version;
	f->dark_mode = version % 2;
	f->max_upload_mb = 10 * version;
	snprintf(f->banner, sizeof f->banner, "release %d", version);
	return f;
}

static void *loader(void *arg)
{
	struct flags *f = load_flags(*(int *)arg);
	atomic_store_explicit(&current, f, memory_order_release);
	return NULL;
}

static void *request(void *arg)
{
	long *checksum = arg;
	struct flags *f;

	while ((f = atomic_load_explicit(&current, memory_order_acquire)) == NULL)
		sched_yield();
	*checksum = f->version + f->dark_mode + f->max_upload_mb + (long)strlen(f->banner);
	return NULL;
}

int main(void)
{
	enum { NREQ = 3 };
	pthread_t req[NREQ], ld;
	long sums[NREQ];
	int version = 7;
	int rc;

	for (int i = 0; i < NREQ; i++)
		if ((rc = pthread_create(&req[i], NULL, request, &sums[i])) != 0) {
			fprintf(stderr, "pthread_create: %s\n", strerror(rc));
			return 1;
		}
	if ((rc = pthread_create(&ld, NULL, loader, &version)) != 0) {
		fprintf(stderr, "pthread_create: %s\n", strerror(rc));
		return 1;
	}
	pthread_join(ld, NULL);
	for (int i = 0; i < NREQ; i++) {
		pthread_join(req[i], NULL);
		printf("request %d saw checksum %ld\n", i, sums[i]);
	}
	free(atomic_load(&current));
	return 0;
}
