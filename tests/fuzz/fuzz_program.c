/* fuzz_program.c: what the program and the watchdog add to a log, as dodont
 * reads it (toollog_program.c): self-check lines, gdb's backtraces of a hung
 * program, and the suppressions TSan or Valgrind say they used. */
#include "fuzz.h"

#include "toollog.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *log = fuzz_text(data, size);
	const struct user_code *user = fuzz_user_code();
	struct finding_list found = { 0 };
	toollog_selfcheck(log, user, &found);
	struct finding *hang = finding_add(&found, "hang", "every thread blocked");
	if (!hang)
		fuzz_broken("out of memory");
	toollog_gdb(log, user, hang);
	fuzz_check_toollog_findings(&found, "toollog_selfcheck, toollog_gdb");
	(void)toollog_suppressed(log, FUZZ_SUPPRESSIONS);
	finding_list_free(&found);
	free(log);
	return 0;
}
