# Concurrency Practices in C: build, demo, tests and benchmarks.
# Everything is built out of tree under build/. CC, CFLAGS, LDFLAGS can be
# overridden; the warning flags and the language standard cannot.

CC      ?= gcc
CFLAGS  ?= -O2 -g
LDFLAGS ?=
STD      = -std=c17 -D_GNU_SOURCE -pthread
WARN     = -Wall -Wextra -Werror
B        = build

DODONT_SRC := $(wildcard src/*.c)
DODONT_OBJ := $(DODONT_SRC:src/%.c=$(B)/obj/%.o)
SHIMS      := $(B)/shims/dodont-caps.so $(B)/shims/dodont-faults.so

UNIT       := $(B)/tests/unit-header $(B)/tests/unit-parse $(B)/tests/unit-judge \
              $(B)/tests/unit-lint_parse
LIB_OBJ    := $(filter-out $(B)/obj/main.o,$(DODONT_OBJ))

.PHONY: all deps demo check bench guide clean
all: $(B)/dodont $(SHIMS)

deps:
	@sh checks/deps.sh

$(B)/obj/%.o: src/%.c $(wildcard src/*.h) | $(B)/obj
	$(CC) $(STD) $(WARN) $(CFLAGS) -Isrc -c $< -o $@

$(B)/dodont: $(DODONT_OBJ)
	$(CC) $(STD) $(CFLAGS) $(LDFLAGS) $^ -ljansson -o $@

$(B)/shims/%.so: checks/shims/%.c checks/shims/census.h | $(B)/shims
	$(CC) $(STD) $(WARN) $(CFLAGS) -fPIC -shared $< -ldl -o $@

# dodont built with ThreadSanitizer: the tests run it on part of the catalogue.
$(B)/tsan/dodont: $(DODONT_SRC) $(wildcard src/*.h) | $(B)/tsan
	clang $(STD) $(WARN) -O1 -g -fsanitize=thread -Isrc $(DODONT_SRC) -ljansson -o $@

$(B)/tests/unit-%: tests/unit/test_%.c $(LIB_OBJ) | $(B)/tests
	$(CC) $(STD) $(WARN) $(CFLAGS) -Isrc -DLOG_DIR='"tests/unit/logs"' $^ \
		-lcmocka -ljansson -o $@

$(B)/obj $(B)/shims $(B)/tsan $(B)/tests:
	mkdir -p $@

demo: deps all
	$(B)/dodont demo

check: deps all $(UNIT) $(B)/tsan/dodont
	sh tests/run.sh

bench: deps all
	sh bench/run.sh

# GUIDE.md's excerpts, regenerated in place from the logs of the last run
# (a missing or stale log is made by the one dodont command that writes it).
guide: all
	sh tests/guide/render.sh -i GUIDE.md

clean:
	rm -rf $(B)
