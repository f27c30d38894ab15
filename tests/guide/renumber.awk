# renumber.awk: thread numbers in order of first appearance, so that an
# excerpt does not change when the scheduler starts or reports threads in
# another order. The main thread keeps its number: T0 for the sanitizers, 1
# for Valgrind and gdb. Others become T1, T2... and 2, 3... as they appear.
#   TSan, ASan: "thread T3", "Thread T3"      Helgrind: "thread #3", "Thread #3"
#   DRD: "thread 3", "owner 3"                gdb: "Thread 3 ("

# Renumbers every match of re in s; the number starts after prefix_len chars.
function renumber(s, re, kind,    out, tok, num, head) {
	out = ""
	while (match(s, re)) {
		tok = substr(s, RSTART, RLENGTH)
		head = tok
		sub(/[0-9]+$/, "", head)
		num = substr(tok, length(head) + 1)
		out = out substr(s, 1, RSTART - 1) head new_number(kind, num)
		s = substr(s, RSTART + RLENGTH)
	}
	return out s
}

function new_number(kind, num,    key) {
	if ((kind == "T" && num == 0) || (kind == "N" && num == 1))
		return num
	key = kind SUBSEP num
	if (!(key in seen))
		seen[key] = kind == "T" ? ++next_t : ++next_n
	return seen[key]
}

BEGIN { next_t = 0; next_n = 1 }

{
	l = $0
	l = renumber(l, "[Tt]hread T[0-9]+", "T")
	l = renumber(l, "[Tt]hread #[0-9]+", "N")
	l = renumber(l, "([Tt]hread|owner) [0-9]+", "N")
	print l
}
