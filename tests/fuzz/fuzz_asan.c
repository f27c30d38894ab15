/* fuzz_asan.c: AddressSanitizer's and LeakSanitizer's log, as dodont reads
 * it (toollog_asan.c). */
#include "fuzz.h"

#include "toollog.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *log = fuzz_text(data, size);
	struct finding_list found = { 0 };
	toollog_asan(log, fuzz_user_code(), &found);
	fuzz_check_toollog_findings(&found, "toollog_asan");
	finding_list_free(&found);
	free(log);
	return 0;
}
