/* deadline.h: for the blocks' unit tests, the absolute CLOCK_MONOTONIC time
 * ms milliseconds from now, as every _until call of the blocks takes it. */
#ifndef BLOCKS_TEST_DEADLINE_H
#define BLOCKS_TEST_DEADLINE_H

#include <time.h>

static inline struct timespec in_ms(long ms)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

#endif
