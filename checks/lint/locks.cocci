// locks.cocci: static shapes of lock and condition-variable misuse.
// Options: --no-includes --macro-file cocci-macros.h
// Confidence: high (cond-wait-not-in-loop), moderate (missing-unlock,
// double-checked-init), low (timed-wait-not-in-loop: a warning)
//
// Rules in this file (each message ends with its rule id in brackets):
//
// cond-wait-not-in-loop  CERT CON36-C "Wrap functions that can spuriously wake
//   up in a loop".  Matches a call of pthread_cond_wait, pthread_cond_timedwait,
//   pthread_cond_clockwait, cnd_wait or cnd_timedwait that does not lie on a
//   control-flow cycle, i.e. the call cannot run again before the function
//   returns, so nothing re-tests the predicate after a spurious or stolen
//   wakeup.  Any loop form counts: while, for, for (;;) with a break,
//   do { } while, a goto back-edge.  A wait in a helper function is accepted
//   when that helper is itself called on a cycle in the same file.
//   A wait on a condition variable that is a parameter of its function
//   (a wrapper of the primitive, whose callers loop) is accepted too.
//   A helper that tests the predicate itself is not accepted: when the
//   statement right around the wait is an `if` (braced or not) whose
//   condition reads shared state (a field, or a variable declared at file
//   scope), the helper goes on as if the predicate held, whatever its
//   caller's loop tests next.
//   Limits: a wait under an `if` inside an unrelated loop (e.g. one loop
//   iteration per item, `if (empty) wait;` then consume) is on a cycle, so it
//   is accepted (false negative).
//
// timed-wait-not-in-loop  the same shape for a timed wait (timedwait,
//   clockwait, cnd_timedwait) with no `if` on shared state right around it:
//   a bounded sleep that a spurious wakeup may end early.  A warning: it is a
//   bug only when what follows relies on a condition, which a pattern cannot
//   see.  A timed wait under an `if` on shared state is cond-wait-not-in-loop.
//
// missing-unlock  seed "Use context managers for resource cleanup" (one exit
//   path releases the lock).  Matches a return (or pthread_exit) reached from
//   a successful pthread_mutex_lock / pthread_rwlock_{rd,wr}lock /
//   pthread_spin_lock / mtx_lock of E on a path with no unlock of E, in a
//   function where some other path from that same lock does reach an unlock
//   of E (so lock wrappers that return holding the lock on purpose are not
//   reported).  The lock may be a plain statement, the argument of a checking
//   macro (CHECK(pthread_mutex_lock(&m));), or tested for failure with
//   `if (lock(E))`, `if (lock(E) != 0)`, `if ((rc = lock(E)) != 0)`, or
//   `rc = lock(E); if (rc ...)`: the failure branch is not a held path.
//   Paths through exit, _exit, abort, err, errx and pthread_cleanup_pop end.
//   The end of a function whose last statement is a loop that never ends
//   (`while (1)`, `for (;;)`, no break in it) is not reached.
//   The mutex may be written &m or &(m): parentheses and spacing do not
//   matter when the unlock is matched to the lock.
//   Limits: locks taken or released through the program's own wrapper
//   functions are invisible; a lock tested as `if (lock(E) == 0) { ... }` is
//   not followed; aliasing (`&s->mu` locked, `mu` unlocked) is not followed.
//
// double-checked-init  seed/CERT CON43-C (lazy initialisation through a
//   plain pointer; use pthread_once or C11 atomics).  Matches
//   `if (!v) { ... lock ... if (!v) { ... v = ...; } ... }` (also `v == NULL`,
//   `v == 0`) where the variable v is declared in the file with a type that
//   is not _Atomic / atomic_*: the outer test reads v without the lock while
//   another thread writes it.  Reported at the outer test.
//   Limits: only variables declared at file scope in the same file (locals
//   are private to a thread and never reported); struct fields and a flag published separately from the data are
//   not followed.

virtual report
virtual org

// ---------------------------------------------------------------- cond wait

@initialize:python@
@@

import re

def cw_params(path, fn):
    """The names of the parameters of function fn, from its header."""
    try:
        with open(path, errors="replace") as fp:
            text = fp.read()
    except OSError:
        return set()
    m = re.search(r"\b%s\s*\(([^()]*)\)\s*\{" % re.escape(fn), text)
    if not m:
        return set()
    return set(re.findall(r"([A-Za-z_]\w*)\s*(?:,|$)", m.group(1).strip()))

def cw_guard(path, line, col):
    """The condition of the `if` right around the call at (line, col): the
    branch of an unbraced `if`, or the block of a braced one; or None."""
    try:
        with open(path, errors="replace") as fp:
            lines = fp.read().split(chr(10))
    except OSError:
        return None
    text = chr(10).join(lines[:line - 1] + [lines[line - 1][:col]])
    text = re.sub(r"//[^\n]*|/\*.*?\*/", " ", text, flags=re.S)
    depth, i = 0, len(text) - 1
    while i >= 0:
        ch = text[i]
        if ch == "}":
            depth += 1
        elif ch == "{":
            if depth == 0:
                break
            depth -= 1
        i -= 1
    head = text[:i].rstrip() if i >= 0 else ""
    body = text[i + 1:] if i >= 0 else text
    # unbraced: `if (C) wait`; braced: `if (C) { ...; wait`
    last = body.split(";")[-1]
    # the value of the call may be kept or dropped: `if (C) rc = wait(...)`
    last = re.sub(r"(?:[A-Za-z_][\w.\[\]>-]*\s*=|\(\s*void\s*\))\s*$", "", last)
    m = re.search(r"\bif\s*(\(.*\))\s*$", last, re.S)
    if m is None:
        m = re.search(r"\bif\s*(\(.*\))\s*$", head, re.S)
    if m is None:
        return None
    cond = m.group(1)
    depth = 0
    for (k, ch) in enumerate(cond):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            return cond[1:k] if k == len(cond) - 1 else None
    return None

# A timed wait with no predicate around it is a sleep that a signal can cut
# short (a test that waits for a deadline, a poll interval): advice, not a
# bug, unless the code after it relies on a condition, which a pattern
# cannot see.
cw_timed = ("pthread_cond_timedwait", "pthread_cond_clockwait", "cnd_timedwait")

def cw_shared(path, cond):
    if "->" in cond or re.search(r"[A-Za-z_]\w*\s*\.\s*[A-Za-z_]", cond):
        return True
    try:
        with open(path, errors="replace") as fp:
            text = fp.read()
    except OSError:
        return False
    for name in set(re.findall(r"[A-Za-z_]\w*", cond)):
        if re.search(r"^(?:static\s+|volatile\s+|extern\s+)*[A-Za-z_][\w \t\*]*\b%s\s*(?:=[^=]|;|\[)" % re.escape(name), text, re.M):
            return True
    return False

@cw_loop exists@
position p;
identifier wait = {pthread_cond_wait, pthread_cond_timedwait,
                   pthread_cond_clockwait, cnd_wait, cnd_timedwait};
@@

wait@p(...)
...
wait@p(...)

@cw_bad@
position p != cw_loop.p;
identifier wait = {pthread_cond_wait, pthread_cond_timedwait,
                   pthread_cond_clockwait, cnd_wait, cnd_timedwait};
expression C;
@@

wait@p(C, ...)

@cw_fn@
position cw_bad.p;
identifier cw_bad.wait;
identifier fn;
@@

fn(...) { <+... wait@p(...) ...+> }

@cw_helper exists@
identifier cw_fn.fn;
position q;
@@

fn@q(...)
...
fn@q(...)

// A wait on a condition variable that its function receives as a parameter
// is a wrapper of the primitive (a library's own cond_timedwait): it cannot
// know the predicate, and its callers (elsewhere) loop. Read from the
// function's header in the source, which Coccinelle does not match when
// the body has #if branches.
@script:python depends on report && !cw_helper@
p << cw_bad.p;
wait << cw_bad.wait;
C << cw_bad.C;
@@

if str(C).strip() not in cw_params(p[0].file, p[0].current_element):
  cond = cw_guard(p[0].file, int(p[0].line), int(p[0].column))
  if wait in cw_timed and (cond is None or not cw_shared(p[0].file, cond)):
    coccilib.report.print_report(p[0],
      "%s() waits once, with no predicate tested around it: a bounded sleep that a spurious wakeup or any signal may end early; if what follows relies on a condition, wait in a while loop on it [timed-wait-not-in-loop]" % wait)
  else:
    coccilib.report.print_report(p[0],
      "%s() is not inside a loop that re-tests the predicate: a spurious or stolen wakeup goes on with the condition false [cond-wait-not-in-loop]" % wait)

// A helper called on a cycle may still test the predicate once itself:
// `if (q->count == 0) wait(...);` then goes on as if the predicate held,
// whatever the caller's loop tests next. The wait is reported when the
// innermost statement around it is an `if` whose condition reads shared
// state (a field, or a variable of file scope).
@script:python depends on report && cw_helper@
p << cw_bad.p;
wait << cw_bad.wait;
C << cw_bad.C;
@@

cond = cw_guard(p[0].file, int(p[0].line), int(p[0].column))
if cond is not None and cw_shared(p[0].file, cond) and str(C).strip() not in cw_params(p[0].file, p[0].current_element):
  coccilib.report.print_report(p[0],
    "%s() waits once, under an if that tests the predicate, and the loop of its caller does not re-test it before this function goes on: a spurious or stolen wakeup goes on with the condition false; wait in a while loop on the predicate [cond-wait-not-in-loop]" % wait)

// ------------------------------------------------------------ missing unlock

@initialize:python@
@@

ml_held = []       # (lock position, return position, lock name) per held path
ml_released = set()
ml_backoff = set()  # unlocks made because a trylock or timed lock failed
ml_events = []      # (file, function, line, column, "l" or "u", mutex)
ml_derived = [None, set(), set()]  # events seen, entered, releasers
ml_site_mutex = {}  # lock position -> the mutex it takes
ml_flagged = set()  # (file, function, mutex) released when a flag says so

def ml_key(p):
    return (p.file, p.line, p.column)

def ml_text(e):
    """A mutex expression, whatever its parentheses and spacing."""
    return "".join(ch for ch in str(e) if ch not in " \t\n()")

def ml_same(a, b):
    return ml_text(a) == ml_text(b)

def ml_derive():
    """(file, function, mutex) entered holding the mutex, and the names of
    the functions that release a mutex and do not take it back."""
    if ml_derived[0] == len(ml_events):
        return ml_derived
    entered, releasers = set(), set()
    for (f, fn, line, col, kind, m) in ml_events:
        if kind != "u":
            continue
        mine = [(l, c, k) for (f2, fn2, l, c, k, m2) in ml_events if f2 == f and fn2 == fn and m2 == m]
        if not any(k == "l" and (l, c) < (line, col) for (l, c, k) in mine):
            entered.add((f, fn, m))
            if not any(k == "l" and (l, c) > (line, col) for (l, c, k) in mine):
                releasers.add(fn)
    ml_derived[:] = [len(ml_events), entered, releasers]
    return ml_derived

def ml_release_call(name):
    """A call that may release a lock: an unlock of any library or wrapper
    (its name says so), or a local function that returns having released a
    lock it did not take."""
    return "unlock" in name.lower() or name in ml_derive()[2]

// Every lock and unlock, in order: a function that releases a mutex that no
// earlier line of it takes is called holding it (it may drop it around a
// wait and take it back); when no later line takes it back either, the
// function is a release helper, and a call to it ends a held path. (Read
// from the text in order, not along paths: a search along paths from every
// unlock costs minutes on a long function.)
@ml_unl@
expression X;
position pu;
@@

\(pthread_mutex_unlock@pu(X)\|pthread_rwlock_unlock@pu(X)\|pthread_spin_unlock@pu(X)\|mtx_unlock@pu(X)\)

@script:python@
X << ml_unl.X;
pu << ml_unl.pu;
@@

ml_events.append((pu[0].file, pu[0].current_element, int(pu[0].line), int(pu[0].column), "u", ml_text(X)))

@ml_any_lock@
expression X;
position pl;
@@

\(pthread_mutex_lock@pl(X)\|pthread_mutex_trylock@pl(X)\|pthread_mutex_timedlock@pl(X, ...)\|pthread_rwlock_rdlock@pl(X)\|pthread_rwlock_wrlock@pl(X)\|pthread_rwlock_tryrdlock@pl(X)\|pthread_rwlock_trywrlock@pl(X)\|pthread_spin_lock@pl(X)\|pthread_spin_trylock@pl(X)\|mtx_lock@pl(X)\|mtx_trylock@pl(X)\|mtx_timedlock@pl(X, ...)\)

@script:python@
X << ml_any_lock.X;
pl << ml_any_lock.pl;
@@

ml_events.append((pl[0].file, pl[0].current_element, int(pl[0].line), int(pl[0].column), "l", ml_text(X)))

// Unlocks made because a trylock or a timed lock failed (a back-off): they
// say nothing about whether the other paths should release the lock.
@ml_backoff_r@
position pu;
expression T, X;
identifier x;
statement S;
identifier try = {pthread_mutex_trylock, pthread_mutex_timedlock,
                  pthread_mutex_clocklock, pthread_rwlock_tryrdlock,
                  pthread_rwlock_trywrlock, pthread_rwlock_timedrdlock,
                  pthread_rwlock_timedwrlock, pthread_spin_trylock,
                  mtx_trylock, mtx_timedlock};
@@

(
 if (<+... try(T, ...) ...+>) { <+... \(pthread_mutex_unlock@pu(X)\|pthread_rwlock_unlock@pu(X)\|pthread_spin_unlock@pu(X)\|mtx_unlock@pu(X)\) ...+> }
|
 if (<+... try(T, ...) ...+>) S else { <+... \(pthread_mutex_unlock@pu(X)\|pthread_rwlock_unlock@pu(X)\|pthread_spin_unlock@pu(X)\|mtx_unlock@pu(X)\) ...+> }
|
 while (<+... try(T, ...) ...+>) { <+... \(pthread_mutex_unlock@pu(X)\|pthread_rwlock_unlock@pu(X)\|pthread_spin_unlock@pu(X)\|mtx_unlock@pu(X)\) ...+> }
|
 x = try(T, ...);
 ...
 if (<+... x ...+>) { <+... \(pthread_mutex_unlock@pu(X)\|pthread_rwlock_unlock@pu(X)\|pthread_spin_unlock@pu(X)\|mtx_unlock@pu(X)\) ...+> }
)

@script:python@
pu << ml_backoff_r.pu;
@@

ml_backoff.add(ml_key(pu[0]))

// `if (trylock(...) == 0) return ...;` then an unlock: the unlock is on the
// failure path.
@ml_backoff_ret exists@
position pu;
expression T, X, C, R;
identifier try = {pthread_mutex_trylock, pthread_mutex_timedlock,
                  pthread_mutex_clocklock, pthread_rwlock_tryrdlock,
                  pthread_rwlock_trywrlock, pthread_rwlock_timedrdlock,
                  pthread_rwlock_timedwrlock, pthread_spin_trylock,
                  mtx_trylock, mtx_timedlock};
@@

if (\(try(T, ...) == C\|!try(T, ...)\)) \(return R;\|return;\)
...
\(pthread_mutex_unlock@pu(X)\|pthread_rwlock_unlock@pu(X)\|pthread_spin_unlock@pu(X)\|mtx_unlock@pu(X)\)

@script:python@
pu << ml_backoff_ret.pu;
@@

ml_backoff.add(ml_key(pu[0]))

// `if (C) unlock(X);`: a release that depends on a flag, which the code
// tests again elsewhere (`if (!f->held_by_caller) unlock; ...; if
// (f->held_by_caller) unlock;`). Paths that take one test's branch and not
// the other's cannot run, but Coccinelle does not know that the two tests
// agree: a function with such a release is not judged for that mutex.
@ml_cond_unl@
expression C, X;
position pu;
statement S;
@@

(
 if (C) \(pthread_mutex_unlock@pu(X);\|pthread_rwlock_unlock@pu(X);\|pthread_spin_unlock@pu(X);\|mtx_unlock@pu(X);\)
|
 if (C) { \(pthread_mutex_unlock@pu(X);\|pthread_rwlock_unlock@pu(X);\|pthread_spin_unlock@pu(X);\|mtx_unlock@pu(X);\) }
|
 if (C) S else \(pthread_mutex_unlock@pu(X);\|pthread_rwlock_unlock@pu(X);\|pthread_spin_unlock@pu(X);\|mtx_unlock@pu(X);\)
)

@script:python@
pu << ml_cond_unl.pu;
X << ml_cond_unl.X;
@@

ml_flagged.add((pu[0].file, pu[0].current_element, ml_text(X)))

// Every lock call and the mutex expression it takes.
@ml_site@
expression E;
identifier lock = {pthread_mutex_lock, pthread_mutex_timedlock,
                   pthread_rwlock_rdlock, pthread_rwlock_wrlock,
                   pthread_spin_lock, mtx_lock};
position p1;
@@

lock@p1(E, ...)

// A path from a successful lock to a return with no unlock of the same
// mutex (E2 is E written with or without parentheses: &m, &(m)) and no call
// that may release it.
@ml_lock exists@
expression ml_site.E;
identifier ml_site.lock;
position ml_site.p1;
expression E2 : script:python (E) { ml_same(E2, E) };
expression E3, x;
statement S;
identifier f;
identifier rel : script:python () { ml_release_call(rel) };
position p2;
@@

(
 lock@p1(E, ...);
|
 if (\(lock@p1(E, ...)\|lock@p1(E, ...) != E3\|E3 != lock@p1(E, ...)\|lock@p1(E, ...) < E3\)) S
|
 if (\(x = lock@p1(E, ...)\|(x = lock@p1(E, ...)) != E3\)) S
|
 f(..., lock@p1(E, ...), ...);
)
... when != \(pthread_mutex_unlock(E2)\|pthread_rwlock_unlock(E2)\|pthread_spin_unlock(E2)\|mtx_unlock(E2)\|rel(...)\)
    when != \(exit(...)\|_exit(...)\|_Exit(...)\|abort()\|err(...)\|errx(...)\|pthread_cleanup_pop(...)\)
(
 return <+... \(pthread_mutex_unlock(E2)\|pthread_rwlock_unlock(E2)\|pthread_spin_unlock(E2)\|mtx_unlock(E2)\|rel(...)\) ...+>;
|
 return@p2 ...;
|
 pthread_exit@p2(...);
)

@script:python@
p1 << ml_site.p1;
p2 << ml_lock.p2;
lock << ml_site.lock;
@@

ml_held.append((p1[0], p2[0], lock))

@ml_lock_rc exists@
expression ml_site.E;
identifier ml_site.lock;
position ml_site.p1;
expression E2 : script:python (E) { ml_same(E2, E) };
identifier x;
statement S;
type T;
identifier rel : script:python () { ml_release_call(rel) };
position p2;
@@

(
 x = lock@p1(E, ...);
|
 T x = lock@p1(E, ...);
)
 if (<+... x ...+>) S
... when != \(pthread_mutex_unlock(E2)\|pthread_rwlock_unlock(E2)\|pthread_spin_unlock(E2)\|mtx_unlock(E2)\|rel(...)\)
    when != \(exit(...)\|_exit(...)\|_Exit(...)\|abort()\|err(...)\|errx(...)\|pthread_cleanup_pop(...)\)
(
 return <+... \(pthread_mutex_unlock(E2)\|pthread_rwlock_unlock(E2)\|pthread_spin_unlock(E2)\|mtx_unlock(E2)\|rel(...)\) ...+>;
|
 return@p2 ...;
|
 pthread_exit@p2(...);
)

@script:python@
p1 << ml_site.p1;
p2 << ml_lock_rc.p2;
lock << ml_site.lock;
@@

ml_held.append((p1[0], p2[0], lock))

// The lock is released on at least one path, and not only because a
// trylock failed: the function is not a wrapper that returns holding the
// lock by design.
@ml_balanced exists@
expression ml_site.E;
identifier ml_site.lock;
position ml_site.p1;
expression E2 : script:python (E) { ml_same(E2, E) };
position pu;
@@

lock@p1(E, ...)
...
\(pthread_mutex_unlock@pu(E2)\|pthread_rwlock_unlock@pu(E2)\|pthread_spin_unlock@pu(E2)\|mtx_unlock@pu(E2)\)

@script:python@
p1 << ml_site.p1;
pu << ml_balanced.pu;
@@

if ml_key(pu[0]) not in ml_backoff:
    ml_released.add(ml_key(p1[0]))

// The mutex each lock takes, for the finalizer.
@script:python@
p1 << ml_site.p1;
E << ml_site.E;
@@

ml_site_mutex[ml_key(p1[0])] = ml_text(E)

@finalize:python depends on report@
@@

import re

def ml_unreachable_end(p):
    """Is p the closing brace of a function whose last statement is a loop
    that never ends (`while (1)`, `for (;;)`, with no break in it)? Then no
    path falls off its end, whatever Coccinelle follows."""
    try:
        with open(p.file, errors="replace") as fp:
            lines = fp.read().split(chr(10))
    except OSError:
        return False
    ln, col = int(p.line), int(p.column)
    if ln > len(lines) or lines[ln - 1][col:col + 1] != "}":
        return False
    text = chr(10).join(lines[:ln - 1] + [lines[ln - 1][:col]])
    text = re.sub(r"//[^\n]*|/\*.*?\*/", " ", text, flags=re.S).rstrip()
    if not text.endswith("}"):
        return False
    depth, i = 0, len(text) - 1
    while i >= 0:
        depth += text[i] == "}"
        depth -= text[i] == "{"
        if depth == 0:
            break
        i -= 1
    head = text[:i].rstrip()
    forever = re.search(r"\b(while\s*\(\s*(1|true)\s*\)|for\s*\(\s*;\s*;\s*\))$", head)
    return bool(forever) and re.search(r"\bbreak\s*;", text[i:]) is None

seen = set()
for (p1, p2, lock) in ml_held:
    key = (ml_key(p1), ml_key(p2))
    if ml_key(p1) not in ml_released or key in seen:
        continue
    if ml_unreachable_end(p2):
        continue
    where = (p1.file, p1.current_element, ml_site_mutex.get(ml_key(p1)))
    if where in ml_derive()[1] or where in ml_flagged:
        continue
    seen.add(key)
    coccilib.report.print_report(p2,
        "returns with the lock taken by %s() at line %s still held on this path [missing-unlock]" % (lock, p1.line))

// ------------------------------------------------------ double-checked init

// A local variable is private to the thread: re-testing it is no race.
@dci_local@
local idexpression lv;
position p;
identifier lock = {pthread_mutex_lock, pthread_rwlock_wrlock,
                   pthread_spin_lock, mtx_lock};
@@

if (\(lv@p == NULL\|NULL == lv@p\|lv@p == 0\|!lv@p\)) { <+... lock(...) ...+> }

@dci_outer@
identifier v;
position p != dci_local.p;
identifier lock = {pthread_mutex_lock, pthread_rwlock_wrlock,
                   pthread_spin_lock, mtx_lock};
@@

if (\(v@p == NULL\|NULL == v@p\|v@p == 0\|!v@p\)) { <+... lock(...) ...+> }

@dci_inner@
identifier dci_outer.v;
position dci_outer.p;
position q;
expression E;
@@

if (\(v@p == NULL\|NULL == v@p\|v@p == 0\|!v@p\)) {
  <+...
  if (\(v == NULL\|NULL == v\|v == 0\|!v\)) { <+... v@q = E ...+> }
  ...+>
}

@dci_decl@
identifier dci_outer.v;
type T;
@@

(
 T v;
|
 T v = ...;
)

@script:python depends on report@
v << dci_outer.v;
p << dci_outer.p;
q << dci_inner.q;
T << dci_decl.T;
@@

t = str(T)
if "_Atomic" not in t and "atomic_" not in t:
    coccilib.report.print_report(p[0],
        "'%s' (a plain %s) is read here without the lock while another thread may be writing it: double-checked initialisation needs pthread_once or an atomic with acquire/release [double-checked-init]" % (v, t.strip()))
