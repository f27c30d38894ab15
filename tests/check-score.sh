# check-score.sh, sourced by tests/run.sh (uses its ok, not_ok and OUT):
# the validation corpus scores at least what tests/corpus/thresholds asks.

# First the scorer itself, with stand-ins for dodont: one that reports exactly
# the labelled lines must score 1 everywhere; one that flags every program must
# fall to the share of buggy programs at file level and to 0 line recall.
score_fix=tests/fixtures/score
SCORE_OUT=build/score-oracle DODONT=$score_fix/oracle sh tests/score.sh >"$OUT/score-oracle.log" 2>&1
if [ "$(grep -c '^score .* 1\.0000$' "$OUT/score-oracle.log")" -eq 12 ]; then
	ok "score: a dodont that reports exactly the labelled lines scores 1.0 twelve times"
else
	not_ok "score: a dodont that reports exactly the labelled lines scores 1.0 twelve times" \
		"see $OUT/score-oracle.log"
fi
SCORE_OUT=build/score-flag-all DODONT=$score_fix/flag-all sh tests/score.sh >"$OUT/score-flag-all.log" 2>&1
score_share=$(sed -n 's/^corpus: \([0-9]*\) programs, \([0-9]*\) buggy.*/\2 \1/p' "$OUT/score-flag-all.log" |
	awk '{ printf "%.4f", $1 / $2 }')
if grep -q "^score verify-file-precision $score_share\$" "$OUT/score-flag-all.log" &&
	grep -q '^score verify-file-recall 1\.0000$' "$OUT/score-flag-all.log" &&
	grep -q '^score lint-line-recall 0\.0000$' "$OUT/score-flag-all.log"; then
	ok "score: a dodont that flags everything gets precision $score_share, line recall 0"
else
	not_ok "score: a dodont that flags everything gets precision ${score_share:-?}, line recall 0" \
		"see $OUT/score-flag-all.log"
fi

score_log="$OUT/score.log"
if sh tests/score.sh >"$score_log" 2>&1; then
	while read -r score_name score_min; do
		case $score_name in '' | '#'*) continue ;; esac
		score_got=$(sed -n "s/^score $score_name //p" "$score_log")
		if [ -z "$score_got" ]; then
			not_ok "score: $score_name" "tests/score.sh printed no such score: $score_log"
		elif awk -v g="$score_got" -v m="$score_min" 'BEGIN { exit !(g + 0 >= m + 0) }'; then
			ok "score: $score_name $score_got >= $score_min"
		else
			not_ok "score: $score_name $score_got < $score_min" "see $score_log"
		fi
	done <tests/corpus/thresholds
else
	not_ok "score: tests/score.sh runs on the corpus" "see $score_log"
fi
