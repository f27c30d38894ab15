# lint-rules.awk: the table of dodont's lint rules, read from src/lint_rules.c
# (four strings per rule: id, rule, the guide's section, the analyzers), so
# that the guide lists exactly the rules dodont reports.

/rules\[\] = \{/ { on = 1; next }
on && /^\};/ { on = 0 }
on {
	s = $0
	while (match(s, /"([^"\\]|\\.)*"/)) {
		str[++n] = substr(s, RSTART + 1, RLENGTH - 2)
		s = substr(s, RSTART + RLENGTH)
	}
}

END {
	if (n == 0 || n % 4 != 0) {
		printf "src/lint_rules.c: %d strings in rules[], not four per rule\n", n > "/dev/stderr"
		exit 2
	}
	print "| rule id | rule | analyzer | section |"
	print "|---|---|---|---|"
	for (i = 1; i <= n; i += 4) {
		section = str[i + 2]
		if (section ~ /^GUIDE\.md#/) {
			sub(/^GUIDE\.md#/, "", section)
			section = "[" section "](#" section ")"
		} else {
			section = "-"
		}
		gsub(/\|/, "\\|", str[i + 1])
		gsub(/</, "\\&lt;", str[i + 1])
		gsub(/>/, "\\&gt;", str[i + 1])
		printf "| `%s` | %s | %s | %s |\n", str[i], str[i + 1], str[i + 3], section
	}
}
