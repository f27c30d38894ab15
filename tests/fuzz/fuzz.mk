# Fuzzing dodont's readers of outside text (included by the Makefile).
#
# Each target in tests/fuzz/fuzz_NAME.c is linked against every object of
# dodont but main.o, compiled again with libFuzzer's instrumentation and
# ASan+UBSan (build/fuzz/obj/). `make fuzz` runs each for FUZZ_SECONDS;
# `make check` runs each for 10 s and replays tests/fuzz/regressions/.

FUZZ_SECONDS ?= 60
FUZZ_JOBS    ?= 2
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS   = $(STD) $(WARN) -g -O1 $(FUZZ_SAN) $(INC) $(FUZZ_INC)
FUZZ_INC     :=
FUZZ_TARGETS  = header tsan asan valgrind program
FUZZ_LIB_SRC  = $(filter-out src/main.c,$(DODONT_SRC))

# The lint target and where it finds lint's sources: tests/fuzz/lint.mk.
include tests/fuzz/lint.mk

FUZZ_LIB_OBJ := $(patsubst %.c,$(B)/fuzz/obj/%.o,$(sort $(FUZZ_LIB_SRC)))
FUZZ_BIN     := $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz-%)

.PHONY: fuzz fuzz-build
# objects made by a pattern rule for a pattern rule: keep them between builds
.SECONDARY: $(FUZZ_LIB_OBJ) $(B)/fuzz/obj/fuzz.o
fuzz-build: $(FUZZ_BIN) $(B)/fuzz/fuzz-proof

fuzz: deps fuzz-build
	sh tests/fuzz/run.sh -t $(FUZZ_SECONDS) -j $(FUZZ_JOBS) $(FUZZ_TARGETS)

$(B)/fuzz/obj/%.o: %.c $(wildcard src/*.h src/*/*.h)
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(B)/fuzz/obj/fuzz.o: tests/fuzz/fuzz.c tests/fuzz/fuzz.h $(wildcard src/*.h)
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(B)/fuzz/fuzz-%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(B)/fuzz/obj/fuzz.o $(FUZZ_LIB_OBJ)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer $< $(B)/fuzz/obj/fuzz.o $(FUZZ_LIB_OBJ) \
		-ljansson -o $@

# A target with a planted bug: the check proves that a crash fails it.
$(B)/fuzz/fuzz-proof: tests/fuzz/proof/fuzz_proof.c
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer $< -o $@
