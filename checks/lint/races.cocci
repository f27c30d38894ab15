// races.cocci: shared data written or published without the
// synchronisation it needs.
// Needs: shared.cocci (the facts, and what is under a lock) and
// model.cocci (the functions, objects, threads and locks of the file), in
// the same run: dodont lint joins every checks/lint/*.cocci into one
// semantic patch. Options: --no-includes --macro-file cocci-macros.h
// Confidence: high (unguarded-write, striped-lock-write, bit-field-race,
// split-atomic-update, relaxed-publication)
//
// Rules in this file (each message ends with its rule id in brackets):
//
// unguarded-write  CERT CON43-C (a shared variable written by a thread with
//   no lock).  (Thread start routines, and when one runs in several
//   threads at once: see model.cocci.)  Matches a write (=, op=, ++, --) of
//   a non-atomic scalar, not under a lock, in a routine or in a function it
//   calls from a place that holds no lock, when the object written is one
//   that other threads reach: a variable of file scope (not
//   _Thread_local), a field of one, or a field of the object the thread
//   was handed when every thread the routine starts gets the same object
//   (the argument names one variable that the starting loop does not
//   change, also through a function of the file that returns its
//   parameter), or an object a pointer field of its own element points at
//   when the starting loop sets that field to one object for every element
//   (`w[i].totals = &totals`).  It is reported when the routine runs in
//   several threads at once (writes by one thread alone are not: under an
//   `if` that compares its own number with `==`, `id == 0` or `me->n ==
//   nthreads - 1`, or in the serial thread of a barrier), or when another
//   write of the same variable holds a lock (inconsistent locking) in code
//   that may run at the same time (not in a routine whose threads are all
//   joined before this routine starts, nor after).  Not judged: what the
//   unguarded-read rule does not judge (objects not shared yet, code
//   before the first thread or after the joins, once routines), elements
//   of arrays.
//   Limits: threads started in other files, or through a pool, are not
//   seen; a write ordered by a semaphore or a barrier with another thread
//   writing it too is reported.
//
// striped-lock-write  CERT CON43-C (lock striping: a field of the whole
//   object written under the lock of one element).  Matches, in a
//   function that takes the lock of one element of an array field of an
//   object (`&m->buckets[h % n].lock`, also through a local pointer to the
//   element), a write of a non-atomic scalar field of that object itself
//   (`m->size++`) when no lock of the object itself (one not in an element)
//   is held there: two callers that lock different elements write the
//   field at once.  Functions called holding a lock, and what the
//   unguarded-read rule does not judge, are left alone.
//   Limits: the struct must be declared in the file; an element lock taken
//   through another function is not seen.
//
// bit-field-race  CERT CON32-C "Prevent data races when accessing
//   bit-fields from multiple threads".  Adjacent bit-fields of nonzero
//   width are one memory location (C11 3.14): writing one reads and
//   rewrites its neighbours.  Matches a write of a bit-field when another
//   function writes a bit-field of the same run (no `:0` field and no
//   plain member between them) and the locks held at the two writes (read
//   from the text in order, named by their last name: `&d->link_lock` is
//   link_lock) have nothing in common, one of them at least holding one.
//   Bit-fields are read from the text of the file and of its quoted
//   headers.  What the unguarded-read rule does not judge is left alone.
//
// split-atomic-update  CERT CON40-C / CON43-C (an atomic updated by a load
//   and a separate store).  Matches atomic_store(&V, E) or
//   atomic_store_explicit when E is computed from a load of V: an
//   atomic_load of V in E, or a local that an atomic_load of V gave its
//   value earlier in the function; the function takes no compare-exchange
//   of V; and two threads may write V at once (a function that writes V
//   runs in a routine that runs in several threads, or two routines reach
//   functions that write it).  One writer alone (a ring's producer storing
//   its own index) is not reported, nor a store made with a lock held.
//
// relaxed-publication  CERT CON43-C (data published through a relaxed
//   atomic flag).  Matches a function that writes data (a variable of file
//   scope, an element of one, or a field of the object the flag is in) and
//   then sets an atomic flag F with atomic_store_explicit or
//   __atomic_store_n, and a loop of another function whose condition loads
//   F with atomic_load_explicit or __atomic_load_n, followed by a read of
//   that data, when the store is relaxed (no release or stronger fence
//   before it) or the load is relaxed (no acquire or stronger fence after
//   the loop): the reader may see F set and the data stale.  Reads with a
//   lock held are left alone.  Reported at the first read of the data
//   after the loop.

virtual report
virtual org

@finalize:python depends on report@
@@

sh_prepare()

# unguarded-write ------------------------------------------------------------

def sh_site_object(s, steps):
    """Whether the object start site s hands its thread, followed by steps,
    is the same object for every thread that site starts: True, False, or
    None when unknown."""
    obj = sh_ptee(s["file"], s["fn"], sh_parse(s["arg"]))
    if obj is None:
        return None
    (root, path) = obj
    loop = s["loops"][0] if s["loops"] else None
    def varies(name):
        return loop is not None and any(v == name and pw.file == s["file"] and pw.current_element == s["fn"]
                                        and loop[0] <= (int(pw.line), int(pw.column)) <= loop[1]
                                        for (v, pw) in sh_lwrites + sh_bind_list())
    if root[0] == "l" and varies(root[2]):
        return False
    if "[]" not in path:
        return True
    # an element of an array: its own, unless the steps go through a
    # pointer field that the loop sets to one object for all
    if len(steps) >= 2 and steps[1] == "*" and loop is not None:
        for (k, (val, lhs)) in sh_field_sets(s["file"], s["fn"], steps[0]):
            if not (loop[0] <= k <= loop[1]):
                continue
            target = sh_lval(s["file"], s["fn"], sh_parse(lhs))
            if target is None or target[0] != root or target[1] != path + (steps[0],):
                continue
            vo = sh_ptee(s["file"], s["fn"], sh_parse(val))
            if vo is not None and "[]" not in vo[1] and not (vo[0][0] == "l" and varies(vo[0][2])):
                return True
    return False

def sh_bind_list():
    return [(k[2], p) for (k, lst) in sh_binds.items() for (p, t) in lst]

def sh_field_sets(file, fn, fld):
    """Assignments `X.fld = V` / `X->fld = V` in fn: [((line, col), (V, X.fld))]."""
    out = []
    code, pairs = sh_braces(file)
    h = sh_fn_header(file, fn)
    if h is None:
        return out
    (o, c) = h[1]
    for ln in range(o[0], c[0] + 1):
        line = code[ln - 1]
        for m in re.finditer(r"([A-Za-z_][\w\[\]\.>\- ]*?)\s*(->|\.)\s*%s\s*=(?!=)\s*([^;]+);" % re.escape(fld), line):
            out.append(((ln, m.start()), (m.group(3), m.group(1).strip() + m.group(2) + fld)))
    return out

def sh_shared_object(file, fn, obj, r, chain, depth=0):
    """Is obj (named in fn, which start routine r reaches through the calls
    in chain) one object that several threads running r reach?"""
    if obj is None or depth > 4:
        return False
    (root, steps) = obj
    # an element of an array may be the own slot of each thread
    if "[]" in steps:
        return False
    if root[0] == "g":
        return not sh_tls(file, root[1])
    if root[0] != "p":
        return False
    if fn == r:
        sites = [s for s in sh_sites if s["file"] == file and s["routine"] == r and root[2] == 0]
        return bool(sites) and all(sh_site_object(s, steps) for s in sites)
    # a parameter: what the callers that r reaches hand it
    for pc in chain.get(fn, []):
        args = sh_call_args.get(sh_key(pc), [])
        if root[2] >= len(args):
            continue
        base = sh_ptee(file, pc.current_element, sh_parse(args[root[2]]))
        if base is None:
            continue
        if sh_shared_object(file, pc.current_element, (base[0], base[1] + steps), r, chain, depth + 1):
            return True
    return False

def sh_tls(file, v):
    t = sh_globals.get((file, v))
    return t is not None and bool(re.search(r"\b(_Thread_local|__thread|thread_local)\b", t[1]))

def sh_write_object(a):
    """The object a write changes: a variable of file scope, or the object
    whose field it is."""
    key, p = a[0], a[2]
    if key[0] == "g":
        return (("g", key[1]), ())
    line = sh_line(p.file, int(p.line))
    arrow = line[:int(p.column)].rstrip().endswith("->")
    base = sh_parse(a[3])
    if base == ("?",):
        return None
    obj = sh_ptee(p.file, p.current_element, base) if arrow else sh_lval(p.file, p.current_element, base)
    return obj

def sh_one_thread_branch(p, r):
    """Is the write at p in a branch that one thread alone takes: `if (id
    == 0)` on the own number of the thread, or the serial thread of a
    barrier?"""
    code, pairs = sh_braces(p.file)
    at = (int(p.line), int(p.column))
    mine = set(n for (n, d) in (sh_fn_header(p.file, r) or ([], None))[0])
    mine |= set(v for (f, fn, v) in sh_binds if f == p.file and fn == r
                and any(re.search(r"\b%s\b" % re.escape(n), t) for n in mine
                        for (pp, t) in sh_binds[(f, fn, v)]))
    opens = [at] + [o for (o, c) in pairs if o < at < c]
    for o in opens:
        cond = sh_if_condition(sh_before(code, o))
        if cond is None:
            continue
        if "PTHREAD_BARRIER_SERIAL_THREAD" in cond:
            return True
        # `id == 0`, `me->index == nthreads - 1`, `!id`: one side is the
        # own number of the thread
        sides = re.split(r"==", cond)
        if len(sides) == 2 and any(sh_base_names(x) & mine for x in sides):
            return True
        if re.match(r"\s*!\s*[A-Za-z_]", cond) and sh_base_names(cond) & mine:
            return True
    return False

def sh_may_overlap(file, r, fn):
    """May function fn run while a thread of routine r runs? Not when every
    routine that reaches fn is started and joined apart from r (`create a;
    join a; create b; join b;`); yes when fn is reached from no routine
    (called by main, or by what the file does not show)."""
    owners = [r2 for (f2, r2) in sh_routines if f2 == file and fn in sh_reach(file, r2)]
    if not owners:
        return True
    mine = [s for s in sh_sites if s["file"] == file and s["routine"] == r]
    for r2 in owners:
        if r2 == r:
            return True
        theirs = [s for s in sh_sites if s["file"] == file and s["routine"] == r2]
        if any(sh_overlap(x, y) for x in mine for y in theirs):
            return True
    return False

sh_uw_done = set()
for (file, r) in sorted(sh_routines):
    if file not in sh_threaded:
        continue
    many = sh_many(file, r)
    chain = sh_reach(file, r)
    for (k, a) in sorted(sh_acc.items()):
        p = a[2]
        if p.file != file or k not in sh_writes or p.current_element not in chain:
            continue
        if sh_is_held(k, a, True) or not sh_judged(a[0]) or sh_exempt(a) or k in sh_addr:
            continue
        if a[0][0] == "g" and sh_tls(file, a[0][1]):
            continue
        # held through a helper of the file that returns holding a lock
        if sh_held_at(sh_lock_events(file, p.current_element), (int(p.line), int(p.column))):
            continue
        obj = sh_write_object(a)
        if not sh_shared_object(file, p.current_element, obj, r, chain):
            continue
        locked = [b for (kb, b) in sh_acc.items() if b[0] == a[0] and kb in sh_writes
                  and b[2].file == file and sh_is_held(kb, b, True) and not sh_exempt(b)
                  and sh_may_overlap(file, r, b[2].current_element)]
        if not many and not locked:
            continue
        if many and not locked and sh_one_thread_branch(p, r):
            continue
        if (p.file, p.line) in sh_uw_done:
            continue
        sh_uw_done.add((p.file, p.line))
        if locked:
            why = "other writes to it hold a lock (line %s)" % locked[0][2].line
        else:
            why = "%s() runs in several threads at once" % r
        coccilib.report.print_report(p,
            "'%s' is written here with no lock held by thread start routine %s()%s, and %s: a data race; take a lock, or make it atomic [unguarded-write]"
            % (sh_name(a), r, "" if p.current_element == r else " (through %s())" % p.current_element, why))

# striped-lock-write -----------------------------------------------------------

def sh_element_locks(file, fn):
    """The locks fn takes that are in one element of an array field of an
    object (`&m->buckets[h % n].lock`, also through a local pointer to the
    element): [(object, array field, position)]."""
    out = []
    for (at, what, kind, obj, pc, reach) in sh_lock_events(file, fn):
        if what != "acq" or pc.current_element != fn:
            continue
        (root, path) = obj
        if "[]" not in path:
            continue
        i = path.index("[]")
        fields = [s for s in path[:i] if s != "*"]
        if len(fields) != 1 or path[0] != fields[0]:
            continue
        out.append(((root, ()), fields[0], pc))
    return out

sh_sl_done = set()
for (file, fn) in sorted(sh_defs):
    if file not in sh_threaded or (file, fn) in sh_entered or (file, fn) in sh_held_fns:
        continue
    stripes = sh_element_locks(file, fn)
    if not stripes:
        continue
    evs = sh_lock_events(file, fn)
    for (k, a) in sorted(sh_acc.items()):
        p = a[2]
        if p.file != file or p.current_element != fn or k not in sh_writes:
            continue
        if not sh_judged(a[0]) or sh_exempt(a) or a[0][0] != "f":
            continue
        obj = sh_write_object(a)
        mine = [s for s in stripes if s[0] == obj]
        if not mine:
            continue
        at = (int(p.line), int(p.column))
        held = sh_held_at(evs, at)
        # the object own lock (a lock in it, not in one of its elements)
        if any(h[0] == obj[0] and h[1][:len(obj[1])] == obj[1] and "[]" not in h[1][len(obj[1]):]
               for h in held):
            continue
        if (p.file, p.line) in sh_sl_done:
            continue
        sh_sl_done.add((p.file, p.line))
        (o, arr, pl) = mine[0]
        under = [h for h in held if "[]" in h[1]]
        coccilib.report.print_report(p,
            "'%s' belongs to the whole object, yet it is written %s; %s() locks one element of '%s' at a time (line %s), so callers that lock different elements write it at once: a data race; guard it with a lock of the whole object, or make it atomic [striped-lock-write]"
            % (sh_name(a), "holding only the lock of one element" if under else "with no lock held", fn, arr, pl.line))

# bit-field-race ---------------------------------------------------------------

sh_bf_done = set()
for file in sorted(set(a[2].file for a in sh_acc.values())):
    if file not in sh_threaded:
        continue
    runs = sh_bitfield_runs(file)
    if not runs:
        continue
    by_run = {}
    for (k, a) in sh_acc.items():
        if a[2].file != file or k not in sh_writes or a[0][0] != "f" or sh_exempt(a):
            continue
        (tag, fld) = (sh_canonical(a[0][1][0], file), a[0][1][1])
        run = runs.get((tag, fld))
        if run is None:
            continue
        if (file, a[2].current_element) in sh_entered or (file, a[2].current_element) in sh_held_fns:
            continue
        by_run.setdefault(run, []).append((fld, sh_lock_names_at(a[2]), a))
    for (run, writes) in sorted(by_run.items()):
        for (f1, l1, a1) in writes:
            others = [(f2, l2, a2) for (f2, l2, a2) in writes if f2 != f1]
            # writes by other functions: one function writes its bit-fields
            # one after the other
            clash = [(f2, l2, a2) for (f2, l2, a2) in others if (l1 or l2) and not (l1 & l2)
                     and a2[2].current_element != a1[2].current_element]
            clash.sort(key=lambda w: (not w[1], sh_key(w[2][2])))
            if not clash:
                continue
            p = a1[2]
            if (p.file, p.line) in sh_bf_done:
                continue
            sh_bf_done.add((p.file, p.line))
            (f2, l2, a2) = clash[0]
            coccilib.report.print_report(p,
                "bit-field '%s' shares one memory location with bit-field '%s' (adjacent bit-fields of struct %s), and this write holds %s while the write of '%s' at line %s holds %s: writing a bit-field rewrites its neighbours, so the two writes race; guard them with one lock, or separate them with a `:0` field or a plain member [bit-field-race]"
                % (f1, f2, run[0], "'%s'" % "', '".join(sorted(l1)) if l1 else "no lock",
                   f2, a2[2].line, "'%s'" % "', '".join(sorted(l2)) if l2 else "no lock"))

# split-atomic-update ----------------------------------------------------------

SH_ATOMIC_LOAD = re.compile(r"\b(?:atomic_load|atomic_load_explicit|__atomic_load_n)\s*\(\s*([^,()]+(?:\([^()]*\))?[^,()]*)")
SH_ATOMIC_WRITES = set("""atomic_store atomic_store_explicit atomic_exchange atomic_exchange_explicit
atomic_fetch_add atomic_fetch_add_explicit atomic_fetch_sub atomic_fetch_sub_explicit
atomic_fetch_or atomic_fetch_or_explicit atomic_fetch_and atomic_fetch_and_explicit
atomic_fetch_xor atomic_fetch_xor_explicit atomic_compare_exchange_strong
atomic_compare_exchange_strong_explicit atomic_compare_exchange_weak
atomic_compare_exchange_weak_explicit __atomic_store_n __atomic_fetch_add
__atomic_add_fetch __atomic_compare_exchange_n""".split())

def sh_loads_of(file, fn, text):
    """The objects text reads with atomic_load (by name)."""
    out = set()
    for m in SH_ATOMIC_LOAD.finditer(text):
        obj = sh_ptee(file, fn, sh_parse(m.group(1)))
        if obj is not None:
            out.add(sh_lock_name(obj, file))
    return out - set([None])

def sh_atomic_writers(file):
    """Atomic object name -> functions of the file that write it."""
    out = {}
    for (c, pc) in sh_calls:
        if pc.file != file or c not in SH_ATOMIC_WRITES:
            continue
        args = sh_call_args.get(sh_key(pc), [])
        obj = sh_ptee(file, pc.current_element, sh_parse(args[0])) if args else None
        name = sh_lock_name(obj, file) if obj is not None else None
        if name is not None:
            out.setdefault(name, set()).add(pc.current_element)
    return out

def sh_concurrent_writers(file, fns):
    """Do the functions fns write from two threads at once: one of them
    runs in a routine that runs in several threads, or two routines reach
    them?"""
    routines = set()
    for (f, r) in sh_routines:
        if f != file:
            continue
        reach = sh_reach(file, r)
        hit = fns & set(reach)
        if hit and sh_many(file, r):
            return True
        if hit:
            routines.add(r)
    return len(routines) > 1

sh_sau_done = set()
for file in sorted(set(pc.file for (c, pc) in sh_calls if c in ("atomic_store", "atomic_store_explicit"))):
    if file not in sh_threaded:
        continue
    writers = sh_atomic_writers(file)
    cas = set((pc.current_element, sh_lock_name(sh_ptee(file, pc.current_element,
                                                      sh_parse(sh_call_args.get(sh_key(pc), ["?"])[0])) or (("?",), ()), file))
              for (c, pc) in sh_calls if pc.file == file and "compare_exchange" in c)
    for (c, pc) in sh_calls:
        if pc.file != file or c not in ("atomic_store", "atomic_store_explicit"):
            continue
        fn = pc.current_element
        args = sh_call_args.get(sh_key(pc), [])
        if len(args) < 2:
            continue
        obj = sh_ptee(file, fn, sh_parse(args[0]))
        name = sh_lock_name(obj, file) if obj is not None else None
        if name is None or (fn, name) in cas or sh_lock_held_at(pc):
            continue
        at = (int(pc.line), int(pc.column))
        # the value stored is computed from a load of the same object: in
        # the expression, or in a local given that load before the store
        load_line = None
        if name in sh_loads_of(file, fn, args[1]):
            load_line = pc.line
        for n in sh_base_names(args[1]):
            for (pb, t) in sh_binds.get((file, fn, n), []):
                if (int(pb.line), int(pb.column)) < at and name in sh_loads_of(file, fn, t):
                    load_line = pb.line
        if load_line is None or not sh_concurrent_writers(file, writers.get(name, set())):
            continue
        if sh_key(pc) in sh_sau_done:
            continue
        sh_sau_done.add(sh_key(pc))
        coccilib.report.print_report(pc,
            "stores into '%s' a value computed from its load at line %s: another thread's update between the load and the store is lost; use atomic_fetch_add or a compare-exchange loop [split-atomic-update]"
            % (name, load_line))

# relaxed-publication ----------------------------------------------------------

SH_RELAXED_STORE = re.compile(r"\b(?:atomic_store_explicit|__atomic_store_n)\s*\(")
SH_RELAXED_LOAD = re.compile(r"\b(?:atomic_load_explicit|__atomic_load_n)\s*\(\s*([^,()]+(?:\([^()]*\))?[^,()]*),\s*(\w+)\s*\)")

def sh_published(file, fn, before):
    """Names of the variables of file scope fn writes before position
    before: scalars, and elements of arrays (`snapshot[i] = ...`)."""
    text, lo = sh_fn_text(file, fn, None, before)
    names = set()
    for m in re.finditer(r"\b([A-Za-z_]\w*)\s*(?:\[[^]=;]*\]\s*)*(?:[-+*/%|&^]|<<|>>)?=(?!=)", text):
        if (file, m.group(1)) in sh_globals and not sh_is_local(file, fn, m.group(1)):
            names.add(m.group(1))
    return names

sh_rp_done = set()
for (c, pc) in sh_calls:
    if c not in ("atomic_store_explicit", "__atomic_store_n") or pc.file not in sh_threaded:
        continue
    file, prod = pc.file, pc.current_element
    args = sh_call_args.get(sh_key(pc), [])
    if len(args) < 3:
        continue
    flag = sh_ptee(file, prod, sh_parse(args[0]))
    fname = sh_lock_name(flag, file) if flag is not None else None
    if fname is None:
        continue
    store_relaxed = "RELAXED" in args[2].upper()
    at = (int(pc.line), int(pc.column))
    ptext, plo = sh_fn_text(file, prod, None, at)
    if "atomic_thread_fence" in ptext and re.search(r"atomic_thread_fence\s*\(\s*\w*(release|seq_cst|acq_rel)", ptext, re.I):
        store_relaxed = False
    data = sh_published(file, prod, at) - set([flag[0][1] if flag[0][0] == "g" else ""])
    # fields of the object the flag is in, written before the store
    for (k, a) in sh_acc.items():
        p = a[2]
        if p.file != file or p.current_element != prod or k not in sh_writes or a[0][0] != "f":
            continue
        if (int(p.line), int(p.column)) >= at:
            continue
        obj = sh_write_object(a)
        if obj is not None and obj[0] == flag[0] and obj[1] == flag[1][:-1]:
            n = sh_lock_name((obj[0], obj[1] + (a[0][1][1],)), file)
            if n and n != fname:
                data.add(n)
    if not data:
        continue
    for lp in sh_loops:
        if lp.file != file:
            continue
        span = sh_span(lp)
        if span is None:
            continue
        cstart, cend, bend = span
        cons = lp.current_element
        if cons == prod:
            continue
        ctext, clo = sh_fn_text(file, cons, cstart, cend)
        load = None
        for m in SH_RELAXED_LOAD.finditer(ctext):
            obj = sh_ptee(file, cons, sh_parse(m.group(1)))
            if obj is not None and sh_lock_name(obj, file) == fname:
                load = m
        if load is None:
            continue
        load_relaxed = "RELAXED" in load.group(2).upper()
        after, alo = sh_fn_text(file, cons, (bend[0], bend[1] + 1), None)
        fence = re.search(r"atomic_thread_fence\s*\(\s*\w*(acquire|seq_cst|acq_rel)", after, re.I)
        if fence:
            load_relaxed = False
        if not (store_relaxed or load_relaxed):
            continue
        # the reads of the data after the loop, in order
        reads = []
        for (k, a) in sh_acc.items():
            p = a[2]
            if p.file != file or p.current_element != cons or k in sh_writes:
                continue
            if (int(p.line), int(p.column)) <= bend or sh_lock_held_at(p):
                continue
            if a[0][0] == "g":
                n = a[0][1]
            else:
                line = sh_line(p.file, int(p.line))
                arrow = line[:int(p.column)].rstrip().endswith("->")
                base = sh_parse(a[3])
                obj = sh_ptee(file, cons, base) if arrow else sh_lval(file, cons, base)
                n = sh_lock_name((obj[0], obj[1] + (a[0][1][1],)), file) if obj is not None else None
            if n in data:
                reads.append((sh_key(p), n, p))
        reads.sort()
        if not reads or sh_key(lp) in sh_rp_done:
            continue
        sh_rp_done.add(sh_key(lp))
        (k0, n0, where) = reads[0]
        coccilib.report.print_report(where,
            "reads '%s' after the loop at line %s waits for '%s' with a %s load, and %s() writes '%s' before it sets the flag with a %s store (line %s): a relaxed access of the flag orders nothing, so this read may see stale data (a data race); store with memory_order_release and load with memory_order_acquire [relaxed-publication]"
            % (n0, lp.line, fname, "relaxed" if load_relaxed else "acquire", prod, n0,
               "relaxed" if store_relaxed else "release", pc.line))
