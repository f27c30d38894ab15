# check-score.sh, sourced by tests/run.sh (uses its ok, not_ok and OUT):
# the validation corpus scores at least what tests/corpus/thresholds asks.
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
