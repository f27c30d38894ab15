#!/bin/sh
# seed.sh DIR: writes each fuzz target's seed corpus to DIR/TARGET/, from
# the project's own real inputs:
#   header    the leading comment and the tagged lines of every pattern,
#             broken twin and test fixture
#   tsan, asan, valgrind
#             that tool's saved logs (tests/unit/logs/)
#   program   every saved log and gdb backtrace, and seeds/program/: TSan's
#             and Helgrind's logs of a run with suppressions
#   proof     the input that sets off the planted bug of proof/fuzz_proof.c
#   lint      seeds/lint/: clang-tidy's, Coccinelle's and cppcheck's raw
#             output of `dodont lint` on antipatterns/, tests/lint/fixtures/
#             and tests/lint/bad/
# Paths in saved logs name the checkout /project, as tests/unit/logs do.
set -eu
cd "$(dirname "$0")/../.."
out=$1
logs=tests/unit/logs
here=tests/fuzz/seeds

fresh() { rm -rf "${out:?}/$1" && mkdir -p "$out/$1"; }

fresh header
for f in patterns/*.c antipatterns/*.c $(find tests/fixtures -name '*.c' | sort); do
	awk 'head_done { if (/@[A-Za-z_]/) print; next }
	     { print; if (index($0, "*/")) head_done = 1 }' "$f" >"$out/header/$(echo "$f" | tr / -)"
done

fresh tsan && cp $logs/tsan-* "$out/tsan/"
fresh asan && cp $logs/asan-* "$out/asan/"
fresh valgrind && cp $logs/helgrind-* $logs/drd-* $logs/memcheck-* "$out/valgrind/"
fresh program && cp $logs/* $here/program/* "$out/program/"
fresh lint && cp $here/lint/* "$out/lint/"
fresh proof && cp tests/fuzz/proof/planted-bug "$out/proof/"
