#!/bin/sh
# run.sh: dodont on a C project in CI; the workflows beside this file call it,
# and it runs the same way on a laptop.
#
# Usage: examples/ci/run.sh PROJECT-DIR
#
# 1. Builds the project so that BUILD-DIR/compile_commands.json holds its
#    compiler flags: with CMake (-DCMAKE_EXPORT_COMPILE_COMMANDS=ON) when it
#    has a CMakeLists.txt, else with `bear -- make`.
# 2. Runs `dodont verify` on each test program listed in
#    PROJECT-DIR/dodont-programs: one program per line, its sources (driver
#    first, paths relative to PROJECT-DIR), optionally followed by more verify
#    options such as --args "-n 4"; `#` starts a comment line.
# 3. Runs `dodont lint -p BUILD-DIR` on the project's C files from
#    compile_commands.json, and writes the findings as SARIF.
#
# Environment: DODONT, the dodont binary (default: dodont on PATH, else the
# build/dodont of the checkout this script is in); BUILD_DIR (default: build);
# SARIF, the SARIF file (default: PROJECT-DIR/dodont-lint.sarif).
# Exit status: 0 when no tool reports an error (warnings and notes never fail
# the job), 1 when one does, 2 when the project does not build, its program
# list is missing, or dodont cannot run.
set -u

die() { echo "dodont-ci: $*" >&2; exit 2; }

[ $# -eq 1 ] || die "usage: $0 PROJECT-DIR"
[ -d "$1" ] || die "$1 is not a directory"
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${DODONT:-}" ]; then
	dodont=$DODONT
elif command -v dodont >/dev/null 2>&1; then
	dodont=$(command -v dodont)
else
	dodont=$here/../../build/dodont
fi
case $dodont in /*) ;; *) dodont=$(pwd)/$dodont ;; esac
[ -x "$dodont" ] || die "dodont not found at $dodont: run make in its checkout, or set DODONT"
cd "$1" || exit 2
build=${BUILD_DIR:-build}
sarif=${SARIF:-$(pwd)/dodont-lint.sarif}
[ -f dodont-programs ] ||
	die "$(pwd)/dodont-programs is missing: list the test programs to verify, one per line"

echo "== build with compile_commands.json"
if [ -f CMakeLists.txt ]; then
	cmake -S . -B "$build" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_BUILD_TYPE=Debug &&
		cmake --build "$build" || die "the CMake build failed"
elif [ -f Makefile ] || [ -f makefile ] || [ -f GNUmakefile ]; then
	# --append keeps the entries of files that make finds up to date.
	mkdir -p "$build" && bear --append --output "$build/compile_commands.json" -- make ||
		die "the build (bear -- make) failed"
else
	die "no CMakeLists.txt or Makefile in $(pwd)"
fi
[ -s "$build/compile_commands.json" ] || die "the build wrote no $build/compile_commands.json"

worst=0
keep_worst() { if [ "$1" -gt "$worst" ]; then worst=$1; fi; }

# Each line of dodont-programs is split like shell words, so quoted --args work.
nprog=0
while IFS= read -r line || [ -n "$line" ]; do
	case $line in '' | '#'*) continue ;; esac
	eval "set -- $line"
	nprog=$((nprog + 1))
	echo "== dodont verify $line"
	"$dodont" verify "$@" -p "$build" </dev/null
	rc=$?
	[ "$rc" -le 1 ] || rc=2
	keep_worst "$rc"
done <dodont-programs
[ "$nprog" -gt 0 ] || die "dodont-programs lists no program"

# Paths relative to the project, so that code scanning can place the findings.
sources=$(sed -n 's/^[[:space:]]*"file":[[:space:]]*"\(.*\.c\)",\{0,1\}[[:space:]]*$/\1/p' \
	"$build/compile_commands.json" | sed "s|^$(pwd)/||" | sort -u)
[ -n "$sources" ] || die "$build/compile_commands.json names no .c file"
echo "== dodont lint -p $build"
# shellcheck disable=SC2086 # one word per source file
"$dodont" lint $sources -p "$build" --sarif "$sarif" </dev/null
rc=$?
[ "$rc" -le 1 ] || rc=2
keep_worst "$rc"
[ -f "$sarif" ] && echo "SARIF: $sarif"

case $worst in
0) echo "dodont: no errors" ;;
1) echo "dodont: errors found (see above)" ;;
*) echo "dodont: a step could not run (see above)" ;;
esac
exit "$worst"
