# trim.awk: keeps the lines of a normalised tool log that teach.
#
# Variables (awk -v):
#   tool    tsan asan helgrind drd memcheck bt, or anything else for a log that
#           is the program's own output (watchdog, caps, faults, a command)
#   src     the program's file name (shared-counter.c): its frames are "own"
#   part    report (default): the tool's reports; program: the program's own
#           output only (the lines the tool did not write); all: every line
#           but blank ones (to show that a tool reported nothing)
#   pick    keep only the reports with a line matching this regex
#   report  which of those reports: a number (default 1) or "all"
#   frames  own (default): the stack frames in src; top: the first of those
#           in each stack; all: every frame
#   also    frames matching this regex are kept as if they were own
#   until   a report is cut before its first line that matches this regex
#   drop    a section (a line and the frames under it) whose line matches this
#           regex is left out, and so is a frame that matches it
#
# A log without the asked-for report is an error (exit 3): the guide would
# otherwise show an empty excerpt.

function is_frame(l) {
	if (tool == "tsan" || tool == "asan")
		return l ~ /^ +#[0-9]+ /
	if (tool == "bt")
		return l ~ /^#[0-9]+ /
	if (valgrind)	# a stack's line, or where a stack would be
		return l ~ /^==PID== +(at|by) 0x/ || l ~ /^==PID== +\(thread finished, call stack/
	return 0
}

function is_own(l) {
	return index(l, "/" src ":") || index(l, "(" src ":") || index(l, " " src ":") ||
		substr(l, length(l) - length(src)) == "/" src || (also != "" && l ~ also)
}

function is_blank(l) {
	return l ~ /^[ \t]*$/ || l ~ /^==PID== *$/
}

# Lines that never teach, whatever the excerpt.
function is_noise(l) {
	if (tool == "drd")
		return l ~ /^==PID== (Other segment (start|end)|Allocation context: unknown|Thread [0-9]+:$)/
	if (tool == "asan")
		return l ~ /^(HINT:|      \(longjmp)/
	if (tool == "bt")	# gdb's chatter, and where it stopped each process
		return l !~ /^(== process |Thread [0-9]+ \()/
	return 0
}

# Paragraphs that never teach: Helgrind's where-the-lock-was-first-seen.
function is_noise_paragraph(l) {
	return tool == "helgrind" && l ~ /^==PID==  Lock at 0x.* was first observed/
}

# Marks report k as the lines first..last.
function add_report(first, last) {
	if (last < first)
		return
	nrep++
	rfirst[nrep] = first
	rlast[nrep] = last
}

# Finds the reports in line[1..n], by the conventions of each tool.
function find_reports(    i, start, sep) {
	if (tool == "tsan" || tool == "asan") {
		head = tool == "tsan" ? "WARNING: ThreadSanitizer" : "ERROR: AddressSanitizer"
		for (i = 1; i <= n; i++) {
			if (index(line[i], head)) {
				start = i
				for (i++; i <= n; i++)
					if (line[i] ~ /^(SUMMARY: |=================|Shadow bytes around)/)
						break
				add_report(start, i - 1)
			}
		}
	} else if (tool == "helgrind") {
		# between separator lines; the thread announcements are not reports
		start = 0
		for (i = 1; i <= n + 1; i++) {
			sep = i > n || line[i] ~ /^==PID== ---/ || line[i] !~ /^==PID==/ ||
				line[i] ~ /^==PID== (Use --history-level|For lists of|For counts of|ERROR SUMMARY)/
			if (sep) {
				if (start && line[start] !~ /Thread-Announcement/)
					add_report(start + 1, i - 1)
				start = i <= n && line[i] ~ /^==PID== ---/ ? i : 0
			}
		}
	} else if (valgrind) {
		# a paragraph of the tool's lines that holds a stack
		start = 0
		for (i = 1; i <= n + 1; i++) {
			if (i > n || is_blank(line[i]) || line[i] !~ /^==PID==/) {
				if (start && has_frame)
					add_report(start, i - 1)
				start = 0
				has_frame = 0
			} else {
				if (!start)
					start = i
				if (is_frame(line[i]))
					has_frame = 1
			}
		}
	} else {
		add_report(1, n)
	}
}

# Inside a sanitizer report's frame of ====== lines, or a Valgrind line.
function is_tool_line(i) {
	if (valgrind)
		return line[i] ~ /^(==|--)PID(==|--)/
	if (tool == "tsan" || tool == "asan")
		return in_report[i] || line[i] ~ /^(=================|(Thread|Address)Sanitizer|==PID==|HINT:|      \(longjmp)/
	return 0
}

function print_program(    i) {
	for (i = 1; i <= n; i++)
		if (!is_tool_line(i) && !is_blank(line[i]))
			print line[i]
}

# Prints lines first..last: sections whose line matches drop are left out,
# and of the frames, only those that frames= keeps.
function print_report(first, last,    i, l, keep_section, kept_in_stack, skip_paragraph) {
	keep_section = 1
	kept_in_stack = 0
	for (i = first; i <= last; i++) {
		l = line[i]
		if (until != "" && l ~ until)
			break
		if (is_blank(l)) {
			skip_paragraph = 0
			continue
		}
		if (skip_paragraph || is_noise_paragraph(l)) {
			skip_paragraph = 1
			continue
		}
		if (!is_frame(l)) {
			keep_section = !is_noise(l) && (drop == "" || l !~ drop)
			kept_in_stack = 0
			if (keep_section)
				print l
			continue
		}
		if (!keep_section || (drop != "" && l ~ drop))
			continue
		if (frames == "all" || (is_own(l) && (frames != "top" || !kept_in_stack))) {
			print l
			kept_in_stack++
		}
	}
}

{ line[++n] = $0 }

END {
	valgrind = tool == "helgrind" || tool == "drd" || tool == "memcheck"
	if (frames == "")
		frames = "own"
	if (report == "")
		report = 1
	find_reports()
	for (k = 1; k <= nrep; k++)
		for (i = rfirst[k]; i <= rlast[k]; i++)
			in_report[i] = 1
	if (part == "program") {
		print_program()
		exit 0
	}
	if (part == "all") {
		for (i = 1; i <= n; i++)
			if (!is_blank(line[i]))
				print line[i]
		exit 0
	}
	chosen = 0
	for (k = 1; k <= nrep; k++) {
		ok = pick == ""
		for (i = rfirst[k]; i <= rlast[k] && !ok; i++)
			ok = line[i] ~ pick
		if (!ok)
			continue
		chosen++
		if (report == "all" || chosen == report + 0) {
			if (chosen > 1 && report == "all")
				print ""
			print_report(rfirst[k], rlast[k])
		}
	}
	if (chosen == 0 || (report != "all" && chosen < report + 0)) {
		printf "no report %s%s in this log (%d report(s) found)\n", report,
			pick == "" ? "" : " matching /" pick "/", nrep > "/dev/stderr"
		exit 3
	}
}
