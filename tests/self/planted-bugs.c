/* planted-bugs.c: one bug of each kind the checks of dodont itself look for,
 * chosen by argv[1]. tests/check-self.sh builds it as dodont is built for
 * each tool and runs it the same way, to prove that the check would see a
 * bug in dodont:
 *   heap-overflow  a read one byte past a block (ASan, or UBSan first)
 *   int-overflow   a signed addition that overflows (UBSan)
 *   leak           a block whose last pointer is dropped (Memcheck, LSan) */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile int sink;

int main(int argc, char **argv)
{
	if (argc != 2) {
		(void)fprintf(stderr, "usage: planted-bugs heap-overflow|int-overflow|leak\n");
		return 2;
	}
	char *block = malloc(8);
	if (!block)
		return 2;
	memset(block, 0, 8);
	if (strcmp(argv[1], "heap-overflow") == 0) {
		sink = block[8 + argc - 2];	/* argc is 2: block[8] */
	} else if (strcmp(argv[1], "int-overflow") == 0) {
		int big = INT_MAX - 2 + argc;	/* INT_MAX */
		sink = big + (argc - 1);	/* INT_MAX + 1 */
	} else if (strcmp(argv[1], "leak") == 0) {
		block = NULL;			/* the only pointer to it, gone */
	} else {
		(void)fprintf(stderr, "planted-bugs: unknown bug '%s'\n", argv[1]);
		return 2;
	}
	free(block);
	return 0;
}
