/* driver.c: squares numbers on Debian's C-Thread-Pool, as a user of thpool.c would. */
#include <stdio.h>
#include <thpool.h>

static void square(void *arg) { long *x = arg; *x *= *x; }

int main(void)
{
	long values[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	threadpool pool = thpool_init(4);
	if (pool == NULL)
		return 1;
	for (int i = 0; i < 8; i++)
		thpool_add_work(pool, square, &values[i]);
	thpool_wait(pool);
	thpool_destroy(pool);
	printf("last square: %ld\n", values[7]);
	return 0;
}
