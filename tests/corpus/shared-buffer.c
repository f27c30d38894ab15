// corpus: correct
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An immutable buffer shared by several readers; the last one to drop its
 * reference frees it.  The decrement is acq_rel so that every reader's use
 * of the data happens before the free. */
struct shared_buf {
	atomic_int refcount;
	size_t size;
	char bytes[];
};

static struct shared_buf *sb_create(const char *text)
{
	size_t size = strlen(text) + 1;
	struct shared_buf *b = malloc(sizeof *b + size);
	if (!b)
		return NULL;
	atomic_init(&b->refcount, 1);
	b->size = size;
	memcpy(b->bytes, text, size);
	return b;
}

static struct shared_buf *sb_ref(struct shared_buf *b)
{
	atomic_fetch_add_explicit(&b->refcount, 1, memory_order_relaxed);
	return b;
}

static void sb_unref(struct shared_buf *b)
{
	if (atomic_fetch_sub_explicit(&b->refcount, 1, memory_order_acq_rel) == 1)
		free(b);
}

static void *count_vowels(void *arg)
{
	struct shared_buf *b = arg;
	int v = 0;
	for (size_t i = 0; i < b->size; i++)
		v += strchr("aeiou", b->bytes[i]) != NULL && b->bytes[i] != '\0';
	printf("%d vowels\n", v);
	sb_unref(b);
	return NULL;
}

int main(void)
{
	struct shared_buf *b = sb_create("concurrency is not parallelism");
	pthread_t t[4];
	int started = 0;

	if (!b)
		return 1;
	for (int i = 0; i < 4; i++) {
		if (pthread_create(&t[i], NULL, count_vowels, sb_ref(b)) != 0) {
			sb_unref(b);
			break;
		}
		started++;
	}
	sb_unref(b);
	for (int i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	return started == 4 ? 0 : 1;
}
