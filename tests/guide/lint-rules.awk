# lint-rules.awk: the table of dodont's lint rules, read from
# src/lint/lint_rules.c (per rule: its id, its severity, then four strings:
# the rule taught, the guide's section, the analyzers, why that severity), so
# that the guide lists exactly the rules dodont reports.

/rules\[\] = \{/ { on = 1; next }
on && /^\};/ { on = 0 }
on {
	s = $0
	if (match(s, /SEVERITY_[A-Z]+/))
		sev[n + 1] = tolower(substr(s, RSTART + 9, RLENGTH - 9))
	while (match(s, /"([^"\\]|\\.)*"/)) {
		str[++n] = substr(s, RSTART + 1, RLENGTH - 2)
		s = substr(s, RSTART + RLENGTH)
	}
}

END {
	if (n == 0 || n % 5 != 0) {
		printf "src/lint/lint_rules.c: %d strings in rules[], not five per rule\n", n > "/dev/stderr"
		exit 2
	}
	print "| rule id | severity | rule | analyzer | section |"
	print "|---|---|---|---|---|"
	for (i = 1; i <= n; i += 5) {
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
		printf "| `%s` | %s | %s | %s | %s |\n", str[i], sev[i], str[i + 1], str[i + 3], section
	}
}
