# Concurrency Practices in C: build, demo, tests and benchmarks.
# Everything is built out of tree under build/. CC, CFLAGS, LDFLAGS can be
# overridden; the warning flags and the language standard cannot.

CC      ?= gcc
CFLAGS  ?= -O2 -g
LDFLAGS ?=
STD      = -std=c17 -D_GNU_SOURCE -pthread
WARN     = -Wall -Wextra -Werror
B        = build

DODONT_SRC := $(wildcard src/*.c src/lint/*.c)
DODONT_HDR := $(wildcard src/*.h src/lint/*.h)
INCLUDES   := -Isrc -Isrc/lint
DODONT_OBJ := $(DODONT_SRC:src/%.c=$(B)/obj/%.o)
SHIMS      := $(B)/shims/dodont-caps.so $(B)/shims/dodont-faults.so

UNIT       := $(B)/tests/unit-header $(B)/tests/unit-parse $(B)/tests/unit-judge \
              $(B)/tests/unit-lint_parse
LIB_OBJ    := $(filter-out $(B)/obj/main.o,$(DODONT_OBJ))

.PHONY: all deps demo check bench clean
all: $(B)/dodont $(SHIMS)

deps:
	@sh checks/deps.sh

$(B)/obj/%.o: src/%.c $(DODONT_HDR) | $(B)/obj
	@mkdir -p $(@D)
	$(CC) $(STD) $(WARN) $(CFLAGS) $(INCLUDES) -c $< -o $@

$(B)/dodont: $(DODONT_OBJ)
	$(CC) $(STD) $(CFLAGS) $(LDFLAGS) $^ -ljansson -o $@

$(B)/shims/%.so: checks/shims/%.c checks/shims/census.h | $(B)/shims
	$(CC) $(STD) $(WARN) $(CFLAGS) -fPIC -shared $< -ldl -o $@

# dodont built with ThreadSanitizer: the tests run it on part of the catalogue.
$(B)/tsan/dodont: $(DODONT_SRC) $(DODONT_HDR) | $(B)/tsan
	clang $(STD) $(WARN) -O1 -g -fsanitize=thread $(INCLUDES) $(DODONT_SRC) -ljansson -o $@

$(B)/tests/unit-%: tests/unit/test_%.c $(LIB_OBJ) | $(B)/tests
	$(CC) $(STD) $(WARN) $(CFLAGS) $(INCLUDES) -DLOG_DIR='"tests/unit/logs"' $^ \
		-lcmocka -ljansson -o $@

$(B)/obj $(B)/shims $(B)/tsan $(B)/tests:
	mkdir -p $@

demo: deps all
	$(B)/dodont demo

check: deps all $(UNIT) $(B)/tsan/dodont
	sh tests/run.sh

bench: deps all
	sh bench/run.sh

clean:
	rm -rf $(B)
