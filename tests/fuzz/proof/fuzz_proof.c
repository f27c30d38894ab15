/* fuzz_proof.c: a fuzz target with a planted bug, to prove that the fuzz
 * check fails when a target crashes: an input that starts with "bug" makes
 * it read one byte past its copy of the input, which AddressSanitizer
 * reports. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size ? size : 1);
	if (!copy)
		abort();
	if (size)
		memcpy(copy, data, size);
	volatile char past_the_end = 0;
	if (size >= 3 && memcmp(copy, "bug", 3) == 0)
		past_the_end = copy[size];
	(void)past_the_end;
	free(copy);
	return 0;
}
