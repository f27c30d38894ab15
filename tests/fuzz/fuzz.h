/* fuzz.h: what dodont's libFuzzer targets share.
 *
 * Each target feeds libFuzzer's bytes to one of dodont's readers of outside
 * text (a program's header, a tool's log, an analyzer's output) and checks
 * what that reader promises about its result. A broken promise aborts, so
 * libFuzzer keeps the input as it keeps a crash. */
#ifndef DODONT_FUZZ_H
#define DODONT_FUZZ_H

#include "finding.h"
#include "user_code.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as the C string the readers take: a copy ending with a NUL (a
 * NUL inside the input ends the text there, as it would in a log). */
char *fuzz_text(const uint8_t *data, size_t size);

/* The user's code the tool-log readers look for: programs of a checkout at
 * /project, where the saved logs of tests/unit/logs place them. Built once. */
const struct user_code *fuzz_user_code(void);

/* The suppressions file the seed logs name (Valgrind's used_suppression). */
#define FUZZ_SUPPRESSIONS "/project/valgrind.supp"

/* Aborts with a message unless every finding of a tool-log reader has a
 * kind of the shared vocabulary (kinds.h), a message, and places with a
 * file and a line above 0 (toollog.h). */
void fuzz_check_toollog_findings(const struct finding_list *l, const char *reader);

/* Prints "fuzz: BROKEN PROMISE" and aborts. */
_Noreturn void fuzz_broken(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
