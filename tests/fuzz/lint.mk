# The lint fuzz target (included by tests/fuzz/fuzz.mk). Lint's sources are
# src/lint*.c or src/lint/*.c: whichever exist are linked, and the folder of
# lint_parse.c is on the include path (for lint_int.h and lint.h).
FUZZ_LINT_SRC := $(wildcard src/lint*.c src/lint/*.c)
FUZZ_LINT_DIR := $(patsubst %/,%,$(dir $(firstword $(wildcard src/lint_parse.c src/lint/lint_parse.c))))
FUZZ_TARGETS  += lint
FUZZ_LIB_SRC  += $(FUZZ_LINT_SRC)
FUZZ_INC      += -I$(FUZZ_LINT_DIR)
