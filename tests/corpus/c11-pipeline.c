// corpus: correct
/* A two-stage pipeline written with C11 <threads.h>: a parser thread hands
 * numbers to the main thread through a one-slot mailbox. */
#include <stdio.h>
#include <stdlib.h>
#include <threads.h>

struct mailbox {
	mtx_t mu;
	cnd_t changed;
	int full;
	int closed;
	long value;
};

static int parser(void *arg)
{
	struct mailbox *mb = arg;
	static const char *input[] = { "12", "7", "30", "1", NULL };

	for (int i = 0; input[i]; i++) {
		long v = strtol(input[i], NULL, 10);
		mtx_lock(&mb->mu);
		while (mb->full)
			cnd_wait(&mb->changed, &mb->mu);
		mb->value = v;
		mb->full = 1;
		cnd_broadcast(&mb->changed);
		mtx_unlock(&mb->mu);
	}
	mtx_lock(&mb->mu);
	mb->closed = 1;
	cnd_broadcast(&mb->changed);
	mtx_unlock(&mb->mu);
	return 0;
}

int main(void)
{
	struct mailbox mb = { .full = 0, .closed = 0 };
	thrd_t t;
	long sum = 0;

	if (mtx_init(&mb.mu, mtx_plain) != thrd_success ||
	    cnd_init(&mb.changed) != thrd_success) {
		fputs("cannot initialise mailbox\n", stderr);
		return 1;
	}
	if (thrd_create(&t, parser, &mb) != thrd_success) {
		fputs("thrd_create failed\n", stderr);
		return 1;
	}
	for (;;) {
		mtx_lock(&mb.mu);
		while (!mb.full && !mb.closed)
			cnd_wait(&mb.changed, &mb.mu);
		if (!mb.full) {
			mtx_unlock(&mb.mu);
			break;
		}
		sum += mb.value;
		mb.full = 0;
		cnd_broadcast(&mb.changed);
		mtx_unlock(&mb.mu);
	}
	int res;
	thrd_join(t, &res);
	cnd_destroy(&mb.changed);
	mtx_destroy(&mb.mu);
	printf("sum %ld\n", sum);
	return sum == 50 ? 0 : 1;
}
