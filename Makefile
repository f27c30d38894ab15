# Concurrency Practices in C: build, demo, tests and benchmarks.
# Everything is built out of tree under build/. CC, CFLAGS, LDFLAGS can be
# overridden; the warning flags and the language standard cannot.

CC      ?= gcc
CFLAGS  ?= -O2 -g
LDFLAGS ?=
STD      = -std=c17 -D_GNU_SOURCE -pthread
WARN     = -Wall -Wextra -Werror
B        = build
# dodont's own include path: its sources (src/, src/lint/), and the
# annotations of clang Thread Safety Analysis that its locks use
# (checks/lint/thread_safety.h).
INC      = -Isrc -Isrc/lint -Ichecks/lint

DODONT_SRC := $(wildcard src/*.c src/lint/*.c)
DODONT_HDR := $(wildcard src/*.h src/lint/*.h)
DODONT_OBJ := $(DODONT_SRC:src/%.c=$(B)/obj/%.o)
SHIMS      := $(B)/shims/dodont-caps.so $(B)/shims/dodont-faults.so \
              $(B)/shims/dodont-locks.so

UNIT       := $(B)/tests/unit-program $(B)/tests/unit-toollog $(B)/tests/unit-judge \
              $(B)/tests/unit-lint_parse $(B)/tests/unit-kinds $(B)/tests/unit-matrix \
              $(B)/tests/unit-source_code $(B)/tests/unit-tool_knowledge
LIB_OBJ    := $(filter-out $(B)/obj/main.o,$(DODONT_OBJ))

# The reference blocks: built with $(CC) into a static library, and with
# clang under Thread Safety Analysis (blocks-clang), where a locking mistake
# fails the build.
BLOCKS_SRC   := $(wildcard blocks/*.c)
BLOCKS_DEPS  := $(wildcard blocks/*.h) checks/lint/thread_safety.h
BLOCKS_OBJ   := $(BLOCKS_SRC:blocks/%.c=$(B)/blocks/%.o)
BLOCKS_CLANG := $(BLOCKS_SRC:blocks/%.c=$(B)/blocks-clang/%.o)
BLOCKS_TESTS := $(patsubst tests/blocks/test_%.c,$(B)/tests/blocks-%,$(wildcard tests/blocks/test_*.c))
TSA          = -Wthread-safety -Wthread-safety-beta

.PHONY: all deps demo check score bench soak guide clean blocks-clang
all: $(B)/dodont $(SHIMS) $(B)/libblocks.a

deps:
	@sh checks/deps.sh

# Plain `make` on a machine without the packages says what to install (and
# `make deps`), not a compiler error about a missing header.
$(B)/.deps-ok: checks/deps.sh | $(B)/obj
	@sh checks/deps.sh --check
	@touch $@

$(B)/obj/%.o: src/%.c $(DODONT_HDR) $(B)/.deps-ok | $(B)/obj
	@mkdir -p $(@D)
	$(CC) $(STD) $(WARN) $(CFLAGS) $(INC) -c $< -o $@

$(B)/dodont: $(DODONT_OBJ)
	$(CC) $(STD) $(CFLAGS) $(LDFLAGS) $^ -ljansson -o $@

$(B)/shims/%.so: checks/shims/%.c checks/shims/census.h checks/shims/shim_real.h | $(B)/shims
	$(CC) $(STD) $(WARN) $(CFLAGS) -fPIC -shared $< -ldl -o $@

# dodont built with ThreadSanitizer: the tests run it on part of the catalogue.
$(B)/tsan/dodont: $(DODONT_SRC) $(DODONT_HDR) | $(B)/tsan
	clang $(STD) $(WARN) -O1 -g -fsanitize=thread -Wthread-safety -Wthread-safety-beta $(INC) $(DODONT_SRC) -ljansson -o $@

# dodont built with AddressSanitizer and UBSan: the tests run it, and
# build/dodont under Memcheck, on part of the catalogue.
$(B)/asan/dodont: $(DODONT_SRC) $(DODONT_HDR) | $(B)/asan
	clang $(STD) $(WARN) -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined \
		$(INC) $(DODONT_SRC) -ljansson -o $@

# make fuzz: libFuzzer targets for dodont's parsers (tests/fuzz/).
include tests/fuzz/fuzz.mk

$(B)/tests/unit-%: tests/unit/test_%.c $(LIB_OBJ) | $(B)/tests
	$(CC) $(STD) $(WARN) $(CFLAGS) $(INC) -DLOG_DIR='"tests/unit/logs"' $^ \
		-DREADME='"README.md"' -lcmocka -ljansson -o $@

$(B)/blocks/%.o: blocks/%.c $(BLOCKS_DEPS) | $(B)/blocks
	$(CC) $(STD) $(WARN) $(CFLAGS) -Ichecks/lint -c $< -o $@

$(B)/libblocks.a: $(BLOCKS_OBJ)
	$(AR) rcs $@ $^

$(B)/blocks-clang/%.o: blocks/%.c $(BLOCKS_DEPS) | $(B)/blocks-clang
	clang $(STD) $(WARN) $(TSA) -O2 -g -Ichecks/lint -c $< -o $@

blocks-clang: $(BLOCKS_CLANG)

$(B)/tests/blocks-%: tests/blocks/test_%.c $(wildcard tests/blocks/*.h) $(B)/libblocks.a | $(B)/tests
	$(CC) $(STD) $(WARN) $(CFLAGS) -Iblocks -Ichecks/lint $< $(B)/libblocks.a -lcmocka -o $@

$(B)/obj $(B)/shims $(B)/tsan $(B)/asan $(B)/tests $(B)/blocks $(B)/blocks-clang:
	mkdir -p $@

demo: deps all
	$(B)/dodont demo --html $(B)/report

check: deps all $(UNIT) $(B)/tsan/dodont $(B)/asan/dodont fuzz-build blocks-clang $(BLOCKS_TESTS)
	sh tests/run.sh

soak: deps all
	sh tests/soak.sh

# Precision, recall and F1 of verify and lint on the validation corpus.
score: all
	sh tests/score.sh

bench: deps all
	sh bench/run.sh

# GUIDE.md's excerpts, regenerated in place from the logs of the last run
# (a missing or stale log is made by the one dodont command that writes it).
guide: all
	sh tests/guide/render.sh -i GUIDE.md

clean:
	rm -rf $(B)
