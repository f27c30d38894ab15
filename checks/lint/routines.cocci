// routines.cocci: what thread start routines and the functions
// that start them do wrong: lifetimes, handles, library buffers, unlocks.
// Needs: shared.cocci (the facts, and what is under a lock) and
// model.cocci (the functions, objects, threads and locks of the file), in
// the same run: dodont lint joins every checks/lint/*.cocci into one
// semantic patch. Options: --no-includes --macro-file cocci-macros.h
// Confidence: high (thread-outlives-local, dropped-thread-handle,
// concurrent-mt-unsafe-call, unlock-not-held)
//
// Rules in this file (each message ends with its rule id in brackets):
//
// thread-outlives-local  CERT CON34-C / POS50-C "Declare objects shared
//   between threads with appropriate storage durations".  Matches a
//   pthread_create or thrd_create in a function other than main whose
//   argument is the address of a local (`&ev`, `&ev.f`, a local array), or
//   an object a field of which the function set to such an address before
//   the start (`w->job = &job`), when the local is not static, not in a
//   loop that starts the thread again (loop-counter-address), and the
//   thread is not joined (in the text, before the block of the local ends)
//   and the function calls nothing that waits for another thread after the
//   start (a semaphore, a condition variable, a barrier, a join, a read of
//   a pipe; also through the functions of the file it calls) and enters no
//   loop that never ends (`for (;;)`): the thread may run after the local
//   is gone.  Reported at the start, or at the
//   store.
//   In main, only when main ends its own thread with pthread_exit after
//   the start (else the locals of main live as long as the process).  Also
//   matches a thread that hands back the address of its own local: a
//   `return &v;` in a start routine, or pthread_exit(&v) anywhere.
//   Limits: a thread that some other function joins before the local's
//   function returns is reported; functions Coccinelle cannot parse (a GNU
//   attribute before the declaration) are not seen.
//
// dropped-thread-handle  seed "Worker Pool" / POSIX (a joinable thread
//   must be joined or detached).  Matches pthread_create(&t, NULL, ...) in
//   a loop, t a local pthread_t that the function names only in its
//   declaration and in that call (never joined, detached, copied or
//   stored), when the start routine (and what it calls) does not detach
//   itself: every pass leaks a thread's stack and its slot until the
//   process exits.
//
// concurrent-mt-unsafe-call  CERT CON33-C "Avoid race conditions when
//   using library functions".  Matches a call, with no lock held, of a
//   function that keeps its result or its state in one static buffer of
//   the library whatever its arguments (localtime, gmtime, ctime, asctime,
//   strtok, the getpw*, getgr*, gethostby*, getservby*, getprotoby*
//   lookups, inet_ntoa, ttyname, getlogin, ptsname, strsignal, ecvt, fcvt,
//   tmpnam(NULL)), in a thread start routine that runs in several threads
//   at once or in a function it calls with no lock held: two threads use
//   the one buffer at the same time.  (mt-unsafe-call, a warning, names
//   every such call.)
//
// unlock-not-held  CERT POS48-C "Do not unlock or destroy another POSIX
//   thread's mutex", for thread start routines.  A thread starts holding
//   no lock.  Matches a pthread_mutex_unlock (spin, rwlock, mtx_unlock) in
//   a start routine that the file never calls directly, of a mutex that
//   the routine takes nowhere before it in its text, neither itself nor
//   through a function of the file it calls (which may return holding it):
//   the routine releases a mutex another thread owns.
//   Limits: a routine that the file also calls directly is left alone (it
//   may be entered holding the lock there).

virtual report
virtual org

@finalize:python depends on report@
@@

sh_prepare()

# thread-outlives-local --------------------------------------------------------

SH_WAITS = set("""sem_wait sem_timedwait sem_clockwait pthread_cond_wait pthread_cond_timedwait
pthread_cond_clockwait pthread_barrier_wait cnd_wait cnd_timedwait pthread_join thrd_join
pthread_timedjoin_np pthread_tryjoin_np read recv recvfrom recvmsg poll ppoll select pselect
epoll_wait sigwait sigwaitinfo sigtimedwait pause futex syscall""".split())

def sh_waits(file, fn, seen=None):
    """Does fn (or a function of the file it calls) wait for another
    thread?"""
    seen = seen if seen is not None else set()
    if fn in seen:
        return False
    seen.add(fn)
    for (c, pc) in sh_calls:
        if pc.file == file and pc.current_element == fn:
            if c in SH_WAITS or ((file, c) in sh_defs and sh_waits(file, c, seen)):
                return True
    return False

def sh_local_storage(file, fn, obj):
    """The local variable whose storage obj is in (`&v`, `&v.f`, an array
    `buf`), or None: not through a pointer, not static."""
    if obj is None:
        return None
    (root, path) = obj
    if root[0] != "l" or root[1] != fn or sh_param_index(file, fn, root[2]) is not None:
        return None
    v = root[2]
    at = sh_local_pos.get((file, fn, v))
    if at is None:
        return None
    decl = sh_line(file, at[0])
    if re.search(r"\bstatic\b", decl):
        return None
    array = re.search(r"\b%s\s*\[" % re.escape(v), decl) is not None
    steps = list(path)
    if steps and steps[0] == "*":
        if not array:
            return None
        steps = steps[1:]
    return v if "*" not in steps else None

def sh_block_end(file, at):
    """The closing brace of the innermost block around position at."""
    code, pairs = sh_braces(file)
    inner = None
    for (o, c) in pairs:
        if o < at < c and (inner is None or o > inner[0]):
            inner = (o, c)
    return inner[1] if inner else None

def sh_assignments(file, fn):
    """Assignments `LHS = RHS;` in the text of fn: [((line, col), LHS, RHS)]."""
    h = sh_fn_header(file, fn)
    if h is None:
        return []
    code, pairs = sh_braces(file)
    (o, c) = h[1]
    out = []
    for ln in range(o[0], c[0] + 1):
        for m in re.finditer(r"([A-Za-z_][\w.\[\]>-]*(?:\s*(?:->|\.)\s*\w+)*)\s*=(?!=)\s*([^;]+);", code[ln - 1]):
            if m.start() == 0 or code[ln - 1][m.start() - 1] not in "!<>=+-*/%&|^":
                out.append(((ln, m.start()), m.group(1), m.group(2)))
    return out

def sh_escaping_local(s):
    """The local whose address the thread of site s gets, directly or
    stored in a field of its argument before the start: (local, position
    to report) or None."""
    file, fn = s["file"], s["fn"]
    arg = sh_ptee(file, fn, sh_parse(s["arg"]))
    v = sh_local_storage(file, fn, arg)
    if v is not None:
        return (v, s["pos"])
    if arg is None:
        return None
    for (at, lhs, rhs) in sh_assignments(file, fn):
        if at >= s["at"]:
            continue
        target = sh_lval(file, fn, sh_parse(lhs))
        if target is None or target[0] != arg[0] or target[1][:len(arg[1])] != arg[1]:
            continue
        v = sh_local_storage(file, fn, sh_ptee(file, fn, sh_parse(rhs)))
        if v is not None:
            return (v, at)
    return None

sh_tol_done = set()
for s in sh_sites:
    file, fn = s["file"], s["fn"]
    if file not in sh_threaded:
        continue
    found = sh_escaping_local(s)
    if found is None:
        continue
    # the locals of main live until main returns, and then the process ends,
    # unless main ends only its own thread with pthread_exit
    if fn == "main" and not any(c == "pthread_exit" and pc.file == file and pc.current_element == fn
                                and (int(pc.line), int(pc.column)) > s["at"] for (c, pc) in sh_calls):
        continue
    (v, where) = found
    decl = sh_local_pos[(file, fn, v)]
    end = sh_block_end(file, decl)
    # a local of a loop body whose thread the loop starts again is
    # loop-counter-address
    if end is None or any(lo <= decl <= hi for (lo, hi) in s["loops"]):
        continue
    if s["until"] is not None and s["until"] < end:
        continue
    later = [c for (c, pc) in sh_calls if pc.file == file and pc.current_element == fn
             and s["at"] < (int(pc.line), int(pc.column)) < end]
    if any(c in SH_WAITS or ((file, c) in sh_defs and sh_waits(file, c)) for c in later):
        continue
    # a loop that never ends after the start: the function does not return
    rest, lo = sh_fn_text(file, fn, s["at"], end)
    if re.search(r"\b(while\s*\(\s*(1|true)\s*\)|for\s*\(\s*;\s*;\s*\))", rest):
        continue
    if isinstance(where, tuple):
        # a store into the argument: reported at the field it writes
        here = [a[2] for a in sh_acc.values() if a[2].file == file and int(a[2].line) == where[0]]
        where = min(here, key=sh_key) if here else s["pos"]
    if sh_key(where) in sh_tol_done:
        continue
    sh_tol_done.add(sh_key(where))
    coccilib.report.print_report(where,
        "the new thread gets the address of '%s', a local of %s() that ends when %s, and nothing in %s() joins or waits for the thread first: the thread may use it after its lifetime ends; hand it a copy (malloc'd, freed by the thread) or join it before returning [thread-outlives-local]"
        % (v, fn, "its block ends" if end != sh_fn_header(file, fn)[1][1]
           else "main() calls pthread_exit" if fn == "main" else fn + "() returns", fn))

def sh_statement_value(p):
    """The text of the expression of the return statement at p."""
    code, pairs = sh_braces(p.file)
    (ln, col) = (int(p.line), int(p.column) + len("return"))
    text = []
    while ln <= len(code):
        line = code[ln - 1]
        k = line.find(";", col)
        if k >= 0:
            text.append(line[col:k])
            return " ".join(text)
        text.append(line[col:])
        ln, col = ln + 1, 0
    return ""

# what a thread hands back when it ends: its own local is gone by then
sh_exits = [(p, sh_statement_value(p), "returns") for p in sh_returns
            if (p.file, p.current_element) in sh_routines]
sh_exits += [(pc, (sh_call_args.get(sh_key(pc), []) or [""])[0], "passes to pthread_exit")
             for (c, pc) in sh_calls if c in ("pthread_exit", "thrd_exit")]
for (p, value, how) in sh_exits:
    fn = p.current_element
    v = sh_local_storage(p.file, fn, sh_ptee(p.file, fn, sh_parse(value)))
    if v is None or sh_key(p) in sh_tol_done:
        continue
    sh_tol_done.add(sh_key(p))
    coccilib.report.print_report(p,
        "the thread %s the address of '%s', its own local, which ends with the thread: whoever joins it gets a dangling pointer; return an allocated copy, or fill in memory the joiner owns [thread-outlives-local]"
        % (how, v))

# dropped-thread-handle --------------------------------------------------------

def sh_detaches_self(file, fn, seen=None):
    """Does fn (or a function of the file it calls) detach its own thread?"""
    seen = seen if seen is not None else set()
    if fn in seen:
        return False
    seen.add(fn)
    for (c, pc) in sh_calls:
        if pc.file != file or pc.current_element != fn:
            continue
        if c in ("pthread_detach", "thrd_detach"):
            return True
        if (file, c) in sh_defs and sh_detaches_self(file, c, seen):
            return True
    return False

def sh_word_uses(file, fn, v):
    """How many times the name v is written in the text of fn."""
    h = sh_fn_header(file, fn)
    if h is None:
        return None
    code, pairs = sh_braces(file)
    (o, c) = h[1]
    text = "\n".join(code[o[0] - 1:c[0]])
    return len(re.findall(r"(?<![\w.>])%s\b" % re.escape(v), text))

sh_dth_done = set()
for s in sh_sites:
    file, fn = s["file"], s["fn"]
    if file not in sh_threaded or not s["each"]:
        continue
    args = sh_call_args.get(sh_key(s["pos"]), [])
    m = re.match(r"^&\s*([A-Za-z_]\w*)$", args[0].strip()) if args else None
    if m is None:
        continue
    v = m.group(1)
    if not sh_is_local(file, fn, v) or (len(args) == 4 and args[1].strip() not in ("NULL", "0")):
        continue
    # the handle is named only where it is declared and where the thread
    # is started: nothing can join or detach it, or keep it to do so later
    if sh_word_uses(file, fn, v) != 2 or sh_detaches_self(file, s["routine"]):
        continue
    if sh_key(s["pos"]) in sh_dth_done:
        continue
    sh_dth_done.add(sh_key(s["pos"]))
    coccilib.report.print_report(s["pos"],
        "a joinable thread is started on every pass of the loop and its handle '%s' is never used again: no one can join or detach it, so each one keeps its stack until the process exits; join it, keep the handles, or detach it [dropped-thread-handle]" % v)

# concurrent-mt-unsafe-call ----------------------------------------------------

# Functions that return or keep their state in one static buffer of the
# library, whatever their arguments (POSIX.1-2017 2.9.1 lists them as not
# required to be thread-safe; glibc documents them MT-Unsafe race:...).
SH_MT_UNSAFE = set("""localtime gmtime ctime asctime strtok gethostbyname gethostbyaddr
getservbyname getservbyport getprotobyname getprotobynumber getpwnam getpwuid getpwent
getgrnam getgrgid getgrent inet_ntoa ttyname getlogin ptsname strsignal ecvt fcvt
tmpnam""".split())
SH_MT_SAFE_FORM = {"inet_ntoa": "inet_ntop", "strsignal": "sigdescr_np or a table of your own",
                   "getpwent": "getpwent_r", "getgrent": "getgrent_r"}

def sh_concurrent_fns(file):
    """Functions of the file that two threads may run at once, with no lock
    held on the way: {function: the start routine}."""
    out = {}
    for (f, r) in sorted(sh_routines):
        if f != file:
            continue
        reach = sh_reach(file, r)
        if sh_many(file, r):
            for fn in reach:
                out.setdefault(fn, r)
    return out

sh_mtu_done = set()
for file in sorted(set(pc.file for (c, pc) in sh_calls if c in SH_MT_UNSAFE)):
    if file not in sh_threaded:
        continue
    conc = sh_concurrent_fns(file)
    for (c, pc) in sh_calls:
        if pc.file != file or c not in SH_MT_UNSAFE or pc.current_element not in conc:
            continue
        if sh_lock_held_at(pc) or (file, pc.current_element) in sh_entered:
            continue
        if c == "tmpnam":
            args = sh_call_args.get(sh_key(pc), [])
            if args and args[0].strip() not in ("NULL", "0"):
                continue
        if sh_key(pc) in sh_mtu_done:
            continue
        sh_mtu_done.add(sh_key(pc))
        r = conc[pc.current_element]
        coccilib.report.print_report(pc,
            "%s() keeps its result in one static buffer of the library, and it runs here in thread start routine %s()%s, which runs in several threads at once, with no lock held: one thread overwrites what another is still reading; use %s [concurrent-mt-unsafe-call]"
            % (c, r, "" if pc.current_element == r else " (through %s())" % pc.current_element,
               SH_MT_SAFE_FORM.get(c, c + "_r")))

# unlock-not-held (thread start routines) ---------------------------------------

sh_unh_done = set()
for (file, r) in sorted(sh_routines):
    if file not in sh_threaded:
        continue
    # a routine the file also calls directly may be entered holding a lock
    if any(c == r and pc.file == file for (c, pc) in sh_calls):
        continue
    evs = sh_lock_events(file, r)
    for (at, what, kind, obj, pc, reach) in evs:
        if what != "rel" or pc.current_element != r:
            continue
        if any(w == "acq" and o == obj and a <= at for (a, w, k, o, p2, rr) in evs):
            continue
        # a function of the file called before that takes it anywhere may
        # return holding it (`if (lock_both()) { ...; unlock(&second); }`)
        if any(w == "call" and a < at and any(sh_instance(d, file, r, p2, k) == obj
                                              for (d, kk, pp, ch) in sh_lock_summary(file, k)[0])
               for (a, w, k, o, p2, rr) in evs):
            continue
        args = sh_call_args.get(sh_key(pc), [])
        text = sh_norm(args[0]) if args else None
        if any(q.file == file and q.current_element == r and a == text and
               (int(q.line), int(q.column)) < at for (q, a) in sh_locks):
            continue
        if sh_key(pc) in sh_unh_done:
            continue
        sh_unh_done.add(sh_key(pc))
        coccilib.report.print_report(pc,
            "thread start routine %s() releases '%s', which it never took: a thread starts holding no lock, so it unlocks a mutex that another thread owns (undefined behaviour for a default mutex); hand over with a semaphore instead [unlock-not-held]"
            % (r, sh_lock_name(obj, file) or args[0]))
