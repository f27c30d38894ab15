// locks.cocci: static shapes of lock and condition-variable misuse.
// Options: --no-includes --macro-file cocci-macros.h
// Confidence: high (cond-wait-not-in-loop), moderate (missing-unlock,
// double-checked-init)
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
//   Limits: a wait under an `if` inside an unrelated loop (e.g. one loop
//   iteration per item, `if (empty) wait;` then consume) is on a cycle, so it
//   is accepted (false negative).
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
@@

wait@p(...)

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

@script:python depends on report && !cw_helper@
p << cw_bad.p;
wait << cw_bad.wait;
@@

coccilib.report.print_report(p[0],
    "%s() is not inside a loop that re-tests the predicate: a spurious or stolen wakeup goes on with the condition false [cond-wait-not-in-loop]" % wait)

// ------------------------------------------------------------ missing unlock

@initialize:python@
@@

ml_held = []       # (lock position, return position, lock name) per held path
ml_released = set()

def ml_key(p):
    return (p.file, p.line, p.column)

def ml_same(a, b):
    """The same mutex expression, whatever its parentheses and spacing."""
    key = lambda e: "".join(ch for ch in str(e) if ch not in " \t\n()")
    return key(a) == key(b)

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
// mutex (E2 is E written with or without parentheses: &m, &(m)).
@ml_lock exists@
expression ml_site.E;
identifier ml_site.lock;
position ml_site.p1;
expression E2 : script:python (E) { ml_same(E2, E) };
expression E3, x;
statement S;
identifier f;
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
... when != \(pthread_mutex_unlock(E2)\|pthread_rwlock_unlock(E2)\|pthread_spin_unlock(E2)\|mtx_unlock(E2)\)
    when != \(exit(...)\|_exit(...)\|_Exit(...)\|abort()\|err(...)\|errx(...)\|pthread_cleanup_pop(...)\)
(
 return <+... \(pthread_mutex_unlock(E2)\|pthread_rwlock_unlock(E2)\|pthread_spin_unlock(E2)\|mtx_unlock(E2)\) ...+>;
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
position p2;
@@

(
 x = lock@p1(E, ...);
|
 T x = lock@p1(E, ...);
)
 if (<+... x ...+>) S
... when != \(pthread_mutex_unlock(E2)\|pthread_rwlock_unlock(E2)\|pthread_spin_unlock(E2)\|mtx_unlock(E2)\)
    when != \(exit(...)\|_exit(...)\|_Exit(...)\|abort()\|err(...)\|errx(...)\|pthread_cleanup_pop(...)\)
(
 return <+... \(pthread_mutex_unlock(E2)\|pthread_rwlock_unlock(E2)\|pthread_spin_unlock(E2)\|mtx_unlock(E2)\) ...+>;
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

// The lock is released on at least one path: the function is not a wrapper
// that returns holding the lock by design.
@ml_balanced exists@
expression ml_site.E;
identifier ml_site.lock;
position ml_site.p1;
expression E2 : script:python (E) { ml_same(E2, E) };
@@

lock@p1(E, ...)
...
\(pthread_mutex_unlock(E2)\|pthread_rwlock_unlock(E2)\|pthread_spin_unlock(E2)\|mtx_unlock(E2)\)

@script:python@
p1 << ml_site.p1;
b << ml_balanced.E2;
@@

ml_released.add(ml_key(p1[0]))

@finalize:python depends on report@
@@

seen = set()
for (p1, p2, lock) in ml_held:
    key = (ml_key(p1), ml_key(p2))
    if ml_key(p1) not in ml_released or key in seen:
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
