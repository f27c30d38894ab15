/* fuzz_tsan.c: ThreadSanitizer's log, as dodont reads it (toollog_tsan.c):
 * the reports, the count in its summary, the suppressions it matched. */
#include "fuzz.h"

#include "toollog.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *log = fuzz_text(data, size);
	struct finding_list found = { 0 };
	toollog_tsan(log, fuzz_user_code(), &found);
	fuzz_check_toollog_findings(&found, "toollog_tsan");
	/* any number: the log may hold the program's own words, and dodont
	 * only asks whether the tool counted more reports than it read */
	(void)toollog_tsan_count(log);
	(void)toollog_suppressed(log, NULL);
	finding_list_free(&found);
	free(log);
	return 0;
}
