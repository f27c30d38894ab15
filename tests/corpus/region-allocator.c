// corpus: buggy self-check
/* Writers format a record, reserve a region of a shared output buffer for
 * it by advancing an atomic cursor, then copy the record in parallel. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NWRITERS 3

struct writer {
	pthread_t tid;
	int id;
	char record[160];
	size_t len;
	size_t offset;
};

static atomic_size_t next_offset;
static pthread_barrier_t all_formatted;
static char output[1024];

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	size_t start = atomic_load(&next_offset); // bug

	int n = snprintf(w->record, sizeof w->record, "writer %d: %.*s\n", w->id,
			 40 + 20 * w->id, "................................................"
			 "................................................");
	w->len = (size_t)n;
	/* Records are placed only once every writer has formatted its own. */
	pthread_barrier_wait(&all_formatted);
	atomic_store(&next_offset, start + w->len); // bug
	w->offset = start;
	memcpy(output + w->offset, w->record, w->len); // bug
	return NULL;
}

static int overlaps(const struct writer *a, const struct writer *b)
{
	return a->offset < b->offset + b->len && b->offset < a->offset + a->len;
}

int main(void)
{
	struct writer w[NWRITERS];

	pthread_barrier_init(&all_formatted, NULL, NWRITERS);
	for (int i = 0; i < NWRITERS; i++) {
		w[i] = (struct writer){ .id = i };
		if (pthread_create(&w[i].tid, NULL, writer_main, &w[i]) != 0) {
			perror("pthread_create");
			return 1;
		}
	}
	for (int i = 0; i < NWRITERS; i++)
		pthread_join(w[i].tid, NULL);
	pthread_barrier_destroy(&all_formatted);

	for (int i = 0; i < NWRITERS; i++)
		for (int j = i + 1; j < NWRITERS; j++)
			if (overlaps(&w[i], &w[j])) {
				fprintf(stderr, "regions %d and %d overlap\n", i, j);
				return 1;
			}
	printf("%zu bytes reserved\n", atomic_load(&next_offset));
	return 0;
}
