/* fuzz_valgrind.c: a Valgrind tool's log (Helgrind, DRD and Memcheck share
 * one reader, toollog_valgrind.c): the reports, the count in its error
 * summary, the suppressions it used. */
#include "fuzz.h"

#include "toollog.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *log = fuzz_text(data, size);
	struct finding_list found = { 0 };
	toollog_valgrind(log, fuzz_user_code(), &found);
	fuzz_check_toollog_findings(&found, "toollog_valgrind");
	/* any number: the log may hold the program's own words, and dodont
	 * only asks whether the tool counted more reports than it read */
	(void)toollog_valgrind_count(log);
	(void)toollog_suppressed(log, FUZZ_SUPPRESSIONS);
	finding_list_free(&found);
	free(log);
	return 0;
}
