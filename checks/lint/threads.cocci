// threads.cocci: static shapes of thread creation and join misuse.
// Options: --no-includes --macro-file cocci-macros.h
// Confidence: high (loop-counter-address, create-join-same-iteration),
// moderate (join-twice, unbounded-thread-creation)
//
// Rules in this file (each message ends with its rule id in brackets):
//
// loop-counter-address  CERT CON34-C / POS50-C "Declare objects shared
//   between threads with appropriate storage durations".  Matches
//   pthread_create / thrd_create whose argument is the address of a variable
//   v (`&v`, also cast) when a path from that call changes v (v++, ++v, v--,
//   --v, v = E, v += E, v -= E, v.f = E, or a new `T v = E;` of a variable
//   declared in the loop body) and comes back to the same call: every thread
//   receives the same object while the loop overwrites it.  A join of the
//   thread on the way (before the change) makes it safe.
//   Limits: buffers passed without `&` (`char line[]` reused by fgets) and
//   changes made through another pointer are not followed.
//
// create-join-same-iteration  seed "Don't use threads for ... / worker pool":
//   threads that are created and joined in the same loop iteration run one at
//   a time.  Matches a for/while loop body in which pthread_create(&T, ...)
//   (or thrd_create) is followed by pthread_join(T, ...) / thrd_join(T, ...).
//   Limits: do { } while bodies (Coccinelle 1.1.1 cannot match do-while).
//
// join-twice  CERT CON39-C "Do not join or detach a thread that was
//   previously joined or detached".  Matches pthread_join/pthread_detach (or
//   thrd_join/thrd_detach) of T followed on some path by another join or
//   detach of the same T, with no new pthread_create(&T, ...) and no
//   assignment to T in between.  For T = A[I] a change of I also breaks the
//   path, and the loop back-edge from a call to itself is never reported.
//   Every A[i] joined (or detached) by one loop and again by a later, different
//   loop is reported too, unless a pthread_create(&A[...]) comes in between
//   (in the text: the loops are taken in the order they are written).
//   Limits: the same handle reached through two different expressions is not
//   followed; a plain expression T with a changing sub-part (w->tid with w++)
//   joined by two different calls inside one loop would be reported.
//
// unbounded-thread-creation  seed "Don't create unlimited concurrent tasks"
//   (thread per input item).  Matches pthread_create/thrd_create on a
//   control-flow cycle that passes no bounding call (sem_wait,
//   sem_timedwait, pthread_cond_wait/timedwait, pthread_join, thrd_join,
//   pthread_barrier_wait) when either
//     (a) the loop is not a counted loop (while (fgets(...)), accept loops,
//         for (;;), list walks): the number of threads follows the input; or
//     (b) the loop is counted, `for (...; X < B; ...)` (also <=, !=, >, >=,
//         and while (X < B); X any counter, p->started too), B is not a
//         compile-time constant (a literal, an UPPER_CASE macro, sizeof),
//         the handles are not stored in an array of constant size, and the
//         start routine is defined in the file and neither it nor a local
//         function it calls contains a loop: one thread does one item.
//   A pool loop over a fixed worker count, or over a runtime worker count
//   whose workers loop over a shared queue or a range, is not reported.
//   Whether a start routine loops is read from its text (while, for, do),
//   comments and strings left out.
//   Limits: heuristic.  Creation hidden in a helper function called from the
//   loop is not followed; a per-item thread whose routine loops internally
//   is taken for a worker (false negative); a counted loop whose bound is a
//   lower-case `const` or enum constant is treated as runtime.

virtual report
virtual org

// ------------------------------------------------------ loop-counter-address

@initialize:python@
@@

lca_seen = set()

def lca_report(p, v, why):
    key = (p.file, p.line, p.column)
    if key in lca_seen:
        return
    lca_seen.add(key)
    coccilib.report.print_report(p,
        "the address of '%s' is passed to a new thread while %s: every thread sees the same, changing object; give each thread its own [loop-counter-address]" % (v, why))

@lca_decl exists@
identifier v;
position p;
expression E;
type T, T2;
identifier create = {pthread_create, thrd_create};
@@

create(..., \(&v@p\|(T2)&v@p\))
... when != \(pthread_join(...)\|thrd_join(...)\)
T v = E;
...
create(..., \(&v@p\|(T2)&v@p\))

@script:python depends on report@
p << lca_decl.p;
v << lca_decl.v;
@@

lca_report(p[0], v, "its lifetime ends with the loop iteration")

@lca exists@
identifier v, fld;
position p;
expression E;
type T2;
identifier create = {pthread_create, thrd_create};
@@

create(..., \(&v@p\|(T2)&v@p\))
... when != \(pthread_join(...)\|thrd_join(...)\)
(
 v++
|
 ++v
|
 v--
|
 --v
|
 v = E
|
 v += E
|
 v -= E
|
 v.fld = E
)
...
create(..., \(&v@p\|(T2)&v@p\))

@script:python depends on report@
p << lca.p;
v << lca.v;
@@

lca_report(p[0], v, "the loop goes on changing it")

// ------------------------------------------------ create-join-same-iteration

@cj@
position p;
expression T, E;
identifier i;
type T1;
identifier create = {pthread_create, thrd_create};
identifier join = {pthread_join, thrd_join};
@@

(
for (...;...;...) {
  ... when any
  create@p(&T, ...)
  ... when any
  join(T, ...)
  ... when any
}
|
for (T1 i = E;...;...) {
  ... when any
  create@p(&T, ...)
  ... when any
  join(T, ...)
  ... when any
}
|
while (...) {
  ... when any
  create@p(&T, ...)
  ... when any
  join(T, ...)
  ... when any
}
)

@script:python depends on report@
p << cj.p;
@@

coccilib.report.print_report(p[0],
    "this thread is joined in the same loop iteration that creates it, so the threads run one at a time: create them all, then join them all [create-join-same-iteration]")

// ---------------------------------------------------------------- join-twice

@initialize:python@
@@

jt_loop_of = {}     # (file, line, col) of a join -> key of its innermost loop
jt_pairs = []       # (A, p1, p2, jd1, jd2): A[i] joined, then A[j] joined later
jt_creates = []     # (A, position): pthread_create(&A[...])
jt_done = set()

def jt_key(p):
    return (p.file, int(p.line), int(p.column))

def jt_report(p1, p2, jd1, jd2):
    if jt_key(p2) in jt_done:
        return
    if (p1.line, p1.column) != (p2.line, p2.column):
        jt_done.add(jt_key(p2))
        coccilib.report.print_report(p2,
            "%s() of a thread already passed to %s() at line %s: a thread is joined or detached exactly once [join-twice]" % (jd2, jd1, p1.line))

@jt_idx exists@
expression A, I, E;
position p1, p2;
identifier jd1 = {pthread_join, pthread_detach, thrd_join, thrd_detach};
identifier jd2 = {pthread_join, pthread_detach, thrd_join, thrd_detach};
identifier create = {pthread_create, thrd_create};
@@

jd1@p1(A[I], ...)
... when != \(I++\|++I\|I--\|--I\|I = E\|I += E\|I -= E\|A[I] = E\)
    when != create(&A[I], ...)
jd2@p2(A[I], ...)

@script:python depends on report@
p1 << jt_idx.p1;
p2 << jt_idx.p2;
jd1 << jt_idx.jd1;
jd2 << jt_idx.jd2;
@@

jt_report(p1[0], p2[0], jd1, jd2)

@jt_fld exists@
expression A, I, E;
identifier fld;
position p1, p2;
identifier jd1 = {pthread_join, pthread_detach, thrd_join, thrd_detach};
identifier jd2 = {pthread_join, pthread_detach, thrd_join, thrd_detach};
identifier create = {pthread_create, thrd_create};
@@

jd1@p1(A[I].fld, ...)
... when != \(I++\|++I\|I--\|--I\|I = E\|I += E\|I -= E\|A[I].fld = E\)
    when != create(&A[I].fld, ...)
jd2@p2(A[I].fld, ...)

@script:python depends on report@
p1 << jt_fld.p1;
p2 << jt_fld.p2;
jd1 << jt_fld.jd1;
jd2 << jt_fld.jd2;
@@

jt_report(p1[0], p2[0], jd1, jd2)

// Joins of array elements inside loops, with the loop they are in (its test
// expression identifies it): "join every A[i]" done by two different loops.
@jt_inloop@
expression A, I, C, E;
identifier i;
type T;
position p, pl;
identifier jd = {pthread_join, pthread_detach, thrd_join, thrd_detach};
@@

(
for (...; C@pl; ...) { <+... jd@p(A[I], ...) ...+> }
|
for (T i = E; C@pl; ...) { <+... jd@p(A[I], ...) ...+> }
|
while (C@pl) { <+... jd@p(A[I], ...) ...+> }
)

@script:python@
p << jt_inloop.p;
pl << jt_inloop.pl;
@@

k = jt_key(p[0])
l = jt_key(pl[0])
if k not in jt_loop_of or l > jt_loop_of[k]:
    jt_loop_of[k] = l

// Array elements created anew: a later loop may join the new threads.
@jt_create@
expression A, E;
position pc;
identifier create = {pthread_create, thrd_create};
@@

create@pc(&A[E], ...)

@script:python@
A << jt_create.A;
pc << jt_create.pc;
@@

jt_creates.append((A, pc[0]))

@jt_loops exists@
expression A, I1, I2;
position p1, p2;
identifier jd1 = {pthread_join, pthread_detach, thrd_join, thrd_detach};
identifier jd2 = {pthread_join, pthread_detach, thrd_join, thrd_detach};
@@

jd1@p1(A[I1], ...)
...
jd2@p2(A[I2], ...)

@script:python@
A << jt_loops.A;
p1 << jt_loops.p1;
p2 << jt_loops.p2;
jd1 << jt_loops.jd1;
jd2 << jt_loops.jd2;
@@

jt_pairs.append((A, p1[0], p2[0], jd1, jd2))

@finalize:python depends on report@
@@

for (A, p1, p2, jd1, jd2) in jt_pairs:
    l1 = jt_loop_of.get(jt_key(p1))
    l2 = jt_loop_of.get(jt_key(p2))
    if l1 is None or l2 is None or l1 == l2 or not jt_key(p1) < jt_key(p2):
        continue
    # a loop that creates A[...] anew between the two makes the second fine
    if any(a == A and jt_key(p1) < jt_key(pc) < jt_key(p2) for (a, pc) in jt_creates):
        continue
    jt_report(p1, p2, jd1, jd2)

@jt exists@
expression T, E;
position p1, p2;
identifier jd1 = {pthread_join, pthread_detach, thrd_join, thrd_detach};
identifier jd2 = {pthread_join, pthread_detach, thrd_join, thrd_detach};
identifier create = {pthread_create, thrd_create};
@@

jd1@p1(T, ...)
... when != T = E
    when != create(&T, ...)
jd2@p2(T, ...)

@script:python depends on report@
T << jt.T;
p1 << jt.p1;
p2 << jt.p2;
jd1 << jt.jd1;
jd2 << jt.jd2;
@@

if "[" not in T:
    jt_report(p1[0], p2[0], jd1, jd2)

// ------------------------------------------------- unbounded-thread-creation

@initialize:python@
@@

import re

ut_cycles = []          # positions of creations on an unbounded cycle
ut_counted = {}         # (file, line, col) -> (bound text, start routine, handle text)
ut_loopfns = set()      # (file, name)
ut_fndefs = set()       # (file, name)
ut_defat = []           # ((file, line, col), name) of each definition
ut_calls = []           # (callee, position) of each call

def ut_loops(f, name):
    """Does local function name, or a local function it calls, loop?"""
    callees = {}
    defs = sorted(d for d in ut_defat if d[0][0] == f)
    for (callee, pc) in ut_calls:
        k = ut_key(pc)
        if k[0] != f:
            continue
        owner = None
        for (pos, fn) in defs:
            if pos <= k:
                owner = fn
        if owner is not None:
            callees.setdefault(owner, set()).add(callee)
    seen, todo = set(), [name]
    while todo:
        fn = todo.pop()
        if fn in seen or (f, fn) not in ut_fndefs:
            continue
        if (f, fn) in ut_loopfns:
            return True
        seen.add(fn)
        todo.extend(callees.get(fn, ()))
    return False
ut_fixed = set()        # (file, line) of creations into a constant-size array

def ut_key(p):
    return (p.file, int(p.line), int(p.column))

def ut_constant(text):
    # A compile-time bound: literals, UPPER_CASE macros and sizeof only.
    text = re.sub(r"sizeof\s*\([^()]*(\([^()]*\)[^()]*)*\)", "0", text)
    text = re.sub(r"sizeof\s+\w+(\s*\[[^]]*\])*", "0", text)
    for word in re.findall(r"[A-Za-z_]\w*", text):
        if word != word.upper():
            return False
    return True

def ut_routine(text):
    text = text.strip()
    text = re.sub(r"^\(.*\)\s*", "", text) if text.startswith("(") else text
    return text.lstrip("&").strip()

// Creation on a cycle with no bounding call on it.

@ut_cycle exists@
position pc;
identifier create = {pthread_create, thrd_create};
@@

create@pc(...)
... when != \(sem_wait(...)\|sem_timedwait(...)\|pthread_cond_wait(...)\|pthread_cond_timedwait(...)\|pthread_join(...)\|thrd_join(...)\|pthread_barrier_wait(...)\|cnd_wait(...)\|cnd_timedwait(...)\)
create@pc(...)

@script:python@
pc << ut_cycle.pc;
@@

ut_cycles.append(pc[0])

// Creation in a counted loop: the bound B and the start routine F.

@ut_counted@
position pc;
identifier i;
expression X, B, E, H, A, F, ARG;
type T;
@@

(
for (...; \(X < B\|X <= B\|B > X\|B >= X\|X != B\); ...)
  { <+... \(pthread_create@pc(H, A, F, ARG)\|thrd_create@pc(H, F, ARG)\) ...+> }
|
for (T i = E; \(X < B\|X <= B\|B > X\|B >= X\|X != B\); ...)
  { <+... \(pthread_create@pc(H, A, F, ARG)\|thrd_create@pc(H, F, ARG)\) ...+> }
|
while (\(X < B\|X <= B\|B > X\|B >= X\|X != B\))
  { <+... \(pthread_create@pc(H, A, F, ARG)\|thrd_create@pc(H, F, ARG)\) ...+> }
)

@script:python@
pc << ut_counted.pc;
B << ut_counted.B;
F << ut_counted.F;
@@

ut_counted[ut_key(pc[0])] = (B, F)

@ut_fndef exists@
identifier F;
position q;
@@

F@q(...) { ... }

@script:python@
F << ut_fndef.F;
q << ut_fndef.q;
@@

ut_fndefs.add((q[0].file, F))
ut_defat.append((ut_key(q[0]), F))

// Every call, to follow a start routine into the local functions it calls.
@ut_call@
identifier callee;
position pc;
@@

callee@pc(...)

@script:python@
callee << ut_call.callee;
pc << ut_call.pc;
@@

ut_calls.append((callee, pc[0]))

// Handles stored in a local array of constant size: at most that many.

@ut_fixed exists@
identifier A;
expression I, C;
type T;
position pa;
@@

T A[C];
...
\(pthread_create(&A@pa[I], ...)\|thrd_create(&A@pa[I], ...)\)

@script:python@
C << ut_fixed.C;
pa << ut_fixed.pa;
@@

if ut_constant(C):
    ut_fixed.add((pa[0].file, pa[0].line))

@finalize:python depends on report@
@@

# Start routines that loop (workers over a queue, or over a range): read
# from the text of each function (a match of every loop in every function
# costs minutes on long files), its comments and strings blanked
ut_texts = {}

def ut_code(f):
    if f not in ut_texts:
        try:
            with open(f, errors="replace") as fp:
                text = fp.read()
        except OSError:
            text = ""
        ut_texts[f] = re.sub(r"/\*.*?\*/|//[^\n]*|" + chr(34) + r"(?:[^" + chr(34) + r"\\\n]|\\.)*" + chr(34),
                             lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.S)
    return ut_texts[f]

def ut_text_body(key):
    (f, line, col) = key
    text = ut_code(f)
    lines = text.split(chr(10))
    start = sum(len(l) + 1 for l in lines[:line - 1]) + col
    open_at = text.find("{", start)
    if open_at < 0:
        return ""
    depth = 0
    for k in range(open_at, len(text)):
        depth += text[k] == "{"
        depth -= text[k] == "}"
        if depth == 0:
            return text[open_at:k + 1]
    return ""

for (key, name) in ut_defat:
    if re.search(r"\b(while|for|do)\b", ut_text_body(key)):
        ut_loopfns.add((key[0], name))

done = set()
for pc in ut_cycles:
    key = ut_key(pc)
    if key in done:
        continue
    done.add(key)
    if key in ut_counted:
        bound, routine = ut_counted[key]
        if ut_constant(bound):
            continue
        if (pc.file, pc.line) in ut_fixed:
            continue
        name = ut_routine(routine)
        if (pc.file, name) not in ut_fndefs or ut_loops(pc.file, name):
            continue
        msg = ("one thread per item: the loop runs '%s' times and each thread ('%s') handles one item; "
               "use a fixed pool of workers over a queue [unbounded-thread-creation]" % (bound.strip(), name))
    else:
        msg = ("a thread is created for every pass of a loop that nothing bounds: the input decides how many threads run; "
               "use a fixed pool, or bound it with a semaphore [unbounded-thread-creation]")
    coccilib.report.print_report(pc, msg)
