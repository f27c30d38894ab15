#!/bin/sh
# table.sh [RESULTS.tsv]: make bench's results as a Markdown table (the one
# in README.md). RATIO > 1: ours is better (faster, or smaller).
f=${1:-build/bench/results.tsv}
[ -r "$f" ] || { echo "table.sh: cannot read $f: run make bench first" >&2; exit 2; }
echo "| comparison | ratio | measured |"
echo "|---|---|---|"
awk -F '\t' '{ printf "| %s | %sx | %s |\n", $1, $2, $3 }' "$f"
