# summary.awk: the catalogue at a glance, as a Markdown table, read from the
# programs' own headers so that it cannot drift from what the tools are
# expected to report. Run on bench/run.sh, then patterns/*.c antipatterns/*.c.
#
# What catches a broken twin is split by its nature: a detector's report
# (tsan, asan, helgrind, drd, memcheck), the program's own check (self-check)
# or the watchdog (hang), a limit or an injected fault (caps, faults), the
# static analyzers (lint), or only a benchmark (make bench).

FNR == 1 {
	file = FILENAME
	in_comment = 0
	header_done = 0
	title = ""
	if (file ~ /^patterns\//) {
		twin = "correct"
		name = substr(file, 10)
	} else if (file ~ /^antipatterns\//) {
		twin = "broken"
		name = substr(file, 14)
	} else {
		twin = ""
	}
	sub(/\.c$/, "", name)
}

# make bench: the pairs whose programs it builds.
twin == "" {
	s = $0
	while (match(s, /(anti)?patterns\/[a-z0-9-]+\.c/)) {
		b = substr(s, RSTART, RLENGTH)
		sub(/^(anti)?patterns\//, "", b)
		sub(/\.c$/, "", b)
		bench[b] = 1
		s = substr(s, RSTART + RLENGTH)
	}
	next
}

header_done { next }

# The leading comment; a one-line comment (a licence line) above it is skipped.
!in_comment {
	if ($0 ~ /^\/\*/ && $0 !~ /\*\//)
		in_comment = 1
	else if ($0 !~ /^[ \t]*$/ && $0 !~ /^\/\// && $0 !~ /^\/\*.*\*\//)
		header_done = 1
	next
}

/\*\// { header_done = 1; next }

{
	l = $0
	sub(/^[ \t]*\*[ \t]?/, "", l)
	if (title == "" && l != "") {
		title = l
		sub(/^[a-z0-9-]+: */, "", title)
		sub(/ \((broken|correct)\)$/, "", title)
		if (twin == "broken")
			wrong[name] = title
		if (!(name in seen)) {
			seen[name] = 1
			entries[++nentries] = name
		}
		next
	}
	if (twin == "broken" && l ~ /^rule: /)
		rule[name] = substr(l, 7)
	if (twin == "broken" && l ~ /^expect: /)
		expect(name, substr(l, 9))
}

# expect: TOOL[,TOOL...] KIND [@tag...]
function expect(entry, spec,    w, n, tools, kind, t, nt, i) {
	n = split(spec, w, " ")
	nt = split(w[1], t, ",")
	kind = w[2]
	for (i = 1; i <= nt; i++) {
		if (kind == "self-check")
			add(entry, "own", "self-check")
		else if (kind == "hang")
			add(entry, "own", "hang (watchdog)")
		else if (t[i] == "caps" || t[i] == "faults")
			add(entry, "limit", kind " (" t[i] ")")
		else if (t[i] == "lint")
			add(entry, "lint", "`" kind "`")
		else
			add_tool(entry, kind, t[i])
	}
}

# add ENTRY COLUMN TEXT: TEXT once in the column.
function add(entry, col, text,    key) {
	key = entry SUBSEP col
	if (index(" " cell[key] ", ", " " text ", "))
		return
	cell[key] = cell[key] == "" ? text : cell[key] ", " text
}

# Detectors: "data-race: tsan, helgrind, drd; thread-leak: memcheck".
function add_tool(entry, kind, tool,    key) {
	key = entry SUBSEP kind
	if (!(key in kinds)) {
		kinds[key] = ""
		order[entry] = order[entry] == "" ? kind : order[entry] " " kind
	}
	if (index(", " kinds[key] ", ", ", " tool ", "))
		return
	kinds[key] = kinds[key] == "" ? tool : kinds[key] ", " tool
}

function detectors(entry,    n, k, i, out) {
	n = split(order[entry], k, " ")
	out = ""
	for (i = 1; i <= n; i++)
		out = out (i > 1 ? "; " : "") k[i] " (" kinds[entry SUBSEP k[i]] ")"
	return out
}

# The rule, short: the CERT ids, or the source document's words up to the
# first parenthesis, colon or semicolon (with the CERT ids it cites, if any).
function short_rule(r,    ids, s, id) {
	ids = ""
	s = r
	while (match(s, /(CON|POS|SIG|ERR)[0-9]+-C/)) {
		id = substr(s, RSTART, RLENGTH)
		ids = ids == "" ? id : ids " / " id
		s = substr(s, RSTART + RLENGTH)
	}
	if (r ~ /^CERT /)
		return "CERT " ids
	sub(/ \(.*/, "", r)
	sub(/[;:].*/, "", r)
	return ids == "" ? r : r " (CERT " ids ")"
}

function or_dash(s) { return s == "" ? "-" : s }

END {
	print "| entry | rule | what goes wrong | a detector reports | the program's own check, or a hang | a limit or an injected fault | lint | benchmark |"
	print "|---|---|---|---|---|---|---|---|"
	for (i = 1; i <= nentries; i++) {
		e = entries[i]
		printf "| [%s](#%s) | %s | %s | %s | %s | %s | %s | %s |\n", e, e,
			short_rule(rule[e]), wrong[e], or_dash(detectors(e)),
			or_dash(cell[e SUBSEP "own"]), or_dash(cell[e SUBSEP "limit"]),
			or_dash(cell[e SUBSEP "lint"]), e in bench ? "make bench" : "-"
	}
}
