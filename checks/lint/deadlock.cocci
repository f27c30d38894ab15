// deadlock.cocci: locks that can wait for each other forever.
// Needs: shared.cocci (the facts, and what is under a lock) and
// model.cocci (the functions, objects, threads and locks of the file), in
// the same run: dodont lint joins every checks/lint/*.cocci into one
// semantic patch. Options: --no-includes --macro-file cocci-macros.h
// Confidence: high (lock-order, fork-holding-lock)
//
// Rules in this file (each message ends with its rule id in brackets):
//
// lock-order  CERT CON35-C / POS51-C "Avoid deadlock by locking in a
//   predefined order", without annotations.  Every pthread_mutex_lock,
//   pthread_spin_lock, pthread_rwlock_wrlock and mtx_lock taken while
//   another lock is held (read in the text of the function in order; a
//   release inside an if or else branch holds to the end of that branch;
//   through the functions of the file it calls, with their arguments put
//   in for their parameters, and through helpers that return holding a
//   lock or release one they did not take) is an edge "A before B".  A
//   lock is named by the variable it is in (`journal.mu`, `accounts[].mu`:
//   any element), or, reached through a parameter no caller in the file
//   resolves, by its class: the struct type that holds it and its field
//   (`struct conn.lock`, as lockdep does).  Matches two edges A before B
//   and B before A, A and B different names, when both take their lock
//   blocking (not a trylock or a timed lock, not a read lock) and no third
//   lock is held at both (a gate).  Reported at the first place that takes
//   each lock of the pair while holding the other.  A file that holds
//   main() and starts no thread is not judged.
//   Limits: locks reached through fields of a struct the caller fills in
//   (`t->from`) are not followed; two locks of one class (array elements,
//   `transfer(a, b)` with runtime a and b) are one name and never a pair;
//   a cycle of three or more locks is not matched.
//
// fork-holding-lock  seed "Don't mix sync and async carelessly" (POSIX:
//   the child of a multithreaded process gets each mutex in the state it
//   had, with only the forking thread).  Matches fork() in a function that
//   started a thread before it (in the text) and has not joined it yet,
//   when the child's block (`if (pid == 0) {`, `if (!pid) {`, `if ((pid =
//   fork()) == 0) {`, `if (fork() == 0) {`) takes a lock, blocking (also
//   through the functions of the file it calls), that the thread's routine
//   also takes, and the file registers no pthread_atfork handlers: a fork
//   that lands while the thread holds the lock leaves it locked in the
//   child forever.  Reported at the fork.
//   Limits: threads started by another function are not seen; the child's
//   code must be the block of an if in the function of the fork.

virtual report
virtual org

@finalize:python depends on report@
@@

sh_prepare()

# lock-order -------------------------------------------------------------------

def sh_lock_order():
    by_file = {}
    for (file, fn) in sorted(sh_defs):
        if file in sh_threaded:
            by_file.setdefault(file, []).append(fn)
    for (file, fns) in sorted(by_file.items()):
        edges = []
        for fn in fns:
            for (h, d, kind, p, hs, chain) in sh_lock_summary(file, fn)[1]:
                a, b = sh_lock_name(h, file), sh_lock_name(d, file)
                if a is None or b is None or a == b:
                    continue
                held = set(sh_lock_name(x, file) for x in hs) - set([None, a, b])
                edges.append((a, b, kind, p, held, fn, chain))
        # one finding per order: at the first place that takes b holding a
        done = set()
        edges.sort(key=lambda e: sh_key(e[3]))
        for e1 in edges:
            for e2 in edges:
                if e1[0] != e2[1] or e1[1] != e2[0]:
                    continue
                if e1[2] != "lock" or e2[2] != "lock" or e1[4] & e2[4]:
                    continue
                if (e1[0], e1[1]) in done or sh_key(e1[3]) in done:
                    continue
                done.add((e1[0], e1[1]))
                done.add(sh_key(e1[3]))
                other = e2[3]
                def via(e):
                    return (" (in %s(), called from %s())" % (e[3].current_element, e[5])
                            if e[3].current_element != e[5] else "")
                coccilib.report.print_report(e1[3],
                    "takes '%s' while holding '%s'%s, and line %s takes '%s' while holding '%s'%s: two threads can each hold one and wait for the other (a deadlock); take the locks in one order everywhere [lock-order]"
                    % (e1[1], e1[0], via(e1), other.line, e2[1], e2[0], via(e2)))

sh_lock_order()

# fork-holding-lock ------------------------------------------------------------

def sh_then_block(file, start, until=None):
    """The (open, close) braces of the first `if (...) {` block whose
    condition starts at or after start (and before until), with that
    condition's text: ((open, close), condition) or None."""
    code, pairs = sh_braces(file)
    for (o, c) in sorted(pairs):
        if o < start or (until is not None and o > until):
            continue
        cond = sh_if_condition(sh_before(code, o))
        if cond is not None:
            return ((o, c), cond)
    return None

def sh_child_block(file, fn, p):
    """The block the child runs after the fork at p: `if (pid == 0) {`,
    `if (!pid) {`, `if ((pid = fork()) == 0) {`, `if (fork() == 0) {`."""
    at = (int(p.line), int(p.column))
    h = sh_fn_header(file, fn)
    if h is None:
        return None
    end = h[1][1]
    pid = None
    for ((f, g, v), lst) in sh_binds.items():
        if f == file and g == fn and any(int(q.line) == at[0] and re.match(r"\s*fork\s*\(", t) for (q, t) in lst):
            pid = v
    found = sh_then_block(file, (at[0], 0), end)
    while found is not None:
        ((o, c), cond) = found
        text = re.sub(r"\s+", "", cond)
        zero = re.search(r"(==0$|^0==|^!)", text)
        if zero and ("fork()" in text or (pid and re.search(r"\b%s\b" % re.escape(pid), cond))):
            return (o, c)
        found = sh_then_block(file, (o[0], o[1] + 1), end)
    return None

def sh_locks_taken(file, fn, span=None):
    """Names of the locks fn takes blocking (within span of its text, and
    in the functions of the file it calls there)."""
    out = set()
    for (at, what, kind, obj, pc, reach) in sh_lock_events(file, fn):
        if span is not None and not (span[0] < at < span[1]):
            continue
        if what == "acq" and kind == "lock":
            n = sh_lock_name(obj, file)
            if n:
                out.add(n)
        elif what == "call":
            for (d, k, p2, chain) in sh_lock_summary(file, kind)[0]:
                if k == "lock":
                    n = sh_lock_name(sh_instance(d, file, fn, pc, kind), file)
                    if n:
                        out.add(n)
    return out

sh_fhl_done = set()
for (c, pc) in sh_calls:
    if c != "fork" or pc.file not in sh_threaded:
        continue
    file, fn = pc.file, pc.current_element
    if any(c2 == "pthread_atfork" and p2.file == file for (c2, p2) in sh_calls):
        continue
    at = (int(pc.line), int(pc.column))
    alive = [s for s in sh_sites if s["file"] == file and s["fn"] == fn and s["at"] < at
             and (s["until"] is None or s["until"] > at)]
    if not alive:
        continue
    child = sh_child_block(file, fn, pc)
    if child is None:
        continue
    in_child = sh_locks_taken(file, fn, child)
    if not in_child:
        continue
    for s in alive:
        shared = in_child & set(n for g in sh_reach(file, s["routine"]) for n in sh_locks_taken(file, g))
        if not shared or sh_key(pc) in sh_fhl_done:
            continue
        sh_fhl_done.add(sh_key(pc))
        lock = sorted(shared)[0]
        coccilib.report.print_report(pc,
            "fork() while thread %s() (started at line %s) runs and takes '%s', which the child takes too: if the thread holds it at the fork, the child copy of the lock stays locked forever and the child hangs; exec at once in the child, or fork before starting threads [fork-holding-lock]"
            % (s["routine"], s["pos"].line, lock))
