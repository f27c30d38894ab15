// shared.cocci: variables that threads share without the synchronisation
// they need.
// Options: --no-includes --macro-file cocci-macros.h
// Confidence: high (spin-on-shared-variable, unguarded-write, lock-order,
// striped-lock-write), moderate (unguarded-read)
//
// Both rules look at the shared variables of one file: variables declared
// at file scope, and fields of structs declared in the file, whose type is
// a scalar (a number, a pointer, an enum) and not atomic (neither _Atomic,
// atomic_* nor sig_atomic_t, on the declaration's line). A variable whose
// type the file does not declare is never judged. A file is judged only
// when it uses threads, locks or atomics (it calls pthread_*, thrd_*,
// mtx_*, cnd_*, sem_*, atomic_* or __atomic_*/__sync_*), and not when it
// holds main() but starts no thread (a single-threaded program).
//
// A lock is any call whose name has the word lock, rdlock, wrlock, trylock,
// timedlock or spinlock in it (pthread_mutex_lock, mtx_lock, a project
// wrapper such as item_lock or STATS_LOCK); its release is a call with the
// word unlock and the same arguments. sem_wait(S) followed in the same
// function by sem_post(S) is a lock too (a binary semaphore used as a
// mutex). An access is "under a lock" when a lock comes before it in its
// function with no release of that lock in between, not counting releases
// inside an if or else branch (an early exit or a release that depends on
// a flag: the code after the branch may still hold the lock); when a
// release of a lock follows it with no take in between, in the same loop or
// in none (`for (;;) { lock; if (stop) break; ... unlock; } n--; unlock;`);
// when its function releases a lock it did not take (it is called holding
// it); or when every call of its function in the file is under a lock.
// This is read from the text in order, not along paths: it errs towards
// "held", so towards silence.
//
// The file is read as a model: the functions and their parameters, the
// thread start routines and where each is started (in a loop, or twice
// before a join: it runs in several threads at once) and joined, and the
// object each expression names (`a->mu` with `a = &accounts[i]` names
// accounts[].mu; a parameter's object is what the callers of the file
// hand it, or, when none does, the struct type it points at).
//
// Rules in this file (each message ends with its rule id in brackets):
//
// spin-on-shared-variable  CERT CON43-C "Do not allow data races in
//   multithreaded code" (a busy-wait or poll on a plain or volatile
//   variable).  Matches a while or for loop whose condition reads a shared
//   variable V (not through &V: atomic builtins take the address) that a
//   function other than the loop's writes, when:
//     the loop does nothing but wait: every call in its condition and body
//     is a sleep, yield or clock call (sleep, usleep, nanosleep,
//     clock_nanosleep, sched_yield, pthread_yield, thrd_yield, thrd_sleep,
//     time, difftime, clock_gettime, gettimeofday, clock, a cpu pause
//     intrinsic), a wake-up of other threads (pthread_cond_signal and
//     _broadcast, cnd_signal and _broadcast, sem_post), a lock or unlock, or
//     a function of the file that itself calls only those and does not
//     write V; or the loop polls: it does other work too (prints progress)
//     and calls a sleep or yield, and takes the address of V nowhere;
//     nothing in the loop writes V or the variables its condition reads V
//     through (`while (p->next) p = p->next;` walks a list, it does not
//     wait), nor a variable V is compared with (`for (i = 0; i < q->n;
//     i++)` counts up to V: the part of the condition around V, between
//     its && and ||, names nothing the loop writes);
//     no lock is held when the condition is tested.
//   The loop then waits for another thread's plain write, which is a data
//   race: the compiler may read V once (a plain int), and nothing orders
//   the data V announces.  Use an atomic with acquire/release, or a
//   condition variable.  Reported at the read in the condition.
//   Limits: do { } while loops are not matched (Coccinelle 1.1.1); a poll
//   written as `for (;;) { if (V) break; ... }` is not matched; the variable
//   must be declared in the file.
//
// unguarded-read  CERT CON43-C (a lock-guarded variable read without its
//   lock).  The guard is inferred, as Infer's RacerD does: V is guarded when
//   every write to V (outside the exceptions below) is under a lock, and one
//   such write is in another function than the read.  Matches a read of a
//   guarded V with no lock held.  Not judged (reads and writes alike):
//   accesses through a pointer the same function just allocated (the object
//   is not shared yet); accesses before the first thread is created in a
//   function that creates threads (also through the file's functions it
//   calls), and in functions called only there; accesses after a
//   pthread_join or thrd_join in the same function (also through the file's
//   functions it calls) with no thread started since, and in functions
//   called only there; accesses in
//   pthread_once and call_once routines (once publishes what they write);
//   fields of a struct that is a local variable; reads already reported as
//   spin-on-shared-variable.  A function the file calls only through a
//   pointer (a callback; not a thread start routine) may be called holding
//   a lock: its reads are not reported, and its writes do not make a guard.
//   Limits: heuristic.  Threads and locks in other files are not seen; a
//   read under a different lock than the writes hold is not reported; a
//   function called under a lock from another file is not known to hold it.
//
// unguarded-write  CERT CON43-C (a shared variable written by a thread with
//   no lock).  Thread start routines are the functions the file passes to
//   pthread_create or thrd_create; a routine runs in several threads at
//   once when one of its starts is in a loop (and not joined in the same
//   iteration), or when two starts overlap (the first is not joined, in the
//   text of the same function, before the second).  Matches a write (=,
//   op=, ++, --) of a non-atomic scalar, not under a lock, in a routine or
//   in a function it calls from a place that holds no lock, when the object
//   written is one that other threads reach: a variable of file scope (not
//   _Thread_local), a field of one, or a field of the object the thread
//   was handed when every thread the routine starts gets the same object
//   (the argument names one variable that the starting loop does not
//   change, also through a function of the file that returns its
//   parameter), or an object a pointer field of its own element points at
//   when the starting loop sets that field to one object for every element
//   (`w[i].totals = &totals`).  It is reported when the routine runs in
//   several threads at once (writes by one thread alone, under an `if`
//   that compares its own number with `==` (`id == 0`, `me->n == nthreads
//   - 1`), or the serial thread of a barrier, are not), or
//   when another write of the same variable holds a lock (inconsistent
//   locking) in code that may run at the same time (not in a routine whose
//   threads are all joined before this routine starts, nor after).  Not judged: what the unguarded-read rule does not judge
//   (objects not shared yet, code before the first thread or after the
//   joins, once routines), elements of arrays.
//   Limits: threads started in other files, or through a pool, are not
//   seen; a write ordered by a semaphore or a barrier with another thread
//   writing it too is reported.
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

@initialize:python@
@@

import os
import re

# quote characters, spelled so: Coccinelle reads the text of a script for
# quotes of its own
SH_Q, SH_A = chr(34), chr(39)

sh_text = {}          # file -> its lines
sh_fields = {}        # (file, struct or typedef name, field) -> (type, declaration line)
sh_typedefs = {}      # (file, typedef name) -> struct tag
sh_globals = {}       # (file, file-scope variable) -> (type, declaration line)
sh_acc = {}           # access position key -> [key, kind, position, text]
sh_writes = set()     # position keys of writes (assignments, ++, --)
sh_addr = set()       # position keys of accesses whose address is taken
sh_held = set()       # position keys of accesses and calls under a lock
sh_lwrites = []       # (name, position) of every variable written, locals too
sh_calls = []         # (callee, position) of every call
sh_defs = set()       # (file, name) of the functions defined
sh_entered = set()    # (file, name): functions that release a lock they did not take
sh_allocated = set()  # (file, function, variable) assigned a new allocation
sh_loops = []         # (kind, position) of every while and for
sh_threaded = set()   # files that use threads, locks or atomics
sh_locks = []         # (position, arguments) of every lock
sh_unlocks = []       # (position, arguments) of every release
sh_locals = set()     # (file, function, variable) declared in a function
sh_fnrefs = []        # (name, position) of a function of the file named as a value or called
sh_routines = set()   # (file, name) of thread start routines
sh_once = set()       # (file, name) of pthread_once and call_once routines
sh_def_pos = {}       # (file, function) -> (line, column) of its name
sh_local_pos = {}     # (file, function, local) -> (line, column) of its declaration
sh_facc_pending = []  # field accesses of a struct not known yet: (type, field, position, base)
sh_sems = []          # (sem_wait or sem_post, position) of every call
sh_returns = []       # position of every return of a value
sh_binds = {}         # (file, function, local) -> [(position, value text)]

SH_IDLE = set("""sleep usleep nanosleep clock_nanosleep sched_yield pthread_yield
thrd_yield thrd_sleep time difftime clock_gettime gettimeofday clock
_mm_pause __builtin_ia32_pause cpu_relax pthread_cond_signal
pthread_cond_broadcast cnd_signal cnd_broadcast sem_post""".split())
SH_LOCK_WORDS = set("lock rdlock wrlock trylock timedlock spinlock".split())
SH_SLEEPS = set("""sleep usleep nanosleep clock_nanosleep sched_yield pthread_yield
thrd_yield thrd_sleep""".split())

def sh_key(p):
    return (p.file, int(p.line), int(p.column))

def sh_words(name):
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return [w for w in name.lower().split("_") if w]

def sh_is_lock(name):
    w = sh_words(name)
    return "unlock" not in w and any(x in SH_LOCK_WORDS for x in w)

def sh_is_unlock(name):
    return "unlock" in sh_words(name)

def sh_split_args(text):
    """An argument list's text split at its top-level commas."""
    out, cur, depth = [], [], 0
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            out.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    last = "".join(cur).strip()
    if last or out:
        out.append(last)
    return out

def sh_norm(e):
    return "".join(ch for ch in str(e) if ch not in " \t\n()")

def sh_line(f, n):
    if f not in sh_text:
        try:
            with open(f, errors="replace") as fp:
                sh_text[f] = fp.read().split("\n")
        except OSError:
            sh_text[f] = []
    lines = sh_text[f]
    return lines[n - 1] if 0 < n <= len(lines) else ""

def sh_lines(f):
    sh_line(f, 1)
    return sh_text.get(f, [])

sh_multi_done = set()

def sh_multi_globals(f):
    """Adds to sh_globals the variables of file scope that one declaration
    names together (`static int in = 0, out = 0;`), which Coccinelle 1.1.1
    does not match one by one: read from the text, once per file."""
    if f in sh_multi_done:
        return
    sh_multi_done.add(f)
    text = "\n".join(sh_lines(f))
    text = re.sub(r"/\*.*?\*/|//[^\n]*", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.S)
    depth, start, line_of = 0, 0, 1
    for (i, ch) in enumerate(text):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                start = i + 1
        elif ch == ";" and depth == 0:
            stmt = text[start:i]
            first = start + len(stmt) - len(stmt.lstrip())
            start = i + 1
            sh_multi_decl(f, stmt, text.count("\n", 0, first) + 1)
        elif ch == "#" and depth == 0 and text[start:i].strip() == "":
            start = text.find("\n", i) + 1 or len(text)

def sh_multi_decl(f, stmt, line):
    parts, cur, d = [], [], 0
    for ch in stmt:
        d += ch in "({["
        d -= ch in ")}]"
        if ch == "," and d == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    if len(parts) < 2 or "(" in parts[0].split("=")[0] or re.search(r"\b(typedef|extern)\b", parts[0]):
        return
    head = parts[0].split("=")[0]
    m = re.match(r"\s*(.*?)([A-Za-z_]\w*)\s*(\[[^]]*\]\s*)*$", head, re.S)
    if not m:
        return
    base = re.sub(r"\*", "", m.group(1)).strip()
    if not base:
        return
    for (k, part) in enumerate(parts):
        if k == 0:
            name, stars = m.group(2), m.group(1).count("*")
        else:
            n = re.match(r"\s*(\**)\s*([A-Za-z_]\w*)\s*(\[[^]]*\]\s*)*$", part.split("=")[0])
            if not n:
                continue
            name, stars = n.group(2), n.group(1).count("*")
        t = base + " " + "*" * stars if stars else base
        if (f, name) not in sh_globals:
            sh_globals[(f, name)] = (t, sh_line(f, line))

def sh_base_type(t):
    t = re.sub(r"\b(struct|union|const|volatile|restrict)\b", " ", str(t))
    return t.replace("*", " ").strip()

SH_SCALAR = set("""char short int long unsigned signed float double bool _Bool
size_t ssize_t off_t pid_t time_t intptr_t uintptr_t ptrdiff_t""".split())

def sh_scalar(t):
    t = str(t)
    if "(" in t or "[" in t:
        return False
    if "*" in t:
        return True
    words = re.findall(r"[A-Za-z_]\w*", t)
    words = [w for w in words if w not in ("const", "volatile", "static", "extern", "struct", "enum", "unsigned", "signed")] or ["int"]
    w = words[-1]
    return w in SH_SCALAR or bool(re.match(r"u?int\d+_t$", w)) or t.strip().startswith("enum")

def sh_atomic(t, line):
    return "atomic" in (str(t) + " " + line).lower()

def sh_field_key(file, base, fld):
    b = sh_base_type(base)
    for name in (b, sh_typedefs.get((file, b))):
        if name and (file, name, fld) in sh_fields:
            return (name, fld)
    for ((f, tdef), tag) in sh_typedefs.items():
        if f == file and tag == b and (file, tdef, fld) in sh_fields:
            return (tdef, fld)
    return None

# An access key: ("g", name, file) for a variable of file scope, ("f",
# (struct or typedef name, field), file) for a field.
def sh_var_type(key):
    if key[0] == "g":
        return sh_globals.get((key[2], key[1]))
    return sh_fields.get((key[2],) + key[1])

sh_ready = True

// ------------------------------------------------------------ declarations

@sh_struct@
identifier S, fld;
type T;
position pf;
@@

struct S { ... T fld@pf; ... };

@script:python@
S << sh_struct.S;
fld << sh_struct.fld;
T << sh_struct.T;
pf << sh_struct.pf;
@@

sh_fields[(pf[0].file, S, fld)] = (T, sh_line(pf[0].file, int(pf[0].line)))

@sh_anon@
identifier fld;
type T, N;
position pf;
@@

typedef struct { ... T fld@pf; ... } N;

@script:python@
N << sh_anon.N;
fld << sh_anon.fld;
T << sh_anon.T;
pf << sh_anon.pf;
@@

sh_fields[(pf[0].file, sh_base_type(N), fld)] = (T, sh_line(pf[0].file, int(pf[0].line)))

@sh_tdef@
identifier S;
type N;
position p;
@@

typedef struct S@p { ... } N;

@script:python@
S << sh_tdef.S;
N << sh_tdef.N;
p << sh_tdef.p;
@@

sh_typedefs[(p[0].file, sh_base_type(N))] = S

@sh_gdecl@
type T;
identifier v;
position p;
@@

(
 T v@p;
|
 T v@p = ...;
)

@script:python@
v << sh_gdecl.v;
T << sh_gdecl.T;
p << sh_gdecl.p;
@@

if p[0].current_element == v and "(" not in str(T):
    sh_globals[(p[0].file, v)] = (T, sh_line(p[0].file, int(p[0].line)))
elif p[0].current_element != v:
    sh_locals.add((p[0].file, p[0].current_element, v))
    sh_local_pos[(p[0].file, p[0].current_element, v)] = (int(p[0].line), int(p[0].column))

// ------------------------------------------------------------- thread use

@sh_api@
identifier f =~ "^(pthread_|thrd_|mtx_|cnd_|sem_|atomic_|__atomic_|__sync_)";
position p;
@@

f@p(...)

@script:python@
p << sh_api.p;
@@

sh_threaded.add(p[0].file)

// ---------------------------------------------------------------- accesses

@sh_facc@
type TB;
TB E;
identifier fld;
position p;
@@

(
 E->fld@p
|
 E.fld@p
)

@script:python@
E << sh_facc.E;
TB << sh_facc.TB;
fld << sh_facc.fld;
p << sh_facc.p;
@@

k = sh_field_key(p[0].file, TB, fld)
if k is not None:
    sh_acc[sh_key(p[0])] = [("f", k, p[0].file), "r", p[0], str(E)]
else:
    sh_facc_pending.append((TB, fld, p[0], str(E)))

@sh_def@
identifier fn;
position p;
@@

fn@p(...) { ... }

@script:python@
fn << sh_def.fn;
p << sh_def.p;
@@

sh_defs.add((p[0].file, fn))
sh_def_pos[(p[0].file, fn)] = (int(p[0].line), int(p[0].column))

@sh_gacc@
identifier gv;
position p;
@@

(
 gv@p
)

@script:python@
gv << sh_gacc.gv;
p << sh_gacc.p;
@@

sh_multi_globals(p[0].file)
if (p[0].file, gv) in sh_globals and p[0].current_element != gv \
        and (p[0].file, p[0].current_element, gv) not in sh_locals:
    sh_acc[sh_key(p[0])] = [("g", gv, p[0].file), "r", p[0], ""]
elif (p[0].file, gv) in sh_defs:
    sh_fnrefs.append((gv, p[0]))

@sh_write@
expression E, E2;
identifier fld;
assignment operator aop;
position p;
@@

(
 E->fld@p aop E2
|
 E.fld@p aop E2
|
 E->fld@p++
|
 E->fld@p--
|
 ++E->fld@p
|
 --E->fld@p
|
 E.fld@p++
|
 E.fld@p--
|
 ++E.fld@p
|
 --E.fld@p
)

@script:python@
p << sh_write.p;
@@

sh_writes.add(sh_key(p[0]))

@sh_vwrite@
identifier v;
expression E2;
assignment operator aop;
position p;
@@

(
 v@p aop E2
|
 v@p++
|
 v@p--
|
 ++v@p
|
 --v@p
)

@script:python@
v << sh_vwrite.v;
p << sh_vwrite.p;
@@

sh_writes.add(sh_key(p[0]))
sh_lwrites.append((v, p[0]))

@sh_addr_r@
expression E;
identifier fld, v;
position p;
@@

(
 &E->fld@p
|
 &E.fld@p
|
 &v@p
)

@script:python@
p << sh_addr_r.p;
@@

sh_addr.add(sh_key(p[0]))

// ------------------------------------------------- functions and their calls

@sh_call@
identifier f;
position p;
@@

f@p(...)

@script:python@
f << sh_call.f;
p << sh_call.p;
@@

sh_calls.append((f, p[0]))

@sh_routine@
identifier fn;
expression E1, E2, E3;
type T;
position p;
@@

(
 pthread_create(E1, E2, fn@p, E3)
|
 pthread_create(E1, E2, (T)fn@p, E3)
|
 thrd_create(E1, fn@p, E3)
|
 thrd_create(E1, (T)fn@p, E3)
)

@script:python@
fn << sh_routine.fn;
p << sh_routine.p;
@@

sh_routines.add((p[0].file, fn))

@sh_once_r@
identifier fn;
expression E1;
position p;
@@

(
 pthread_once(E1, fn@p)
|
 call_once(E1, fn@p)
)

@script:python@
fn << sh_once_r.fn;
p << sh_once_r.p;
@@

sh_once.add((p[0].file, fn))

@sh_alloc@
identifier x;
identifier a = {malloc, calloc, realloc, aligned_alloc, strdup, strndup};
type T;
position p;
@@

(
 x@p = a(...)
|
 x@p = (T)a(...)
)

@script:python@
x << sh_alloc.x;
p << sh_alloc.p;
@@

sh_allocated.add((p[0].file, p[0].current_element, x))

@sh_alloc_decl@
identifier x;
identifier a = {malloc, calloc, realloc, aligned_alloc, strdup, strndup};
type T, T2;
position p;
@@

(
 T x@p = a(...);
|
 T x@p = (T2)a(...);
)

@script:python@
x << sh_alloc_decl.x;
p << sh_alloc_decl.p;
@@

sh_allocated.add((p[0].file, p[0].current_element, x))

// Values given to identifiers (`T *s = arg;`, `a = &accounts[i];`): what a
// local pointer points at.
@sh_bind@
identifier v;
expression E;
type T;
position p;
@@

(
 T v@p = E;
|
 v@p = E
)

@script:python@
v << sh_bind.v;
E << sh_bind.E;
p << sh_bind.p;
@@

sh_binds.setdefault((p[0].file, p[0].current_element, v), []).append((p[0], str(E)))

// ----------------------------------------------------- locks held, by path

// Calls that take a lock, and calls that release one (sh_is_lock and
// sh_is_unlock decide; the regular expressions only narrow the search).
@sh_lock@
identifier lk =~ "[Ll][Oo][Cc][Kk]";
expression list A;
position pl : script:python (lk) { sh_is_lock(lk) };
@@

lk@pl(A)

@script:python@
lk << sh_lock.lk;
A << sh_lock.A;
pl << sh_lock.pl;
@@

sh_locks.append((pl[0], sh_norm(A)))

@sh_unlock@
identifier ul =~ "[Uu][Nn][Ll][Oo][Cc][Kk]";
expression list A;
position pu : script:python (ul) { sh_is_unlock(ul) };
@@

ul@pu(A)

@script:python@
A << sh_unlock.A;
pu << sh_unlock.pu;
@@

sh_unlocks.append((pu[0], sh_norm(A)))

// A binary semaphore used as a lock: sem_wait(S) and, later in the same
// function, sem_post(S) (the finalizer pairs them).
@sh_sem@
identifier f = {sem_wait, sem_timedwait, sem_trywait, sem_post};
position p;
@@

f@p(...)

@script:python@
f << sh_sem.f;
p << sh_sem.p;
@@

sh_sems.append((f, p[0]))

// Every return of a value, to see what a thread start routine hands back.
@sh_ret@
expression E;
position p;
@@

return@p E;

@script:python@
p << sh_ret.p;
@@

sh_returns.append(p[0])

// ------------------------------------------------------------------- loops

@sh_loop@
expression C, E;
identifier i;
type T;
statement S;
position p;
@@

(
 while@p (C) S
|
 for@p (...; C; ...) S
|
 for@p (T i = E; C; ...) S
)

@script:python@
p << sh_loop.p;
@@

sh_loops.append(p[0])

// ---------------------------------------------------------------- judging

@finalize:python depends on report@
@@

# the text of each file, its braces matched: (open, close) positions
def sh_code(f):
    """The file with comments, strings and character constants blanked,
    as a list of lines of the same lengths."""
    src = "\n".join(sh_lines(f))
    out, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
        elif c in (chr(34), chr(39)):
            j = i + 1
            while j < n and src[j] != c and src[j] != "\n":
                j += 2 if src[j] == chr(92) else 1
            j = min(j + 1, n)
        else:
            out.append(c)
            i += 1
            continue
        out.append("".join(ch if ch == "\n" else " " for ch in src[i:j]))
        i = j
    return "".join(out).split("\n")

sh_code_cache = {}
def sh_braces(f):
    if f in sh_code_cache:
        return sh_code_cache[f]
    code = sh_code(f)
    pairs, stack = [], []
    for (ln, line) in enumerate(code):
        for (col, ch) in enumerate(line):
            if ch == "{":
                stack.append((ln + 1, col))
            elif ch == "}" and stack:
                pairs.append((stack.pop(), (ln + 1, col)))
    sh_code_cache[f] = (code, pairs)
    return sh_code_cache[f]

class sh_ArgTexts(dict):
    """Call position key -> the texts of its arguments, read from the
    source (Coccinelle 1.1.1 fails on some argument lists it is asked to
    print)."""
    def get(self, key, default=None):
        if key not in self:
            self[key] = sh_read_args(key)
        return dict.get(self, key, default)

def sh_read_args(key):
    (f, ln, col) = key
    code, pairs = sh_braces(f)
    depth, text = 0, []
    while ln <= len(code):
        line = code[ln - 1]
        while col < len(line):
            ch = line[col]
            if depth == 0 and ch == "(":
                depth = 1
            elif depth > 0:
                depth += ch == "("
                depth -= ch == ")"
                if depth == 0:
                    return sh_split_args("".join(text))
                text.append(ch)
            col += 1
        ln, col = ln + 1, 0
        if depth > 0:
            text.append(" ")
    return []

sh_call_args = sh_ArgTexts()

def sh_bitfield_runs(file):
    """(struct tag, field) -> (tag, number of its run) for the bit-fields
    of the structs declared in the file or its quoted headers: adjacent
    bit-fields of nonzero width are one memory location (C11 3.14)."""
    out = {}
    paths = [file] + [os.path.join(os.path.dirname(file), m.group(1)) for m in
                      (re.match(r"\s*#\s*include\s*" + SH_Q + r"([^" + SH_Q + r"]+)" + SH_Q, l)
                       for l in sh_lines(file)) if m]
    for path in paths:
        code = "\n".join(sh_code(path)) if os.path.exists(path) else ""
        for m in re.finditer(r"\bstruct\s+([A-Za-z_]\w*)\s*\{([^{}]*)\}", code):
            run, open_run = 0, False
            for decl in m.group(2).split(";"):
                d = decl.strip()
                if not d:
                    continue
                bits = re.search(r"([A-Za-z_]\w*)?\s*:\s*(\d+)\s*$", d)
                if bits is None or int(bits.group(2)) == 0:
                    if open_run:
                        run += 1
                    open_run = False
                    continue
                open_run = True
                if bits.group(1):
                    out[(m.group(1), bits.group(1))] = (m.group(1), run)
    return out

# Coccinelle 1.1.1 does not match a bit-field member as a field of its
# struct: bit-fields are read from the text, and the accesses to them
# (kept aside when they were matched) are resolved now.
def sh_add_bitfields():
    for f in sorted(set(p.file for (t, fld, p, e) in sh_facc_pending)):
        for ((tag, fld), run) in sh_bitfield_runs(f).items():
            sh_fields.setdefault((f, tag, fld), ("unsigned", "%s : bit-field" % fld))
    for (t, fld, p, e) in sh_facc_pending:
        k = sh_field_key(p.file, t, fld)
        if k is not None:
            sh_acc[sh_key(p)] = [("f", k, p.file), "r", p, e]

def sh_before(code, pos):
    """The code text before pos on its line and the lines above, joined."""
    ln, col = pos
    return "\n".join(code[max(0, ln - 6):ln - 1] + [code[ln - 1][:col]])

def sh_ends_with_if(text):
    """Does text end with `if (...)` or `else`?"""
    t = text.rstrip()
    if re.search(r"\belse$", t):
        return True
    if not t.endswith(")"):
        return False
    depth, i = 0, len(t) - 1
    while i >= 0:
        depth += t[i] == ")"
        depth -= t[i] == "("
        if depth == 0:
            break
        i -= 1
    return bool(re.search(r"\bif\s*$", t[:i]))

def sh_in_branch(p):
    """Is the call at p inside an if or else branch (braced or not)?"""
    code, pairs = sh_braces(p.file)
    at = (int(p.line), int(p.column))
    # an unbraced branch: `if (c) unlock(m);`
    if sh_ends_with_if(sh_before(code, at)):
        return True
    inner = None
    for (o, c) in pairs:
        if o < at < c and (inner is None or o > inner[0]):
            inner = (o, c)
    return inner is not None and sh_ends_with_if(sh_before(code, inner[0]))

# functions called through a pointer from places the file does not show (a
# callback table, atexit): whether their callers hold a lock is unknown, so
# they are taken to; thread start routines are known to start with none
sh_call_pos = set(sh_key(pc) for (c, pc) in sh_calls)
sh_unknown = set((p.file, n) for (n, p) in sh_fnrefs
                 if sh_key(p) not in sh_call_pos and (p.file, n) not in sh_routines)

def sh_local_object(a):
    """An access to a field of a struct that is a local variable of the
    function (`totals.count` with `struct stats totals;`): not shared."""
    p, base = a[2], a[3]
    line = sh_line(p.file, int(p.line))
    col = int(p.column)
    if line[:col].rstrip().endswith("->") or "->" in base or base.lstrip().startswith("*"):
        return False
    root = re.match(r"\s*([A-Za-z_]\w*)", base)
    return bool(root) and (p.file, p.current_element, root.group(1)) in sh_locals

# accesses and calls under a lock, read from the text in order
def sh_mark_held():
    events = {}
    for (pl, a) in sh_locks:
        events.setdefault((pl.file, pl.current_element), []).append((sh_key(pl)[1:], 0, "lock", a, pl))
    for (pu, a) in sh_unlocks:
        if not sh_in_branch(pu):
            events.setdefault((pu.file, pu.current_element), []).append((sh_key(pu)[1:], 0, "unlock", a, pu))
    for (k, acc) in sh_acc.items():
        p = acc[2]
        events.setdefault((p.file, p.current_element), []).append((k[1:], 1, "use", None, p))
    for (c, pc) in sh_calls:
        if (pc.file, c) in sh_defs:
            events.setdefault((pc.file, pc.current_element), []).append((sh_key(pc)[1:], 1, "use", None, pc))
    for (where, evs) in events.items():
        if where is None:
            continue
        held = []
        for (at, order, kind, a, p) in sorted(evs, key=lambda e: (e[0], e[1])):
            if kind == "lock":
                held.append(a)
            elif kind == "unlock":
                if a in held:
                    held.remove(a)
            elif held:
                sh_held.add(sh_key(p))

# sem_wait(S) ... sem_post(S) in one function guard what is between them as
# a lock does (a binary semaphore used as a mutex); a semaphore that a
# function only waits on, or only posts, signals between threads
def sh_add_semaphore_locks():
    sems = [(f, p, sh_norm((sh_call_args.get(sh_key(p), []) or [""])[0])) for (f, p) in sh_sems]
    for (f, p, sem) in sems:
        if f == "sem_post" or not sem:
            continue
        posts = [q for (g, q, s2) in sems if g == "sem_post" and s2 == sem and q.file == p.file
                 and q.current_element == p.current_element and sh_key(q) > sh_key(p)]
        if posts:
            sh_locks.append((p, sem))
            for q in posts:
                if (q, sem) not in sh_unlocks:
                    sh_unlocks.append((q, sem))

sh_add_semaphore_locks()
sh_add_bitfields()
sh_mark_held()

# functions that release a lock no earlier line of theirs takes: they are
# called holding it
for (pu, args) in sh_unlocks:
    if not any(pl.file == pu.file and pl.current_element == pu.current_element and a == args
               and (int(pl.line), int(pl.column)) < (int(pu.line), int(pu.column))
               for (pl, a) in sh_locks):
        sh_entered.add((pu.file, pu.current_element))

def sh_span(p):
    """The condition and the body of the loop at p, read from the source:
    ((line, col) where the condition starts, where it ends, where the body
    ends), or None. A for loop's condition is its middle clause."""
    lines = sh_lines(p.file)
    ln, col = int(p.line) - 1, int(p.column)
    is_for = lines[ln][col:col + 3] == "for" if ln < len(lines) else False
    depth, semis = 0, 0
    cstart = cend = body = None
    while ln < len(lines):
        s = lines[ln]
        while col < len(s):
            ch, here = s[col], (ln + 1, col)
            if cend is None:
                if ch == "(":
                    depth += 1
                    if depth == 1 and not is_for:
                        cstart = here
                elif ch == ")":
                    depth -= 1
                    if depth == 0:
                        cend = here
                elif ch == ";" and depth == 1 and is_for:
                    semis += 1
                    if semis == 1:
                        cstart = here
                    else:
                        cend_for = here
                if cend is not None and is_for:
                    cend = cend_for if semis >= 2 else cend
            elif body is None:
                if not ch.isspace():
                    body = "{" if ch == "{" else ";"
                    depth = 1 if ch == "{" else 0
                    if body == ";" and ch == ";":
                        return (cstart, cend, here)
            elif body == "{":
                depth += ch == "{"
                depth -= ch == "}"
                if depth == 0:
                    return (cstart, cend, here)
            else:
                depth += ch in "({"
                depth -= ch in ")}"
                if ch == ";" and depth == 0:
                    return (cstart, cend, here)
            col += 1
        ln, col = ln + 1, 0
    return None

def sh_loop_spans():
    out = []
    for lp in sh_loops:
        span = sh_span(lp)
        if span is not None:
            out.append((lp.file, lp.current_element, (int(lp.line), int(lp.column)), span[2]))
    return out

sh_loopspans = sh_loop_spans()

def sh_loops_around(file, fn, at):
    """The loops of fn that hold position at, outermost first."""
    return sorted((s, e) for (f, g, s, e) in sh_loopspans if f == file and g == fn and s <= at <= e)

# An access followed, in the text of its function, by a release of a lock
# with no take of it in between is under that lock: the code says it holds
# it (`for (;;) { lock; ... if (stop) break; ... unlock; } n--; unlock;`).
# Both must be in the same loop, or in none: the release at the bottom of
# a loop says nothing of the code after the loop.
def sh_mark_held_before_release():
    events = {}
    for (pl, a) in sh_locks:
        events.setdefault((pl.file, pl.current_element), []).append((sh_key(pl)[1:], "lock", a, pl))
    for (pu, a) in sh_unlocks:
        if not sh_in_branch(pu):
            events.setdefault((pu.file, pu.current_element), []).append((sh_key(pu)[1:], "unlock", a, pu))
    for (k, acc) in sh_acc.items():
        p = acc[2]
        events.setdefault((p.file, p.current_element), []).append((k[1:], "use", None, p))
    for ((file, fn), evs) in events.items():
        ahead = {}    # mutex -> innermost loop of the release that comes next
        for (at, kind, a, p) in sorted(evs, key=lambda e: e[0], reverse=True):
            loops = sh_loops_around(file, fn, at)
            inner = loops[-1] if loops else None
            if kind == "unlock":
                ahead[a] = inner
            elif kind == "lock":
                ahead.pop(a, None)
            elif any(l == inner for l in ahead.values()):
                sh_held.add(sh_key(p))

sh_mark_held_before_release()

def sh_within(p, start, end):
    k = (int(p.line), int(p.column))
    return start <= k <= end

def sh_fn_writes(fn, file, key, seen=None):
    """Does local function fn (or one it calls) write the variable key?"""
    seen = seen if seen is not None else set()
    if fn in seen:
        return False
    seen.add(fn)
    for a in sh_acc.values():
        if a[0] == key and a[2].current_element == fn and sh_key(a[2]) in sh_writes:
            return True
    for (callee, pc) in sh_calls:
        if pc.current_element == fn and (file, callee) in sh_defs and sh_fn_writes(callee, file, key, seen):
            return True
    return False

def sh_idle_fn(fn, file, seen=None):
    """Does local function fn call nothing but waits, wake-ups and locks?"""
    seen = seen if seen is not None else set()
    if fn in seen:
        return True
    seen.add(fn)
    for (callee, pc) in sh_calls:
        if pc.current_element != fn or pc.file != file:
            continue
        if not sh_idle_call(callee, file, seen):
            return False
    return True

def sh_idle_call(callee, file, seen=None):
    if callee in SH_IDLE or sh_is_lock(callee) or sh_is_unlock(callee):
        return True
    return (file, callee) in sh_defs and sh_idle_fn(callee, file, seen)

def sh_conjunct_names(f, cstart, cend, p):
    """The names in the part of the condition (cstart, cend exclusive) that
    holds p, split at its top-level && and ||: in `i < q->n` the loop counts
    up to q->n (i changes), in `t < limit && q->busy` it waits for q->busy."""
    code, pairs = sh_braces(f)
    at = (int(p.line), int(p.column))
    parts, cur, hit, depth = [], [], False, 0
    ln, col = cstart[0], cstart[1] + 1
    while (ln, col) < cend and ln <= len(code):
        line = code[ln - 1]
        if col >= len(line):
            ln, col = ln + 1, 0
            cur.append(" ")
            continue
        ch = line[col]
        depth += ch in "(["
        depth -= ch in ")]"
        if depth == 0 and line[col:col + 2] in ("&&", "||"):
            parts.append(("".join(cur), hit))
            cur, hit = [], False
            col += 2
            continue
        if (ln, col) == at:
            hit = True
        cur.append(ch)
        col += 1
    parts.append(("".join(cur), hit))
    for (text, has) in parts:
        if has:
            return sh_base_names(text)
    return set()

def sh_base_names(text):
    return set(re.findall(r"[A-Za-z_]\w*", text))

def sh_judged(key):
    t = sh_var_type(key)
    return t is not None and sh_scalar(t[0]) and not sh_atomic(t[0], t[1])

def sh_name(a):
    key, p = a[0], a[2]
    if key[0] == "g":
        return key[1]
    if not a[3]:
        return key[1][1]
    arrow = sh_line(p.file, int(p.line))[:int(p.column)].rstrip().endswith("->")
    return "%s%s%s" % (a[3].replace(" ", ""), "->" if arrow else ".", key[1][1])

# exceptions: objects not shared yet, threads not started or joined ----------

def sh_callers(fn, file):
    return [pc for (c, pc) in sh_calls if c == fn and pc.file == file]

# functions that create or join threads, directly or through functions of
# the file they call
def sh_closure(direct):
    result = set((p.file, p.current_element) for (c, p) in sh_calls if c in direct)
    changed = True
    while changed:
        changed = False
        for (c, pc) in sh_calls:
            if (pc.file, c) in result and (pc.file, pc.current_element) not in result:
                result.add((pc.file, pc.current_element))
                changed = True
    return result

sh_creators = sh_closure(("pthread_create", "thrd_create"))
sh_joiners = sh_closure(("pthread_join", "thrd_join"))

def sh_call_kinds(fn, file):
    """The calls of fn that start threads (c), join them (j), or start
    threads that outlive the call (u), as sorted (line, col, kind)."""
    out = []
    for (c, pc) in sh_calls:
        if pc.current_element != fn or pc.file != file:
            continue
        k = (int(pc.line), int(pc.column))
        creates = c in ("pthread_create", "thrd_create") or (file, c) in sh_creators
        joins = c in ("pthread_join", "thrd_join") or (file, c) in sh_joiners
        if creates:
            out.append(k + ("c",))
        if joins:
            out.append(k + ("j",))
        if creates and not joins:
            out.append(k + ("u",))
    return sorted(out)

def sh_pre_thread_pos(p):
    x = (int(p.line), int(p.column))
    kinds = sh_call_kinds(p.current_element, p.file)
    return any(k[2] == "c" for k in kinds) and all(k[:2] > x for k in kinds if k[2] == "c")

def sh_post_join_pos(p):
    """After a join, with no thread started since that outlives its call."""
    x = (int(p.line), int(p.column))
    last_j = last_u = None
    for k in sh_call_kinds(p.current_element, p.file):
        if k[:2] >= x:
            break
        if k[2] == "j":
            last_j = k[:2]
        elif k[2] == "u":
            last_u = k[:2]
    return last_j is not None and (last_u is None or last_j > last_u)

# functions called only before threads exist, or only under a lock
def sh_only_called(pred):
    result = set()
    changed = True
    while changed:
        changed = False
        for (file, fn) in sh_defs:
            if (file, fn) in result:
                continue
            sites = sh_callers(fn, file)
            if sites and all(pred(pc) or (pc.file, pc.current_element) in result for pc in sites):
                result.add((file, fn))
                changed = True
    return result

sh_pre_fns = sh_only_called(sh_pre_thread_pos)
sh_post_fns = sh_only_called(sh_post_join_pos)
sh_held_fns = sh_only_called(lambda pc: sh_key(pc) in sh_held
                             or (pc.file, pc.current_element) in sh_entered
                             or (pc.file, pc.current_element) in sh_unknown)

def sh_exempt(a):
    p = a[2]
    fn, file = p.current_element, p.file
    if sh_local_object(a) or (file, fn) in sh_once:
        return True
    if (file, fn) in sh_pre_fns or (file, fn) in sh_post_fns or sh_pre_thread_pos(p):
        return True
    bases = sh_base_names(a[3])
    if a[3] and any((file, fn, b) in sh_allocated for b in bases):
        return True
    return sh_post_join_pos(p)

def sh_is_held(k, a, write=False):
    """Under a lock. A function with callers the file does not show counts
    as holding one for its reads (silence when unsure) and not for its
    writes (a guard is inferred only from writes known to hold it)."""
    p = a[2]
    where = (p.file, p.current_element)
    if k in sh_held or where in sh_entered or where in sh_held_fns:
        return True
    return not write and where in sh_unknown

# a program whose main() is in the file, and which starts no thread in it,
# runs one thread (as far as the file shows): nothing there is shared
sh_single = set(f for (f, fn) in sh_defs if fn == "main"
                and not any(cf == f for (cf, cfn) in sh_creators))
sh_threaded -= sh_single

# the program model: functions, expressions, the objects they name -----------

SH_TYPE_WORDS = set("""void char short int long unsigned signed float double
bool _Bool const volatile struct union enum size_t ssize_t intptr_t
uintptr_t""".split())

def sh_fn_header(file, fn):
    """(parameters, (open, close) of the body) of a function of the file,
    read from the text at its definition; parameters are (name, declared
    text) pairs. None when the text does not read as a definition."""
    key = (file, fn)
    if key in sh_header_cache:
        return sh_header_cache[key]
    sh_header_cache[key] = None
    at = sh_def_pos.get(key)
    if at is None:
        return None
    code, pairs = sh_braces(file)
    ln, col = at[0] - 1, at[1] + len(fn)
    depth, start, text = 0, None, []
    while ln < len(code):
        line = code[ln]
        while col < len(line):
            ch = line[col]
            if start is None:
                if ch == "(":
                    start, depth = (ln, col), 1
                elif not ch.isspace():
                    return None
            elif depth > 0:
                depth += ch == "("
                depth -= ch == ")"
                if depth > 0:
                    text.append(ch)
            elif ch == "{":
                body = [pr for pr in pairs if pr[0] == (ln + 1, col)]
                if not body:
                    return None
                params = []
                for decl in sh_split_args("".join(text)):
                    m = re.search(r"\(\s*\*\s*([A-Za-z_]\w*)\s*\)", decl)
                    if m is None:
                        m = re.search(r"([A-Za-z_]\w*)\s*(\[[^]]*\]\s*)*$", decl)
                    if m and m.group(1) not in SH_TYPE_WORDS:
                        params.append((m.group(1), decl))
                sh_header_cache[key] = (params, body[0])
                return sh_header_cache[key]
            elif not ch.isspace():
                return None
            col += 1
        ln, col = ln + 1, 0
        if depth > 0:
            text.append(" ")
    return None

sh_header_cache = {}

def sh_param_index(file, fn, name):
    h = sh_fn_header(file, fn)
    if h is None:
        return None
    for (i, (n, d)) in enumerate(h[0]):
        if n == name:
            return i
    return None

SH_TOKEN = re.compile(r"\s*(->|\+\+|--|&&|\|\||[A-Za-z_]\w*|0[xX][0-9a-fA-F]+[uUlL]*|\d+(?:\.\d+)?[uUlLfF]*|.)")

def sh_tokens(text):
    """The tokens of an expression; a string or character literal is one
    token, its first character a quote."""
    out, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch in (SH_Q, SH_A):
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == chr(92) else 1
            out.append(text[i:j + 1])
            i = j + 1
            continue
        m = SH_TOKEN.match(text, i)
        if not m or m.end() == i:
            break
        if m.group(1).strip():
            out.append(m.group(1))
        i = m.end()
    return out

def sh_is_ident(t):
    return bool(re.match(r"[A-Za-z_]\w*$", t))

def sh_is_cast(toks, i):
    """Is toks[i] == "(" the start of a cast, `(struct s *)`, `(long)`?"""
    j, words, stars = i + 1, [], 0
    while j < len(toks) and toks[j] != ")":
        if sh_is_ident(toks[j]):
            words.append(toks[j])
        elif toks[j] == "*":
            stars += 1
        else:
            return None
        j += 1
    if j >= len(toks) or not words or j + 1 >= len(toks):
        return None
    nxt = toks[j + 1]
    if not (sh_is_ident(nxt) or nxt[0].isdigit() or nxt in ("(", "&", "*", "-") or nxt[0] == SH_Q):
        return None
    typed = stars or any(w in SH_TYPE_WORDS or w.endswith("_t") for w in words)
    return j + 1 if typed or len(words) > 1 else None

def sh_parse(text):
    """A small parser of the expressions that name objects: identifiers,
    &, *, casts, ->, ., [], calls, and + or - of an offset. Anything else
    is ("?",)."""
    toks = sh_tokens(str(text))
    try:
        e, i = sh_p_add(toks, 0)
    except IndexError:
        return ("?",)
    return e if i == len(toks) else ("?",)

def sh_p_add(toks, i):
    e, i = sh_p_unary(toks, i)
    while i < len(toks) and toks[i] in ("+", "-"):
        r, i = sh_p_unary(toks, i + 1)
        e = ("arith", e, r)
    return e, i

def sh_p_unary(toks, i):
    t = toks[i]
    if t == "&":
        e, i = sh_p_unary(toks, i + 1)
        return ("addr", e), i
    if t == "*":
        e, i = sh_p_unary(toks, i + 1)
        return ("deref", e), i
    if t == "(":
        j = sh_is_cast(toks, i)
        if j is not None:
            e, i = sh_p_unary(toks, j)
            return ("cast", e), i
    return sh_p_postfix(toks, i)

def sh_p_postfix(toks, i):
    t = toks[i]
    if t == "(":
        e, i = sh_p_add(toks, i + 1)
        if toks[i] != ")":
            raise IndexError
        i += 1
    elif sh_is_ident(t):
        e, i = ("id", t), i + 1
    elif t[0].isdigit() or t[0] in (SH_Q, SH_A):
        e, i = ("const", t), i + 1
    else:
        raise IndexError
    while i < len(toks):
        t = toks[i]
        if t in ("->", ".") and i + 1 < len(toks) and sh_is_ident(toks[i + 1]):
            e, i = ("field", e, toks[i + 1], t == "->"), i + 2
        elif t == "[":
            depth, j = 1, i + 1
            while depth:
                depth += toks[j] == "["
                depth -= toks[j] == "]"
                j += 1
            e, i = ("index", e, " ".join(toks[i + 1:j - 1])), j
        elif t == "(" and e[0] == "id":
            depth, j = 1, i + 1
            while depth:
                depth += toks[j] == "("
                depth -= toks[j] == ")"
                j += 1
            e, i = ("call", e[1], sh_split_args(" ".join(toks[i + 1:j - 1]))), j
        else:
            break
    return e, i

# Objects are named by a root and the steps from it: ("g", name) a variable
# of file scope, ("l", function, name) a local, ("p", function, number) the
# object a parameter points at; steps are field names, "[]" (an element of
# an array) and "*" (what a pointer held there points at).

def sh_is_local(file, fn, v):
    return (file, fn, v) in sh_locals

def sh_bound(file, fn, v):
    """The one value a local is given (initialised or assigned), or None."""
    b = sh_binds.get((file, fn, v), [])
    return b[0][1] if len(b) == 1 else None

def sh_returns_param(file, fn):
    """The number of the parameter a function of the file returns on every
    return (`return b;`), or None."""
    h = sh_fn_header(file, fn)
    if h is None:
        return None
    code, pairs = sh_braces(file)
    (o, c) = h[1]
    text = "\n".join(code[o[0] - 1:c[0]])
    rets = re.findall(r"\breturn\b([^;]*);", text)
    names = set(r.strip().strip("()").strip() for r in rets)
    if len(names) != 1:
        return None
    return sh_param_index(file, fn, names.pop())

def sh_lval(file, fn, e, depth=0):
    """The object an lvalue expression names, or None."""
    if depth > 24:
        return None
    k = e[0]
    if k == "id":
        v = e[1]
        if sh_param_index(file, fn, v) is not None or sh_is_local(file, fn, v):
            return ("l", fn, v), ()
        if (file, v) in sh_globals:
            return ("g", v), ()
        return None
    if k == "field":
        base = sh_ptee(file, fn, e[1], depth + 1) if e[3] else sh_lval(file, fn, e[1], depth + 1)
        return None if base is None else (base[0], base[1] + (e[2],))
    if k == "index":
        base = sh_ptee(file, fn, e[1], depth + 1)
        return None if base is None else (base[0], base[1] + ("[]",))
    if k == "deref":
        return sh_ptee(file, fn, e[1], depth + 1)
    if k == "cast":
        return sh_lval(file, fn, e[1], depth + 1)
    return None

def sh_ptee(file, fn, e, depth=0):
    """The object a pointer expression points at, or None."""
    if depth > 24:
        return None
    k = e[0]
    if k == "addr":
        return sh_lval(file, fn, e[1], depth + 1)
    if k == "cast":
        return sh_ptee(file, fn, e[1], depth + 1)
    if k == "arith":
        base = sh_ptee(file, fn, e[1], depth + 1)
        return None if base is None else (base[0], base[1] + ("[]",))
    if k == "id":
        v = e[1]
        i = sh_param_index(file, fn, v)
        if i is not None and not sh_binds.get((file, fn, v)):
            return ("p", fn, i), ()
        if sh_is_local(file, fn, v):
            val = sh_bound(file, fn, v)
            if val is not None:
                r = sh_ptee(file, fn, sh_parse(val), depth + 1)
                if r is not None:
                    return r
            return ("l", fn, v), ("*",)
        if (file, v) in sh_globals:
            return ("g", v), ("*",)
        return None
    if k in ("field", "index"):
        base = sh_lval(file, fn, e, depth + 1)
        return None if base is None else (base[0], base[1] + ("*",))
    if k == "call" and (file, e[1]) in sh_defs:
        i = sh_returns_param(file, e[1])
        if i is not None and i < len(e[2]):
            return sh_ptee(file, fn, sh_parse(e[2][i]), depth + 1)
    return None

# threads: where each start routine is started, and until when ---------------

def sh_handle_name(text):
    t = re.sub(r"\[[^]]*\]", "[]", str(text).replace(" ", ""))
    return t.lstrip("&")

def sh_start_sites():
    """Every pthread_create and thrd_create of a start routine of the file:
    dicts of file, fn (the creator), at, routine, arg (text), handle,
    loops (around the call), until (where it is joined, or None)."""
    sites = []
    for (c, pc) in sh_calls:
        args = sh_call_args.get(sh_key(pc), [])
        if c == "pthread_create" and len(args) == 4:
            h, r, a = args[0], args[2], args[3]
        elif c == "thrd_create" and len(args) == 3:
            h, r, a = args[0], args[1], args[2]
        else:
            continue
        re_ = sh_parse(r)
        while re_[0] in ("cast", "addr"):
            re_ = re_[1]
        if re_[0] != "id":
            continue
        at = (int(pc.line), int(pc.column))
        sites.append({"file": pc.file, "fn": pc.current_element, "at": at, "pos": pc,
                      "routine": re_[1], "arg": a, "handle": sh_handle_name(h),
                      "loops": sh_loops_around(pc.file, pc.current_element, at)})
    for s in sites:
        s["until"] = None
        for (c, pc) in sorted(sh_calls, key=lambda x: sh_key(x[1])):
            if c not in ("pthread_join", "thrd_join") or pc.file != s["file"] or pc.current_element != s["fn"]:
                continue
            at = (int(pc.line), int(pc.column))
            args = sh_call_args.get(sh_key(pc), [])
            if at > s["at"] and args and sh_handle_name(args[0]) == s["handle"]:
                s["until"] = at
                break
        # joined in the iteration that started it: one at a time
        s["each"] = bool(s["loops"]) and not (s["until"] is not None and s["until"] <= s["loops"][-1][1])
        s["from"] = s["loops"][0][0] if s["each"] else s["at"]
    return sites

sh_sites = sh_start_sites()

def sh_overlap(a, b):
    if a["file"] != b["file"]:
        return False
    if a["fn"] != b["fn"]:
        return True
    first, second = (a, b) if a["from"] <= b["from"] else (b, a)
    return first["until"] is None or first["until"] > second["from"]

def sh_many(file, r):
    """Is start routine r run by more than one thread at a time?"""
    mine = [s for s in sh_sites if s["file"] == file and s["routine"] == r]
    if any(s["each"] for s in mine):
        return True
    return any(sh_overlap(a, b) for a in mine for b in mine if a is not b)

def sh_reach(file, r):
    """Functions of the file that r runs with no lock held: r, and what it
    calls (transitively) from places that hold none: {function: [call
    positions that lead there]}."""
    out, todo = {r: []}, [r]
    while todo:
        fn = todo.pop()
        if (file, fn) in sh_entered:
            continue
        for (c, pc) in sh_calls:
            if pc.file != file or pc.current_element != fn or (file, c) not in sh_defs:
                continue
            if sh_key(pc) in sh_held:
                continue
            if c not in out:
                out[c] = []
                todo.append(c)
            out[c].append(pc)
    return out

# locks: what each function takes and releases, and their names ------------

def sh_lock_held_at(p):
    """Is a lock (any call named like one) held at p, read from the text of
    its function in order, as sh_mark_held reads it?"""
    at = (int(p.line), int(p.column))
    held = []
    evs = [((int(q.line), int(q.column)), 0, a) for (q, a) in sh_locks
           if q.file == p.file and q.current_element == p.current_element]
    evs += [((int(q.line), int(q.column)), 1, a) for (q, a) in sh_unlocks
            if q.file == p.file and q.current_element == p.current_element and not sh_in_branch(q)]
    for (w, kind, a) in sorted(evs):
        if w >= at:
            break
        if kind == 0:
            held.append(a)
        elif a in held:
            held.remove(a)
    return bool(held) or sh_key(p) in sh_held

def sh_lock_names_at(p):
    """The last names of the locks held at p (`&d->link_lock` is
    link_lock), read from the text of its function in order."""
    at = (int(p.line), int(p.column))
    held = []
    evs = [((int(q.line), int(q.column)), 0, a) for (q, a) in sh_locks
           if q.file == p.file and q.current_element == p.current_element]
    evs += [((int(q.line), int(q.column)), 1, a) for (q, a) in sh_unlocks
            if q.file == p.file and q.current_element == p.current_element and not sh_in_branch(q)]
    for (w, kind, a) in sorted(evs):
        if w >= at:
            break
        if kind == 0:
            held.append(a)
        elif a in held:
            held.remove(a)
    return set(re.findall(r"[A-Za-z_]\w*", a)[-1] for a in held if re.findall(r"[A-Za-z_]\w*", a))

def sh_fn_text(file, fn, start=None, end=None):
    """The code of fn (comments blanked) from start to end, as one string
    with the position of its first character."""
    h = sh_fn_header(file, fn)
    if h is None:
        return ("", (0, 0))
    code, pairs = sh_braces(file)
    (o, c) = h[1]
    lo = max(o, start) if start else o
    hi = min(c, end) if end else c
    lines = code[lo[0] - 1:hi[0]]
    if not lines:
        return ("", lo)
    lines = list(lines)
    lines[-1] = lines[-1][:hi[1]] if len(lines) > 1 else lines[-1][:hi[1]]
    lines[0] = " " * lo[1] + lines[0][lo[1]:]
    return ("\n".join(lines), lo)

SH_ACQUIRE = {"pthread_mutex_lock": "lock", "pthread_spin_lock": "lock", "mtx_lock": "lock",
              "pthread_rwlock_wrlock": "lock", "pthread_rwlock_rdlock": "read",
              "pthread_mutex_trylock": "try", "pthread_mutex_timedlock": "try",
              "pthread_mutex_clocklock": "try", "pthread_rwlock_tryrdlock": "try",
              "pthread_rwlock_trywrlock": "try", "pthread_rwlock_timedrdlock": "try",
              "pthread_rwlock_timedwrlock": "try", "pthread_spin_trylock": "try",
              "mtx_trylock": "try", "mtx_timedlock": "try"}
SH_RELEASE = set("pthread_mutex_unlock pthread_spin_unlock mtx_unlock pthread_rwlock_unlock".split())

def sh_release_reach(p):
    """Until where a release at p holds: the end of its function, or of
    the branch it is in (an early exit), or nowhere after it (a release
    that a bare `if` guards)."""
    code, pairs = sh_braces(p.file)
    at = (int(p.line), int(p.column))
    if sh_ends_with_if(sh_before(code, at)):
        return at
    inner = None
    for (o, c) in pairs:
        if o < at < c and (inner is None or o > inner[0]):
            inner = (o, c)
    if inner is not None and sh_ends_with_if(sh_before(code, inner[0])):
        return inner[1]
    return (10 ** 9, 0)

def sh_lock_events(file, fn, stack=()):
    """The locks fn takes and releases and the functions of the file it
    calls, in the order of the text: (at, what, kind or callee, object,
    position, reach of a release)."""
    evs = []
    for (c, pc) in sh_calls:
        if pc.file != file or pc.current_element != fn:
            continue
        at = (int(pc.line), int(pc.column))
        if c in SH_ACQUIRE or c in SH_RELEASE:
            args = sh_call_args.get(sh_key(pc), [])
            obj = sh_ptee(file, fn, sh_parse(args[0])) if args else None
            if obj is None:
                continue
            if c in SH_RELEASE:
                evs.append((at, "rel", None, obj, pc, sh_release_reach(pc)))
            else:
                evs.append((at, "acq", SH_ACQUIRE[c], obj, pc, None))
        elif (file, c) in sh_defs and c != fn:
            evs.append((at, "call", c, None, pc, None))
            # a wrapper that returns holding a lock, or releases one it
            # did not take, does so at the call
            (takes, releases) = sh_lock_net(file, c, stack + (fn,))
            for d in takes:
                evs.append((at, "acq", "lock", sh_instance(d, file, fn, pc, c), pc, None))
            for d in releases:
                evs.append((at, "rel", None, sh_instance(d, file, fn, pc, c), pc, sh_release_reach(pc)))
    return sorted(evs, key=lambda e: e[0])

sh_net_memo = {}

def sh_lock_net(file, fn, stack=()):
    """What fn leaves changed: the locks it returns holding (taken, not
    released after), and those it releases and did not take."""
    key = (file, fn)
    if key in sh_net_memo:
        return sh_net_memo[key]
    if fn in stack or len(stack) > 6:
        return ([], [])
    evs = sh_lock_events(file, fn, stack)
    end = (10 ** 9, 0)
    takes = [obj for (at, what, k, obj, p, r) in evs if what == "acq" and k != "try"
             and obj in sh_held_at(evs, end)]
    releases = []
    for (at, what, k, obj, p, r) in evs:
        if what == "rel" and r == end and not any(w == "acq" and o == obj and a < at
                                                   for (a, w, kk, o, pp, rr) in evs):
            releases.append(obj)
    sh_net_memo[key] = (takes, releases)
    return sh_net_memo[key]

def sh_next_token(code, pos):
    """(position, text) of the first non-blank character at or after pos."""
    (ln, col) = pos
    while ln <= len(code):
        line = code[ln - 1]
        while col < len(line):
            if not line[col].isspace():
                return ((ln, col), line[col:])
            col += 1
        ln, col = ln + 1, 0
    return None

def sh_else_end(file, c):
    """Where the else branches that follow the block closed at c end
    (`} else if (...) { } else { }`), or None when no else follows."""
    code, pairs = sh_braces(file)
    nxt = sh_next_token(code, (c[0], c[1] + 1))
    if nxt is None or not re.match(r"else\b", nxt[1]):
        return None
    end = None
    at = (nxt[0][0], nxt[0][1] + 4)
    while True:
        tok = sh_next_token(code, at)
        if tok is None:
            return end
        if tok[1].startswith("{") or re.match(r"if\b", tok[1]):
            block = min((pr for pr in pairs if pr[0] >= tok[0]), default=None)
            if block is None:
                return end
            end = block[1]
            more = sh_next_token(code, (end[0], end[1] + 1))
            if more is None or not re.match(r"else\b", more[1]):
                return end
            at = (more[0][0], more[0][1] + 4)
        else:
            # an unbraced else: its statement ends at the next semicolon
            (ln, col) = tok[0]
            while ln <= len(code):
                k = code[ln - 1].find(";", col)
                if k >= 0:
                    return (ln, k)
                ln, col = ln + 1, 0
            return end

sh_blind_memo = {}

def sh_blind(file, at):
    """The spans after a take at `at` that do not see it: the else branches
    of each if whose branch the take is in (`if (a < b) { lock(a); lock(b);
    } else { lock(b); lock(a); }` takes one order or the other)."""
    key = (file, at)
    if key in sh_blind_memo:
        return sh_blind_memo[key]
    code, pairs = sh_braces(file)
    out = []
    for (o, c) in pairs:
        if o < at < c:
            end = sh_else_end(file, c)
            if end is not None:
                out.append((c, end))
    sh_blind_memo[key] = out
    return out

def sh_held_at(evs, at):
    """The objects locked before at and not released on the way."""
    held = []
    for (a, what, kind, obj, p, reach) in evs:
        if a >= at:
            break
        if what == "acq":
            if any(lo < at <= hi for (lo, hi) in sh_blind(p.file, a)):
                continue
            held = [h for h in held if h != obj] + [obj]
        elif what == "rel" and reach >= at:
            held = [h for h in held if h != obj]
    return held

def sh_instance(d, file, fn, pc, callee):
    """Object d named in callee, named in fn, which calls callee at pc."""
    (root, path) = d
    if root[0] != "p" or root[1] != callee:
        return d
    args = sh_call_args.get(sh_key(pc), [])
    if root[2] >= len(args):
        return d
    base = sh_ptee(file, fn, sh_parse(args[root[2]]))
    return d if base is None else (base[0], base[1] + path)

sh_lock_memo = {}

def sh_lock_summary(file, fn, stack=()):
    """(taken, edges) of fn, also through the functions it calls: taken
    [(object, kind, position, chain)], edges [(held object, object taken,
    kind, position, every object held, chain)], chain the functions
    called on the way."""
    key = (file, fn)
    if key in sh_lock_memo:
        return sh_lock_memo[key]
    if fn in stack or len(stack) > 6:
        return ([], [])
    evs = sh_lock_events(file, fn, stack)
    taken, edges = [], []
    for (at, what, kind, obj, pc, reach) in evs:
        if what == "acq":
            held = sh_held_at(evs, at)
            for h in held:
                if h != obj:
                    edges.append((h, obj, kind, pc, tuple(held), ()))
            taken.append((obj, kind, pc, ()))
        elif what == "call":
            (gt, ge) = sh_lock_summary(file, kind, stack + (fn,))
            if not gt and not ge:
                continue
            held = sh_held_at(evs, at)
            inst = lambda d: sh_instance(d, file, fn, pc, kind)
            for (d, k, p, chain) in gt:
                d2 = inst(d)
                for h in held:
                    if h != d2:
                        edges.append((h, d2, k, p, tuple(held), (kind,) + chain))
                taken.append((d2, k, p, (kind,) + chain))
            for (h1, d1, k, p, hs, chain) in ge:
                edges.append((inst(h1), inst(d1), k, p, tuple(inst(x) for x in hs) + tuple(held),
                              (kind,) + chain))
    # a function that takes two locks in one order in a branch and in the
    # other order in its else branch chooses the order by a test (`if (a <
    # b)`, by address or by id): an ordering discipline, not a cycle
    mine = [e for e in edges if not e[5]]
    chosen = set()
    for e in mine:
        for f in mine:
            if e[0] == f[1] and e[1] == f[0] and any(lo < sh_key(f[3])[1:] <= hi
                                                     for (lo, hi) in sh_blind(file, sh_key(e[3])[1:])):
                chosen.add((e[0], e[1]))
                chosen.add((f[0], f[1]))
    edges = [e for e in edges if e[5] or (e[0], e[1]) not in chosen]
    sh_lock_memo[key] = (taken, edges)
    return sh_lock_memo[key]

def sh_type_name(file, decl):
    """The struct or typedef name a declaration is of: `struct pool *p` -> pool."""
    words = [w for w in re.findall(r"[A-Za-z_]\w*", decl)
             if w not in ("struct", "union", "const", "volatile", "restrict", "static", "register")]
    return words[0] if len(words) >= 2 else None

def sh_field_type(file, t, fld):
    for name in (t, sh_typedefs.get((file, t))):
        if name and (file, name, fld) in sh_fields:
            return sh_fields[(file, name, fld)][0]
    for ((f, tdef), tag) in sh_typedefs.items():
        if f == file and tag == t and (file, tdef, fld) in sh_fields:
            return sh_fields[(file, tdef, fld)][0]
    return sh_text_fields(file).get((t, fld))

sh_text_fields_memo = {}

def sh_text_fields(file):
    """(struct tag, field) -> declared type, read from the text of the
    file and of the headers it includes with quotes from its directory
    (Coccinelle is run without includes): `struct pool { struct conn
    conns[4]; ... }` gives (pool, conns) -> `struct conn`."""
    if file in sh_text_fields_memo:
        return sh_text_fields_memo[file]
    out = {}
    paths = [file]
    for line in sh_lines(file):
        m = re.match(r"\s*#\s*include\s*" + SH_Q + r"([^" + SH_Q + r"]+)" + SH_Q, line)
        if m:
            paths.append(os.path.join(os.path.dirname(file), m.group(1)))
    for path in paths:
        code = "\n".join(sh_code(path)) if os.path.exists(path) else ""
        for m in re.finditer(r"\bstruct\s+([A-Za-z_]\w*)\s*\{([^{}]*)\}", code):
            for decl in m.group(2).split(";"):
                d = re.sub(r"\[[^]]*\]", "", decl).strip()
                f = re.search(r"([A-Za-z_]\w*)\s*(:\s*\d+)?$", d)
                if f and "(" not in d:
                    out[(m.group(1), f.group(1))] = d[:f.start(1)].strip()
    sh_text_fields_memo[file] = out
    return out

def sh_canonical(t, file):
    """One name for a struct whether named by tag or typedef."""
    return sh_typedefs.get((file, t), t)

def sh_param_type(file, fn, k):
    """The struct a parameter points at: its declared type, or for a
    `void *` the type of the local that takes its value (`struct settings
    *s = arg;`)."""
    h = sh_fn_header(file, fn)
    if h is None or k >= len(h[0]):
        return None
    (name, decl) = h[0][k]
    t = sh_type_name(file, decl)
    if t != "void":
        return t
    for ((f, g, v), lst) in sh_binds.items():
        if f != file or g != fn or len(lst) != 1:
            continue
        e = sh_parse(lst[0][1])
        while e[0] == "cast":
            e = e[1]
        if e == ("id", name) and (file, fn, v) in sh_local_pos:
            m = re.search(r"([A-Za-z_][\w\s]*?)\s*\*\s*%s\b" % re.escape(v), sh_line(file, sh_local_pos[(file, fn, v)][0]))
            if m:
                return sh_type_name(file, m.group(1) + " x")
    return None

def sh_lock_name(d, file):
    """A lock named by the variable it is in (`journal.mu`,
    `accounts[].mu`), or, reached through a parameter, by its class: the
    struct type that holds it and its field (`struct conn.lock`)."""
    (root, path) = d
    steps = "".join(s if s in ("[]",) else ("." + s if s != "*" else "") for s in path)
    if root[0] == "g":
        return root[1] + steps
    if root[0] == "l":
        return "%s:%s%s" % (root[1], root[2], steps)
    t = sh_param_type(file, root[1], root[2])
    fields = [s for s in path if s not in ("*", "[]")]
    if t is None or not fields:
        return None
    for f in fields[:-1]:
        ft = sh_field_type(file, t, f)
        if ft is None:
            return None
        t = sh_type_name(file, str(ft) + " x")
        if t is None:
            return None
    return "struct %s.%s" % (sh_canonical(t, file), fields[-1])

# spin-on-shared-variable ----------------------------------------------------

sh_spin_reads = set()
sh_reported = set()
for lp in sh_loops:
    if lp.file not in sh_threaded:
        continue
    span = sh_span(lp)
    if span is None:
        continue
    cstart, cend, bend = span
    calls = [c for (c, pc) in sh_calls if pc.file == lp.file and sh_within(pc, cstart, bend)]
    # a loop that only waits, or a poll: it does other work too (prints
    # progress), and sleeps or yields between tests
    waits = all(sh_idle_call(c, lp.file) for c in calls)
    if not waits and not any(c in SH_SLEEPS for c in calls):
        continue
    written = set(v for (v, pw) in sh_lwrites if pw.file == lp.file and sh_within(pw, cstart, bend))
    for (k, a) in sorted(sh_acc.items()):
        key, p = a[0], a[2]
        if p.file != lp.file or not sh_within(p, cstart, cend) or k in sh_addr or k in sh_writes:
            continue
        if not waits and any(b[0] == key and kb in sh_addr and sh_within(b[2], cstart, bend)
                             for (kb, b) in sh_acc.items()):
            continue
        if sh_is_held(k, a):
            continue
        if not sh_judged(key):
            continue
        if key[0] == "g" and key[1] in written:
            continue
        if sh_base_names(a[3]) & written:
            continue
        if sh_conjunct_names(lp.file, cstart, cend, p) & written:
            continue
        body_writes = [b for (kb, b) in sh_acc.items() if b[0] == key and kb in sh_writes
                       and b[2].file == lp.file and sh_within(b[2], cstart, bend)]
        if body_writes:
            continue
        if any(c for c in calls if (lp.file, c) in sh_defs and sh_fn_writes(c, lp.file, key)):
            continue
        writers = sorted(set(b[2].current_element for (kb, b) in sh_acc.items()
                             if b[0] == key and kb in sh_writes and b[2].file == lp.file
                             and b[2].current_element != lp.current_element and not sh_exempt(b)))
        if not writers:
            continue
        sh_spin_reads.add(k)
        if (p.file, p.line) in sh_reported:
            continue
        sh_reported.add((p.file, p.line))
        t = sh_var_type(key)[0]
        coccilib.report.print_report(p,
            "this loop %s for '%s' (%s, not atomic) to change, and %s() writes it in another thread: a data race, the loop may never see the write and nothing orders what the write announces; use an atomic with acquire/release, or a condition variable [spin-on-shared-variable]"
            % ("waits" if waits else "polls, sleeping between tests,", sh_name(a), str(t).strip(), "() or ".join(writers[:3])))

# unguarded-read ---------------------------------------------------------------

sh_by_key = {}
for (k, a) in sh_acc.items():
    if a[2].file in sh_threaded and k not in sh_addr and sh_judged(a[0]) and not sh_exempt(a):
        sh_by_key.setdefault(a[0], []).append((k, a))

for (key, accs) in sorted(sh_by_key.items()):
    writes = [(k, a) for (k, a) in accs if k in sh_writes]
    if not writes or not all(sh_is_held(k, a, True) for (k, a) in writes):
        continue
    writer_fns = sorted(set(a[2].current_element for (k, a) in writes))
    for (k, a) in sorted(accs):
        p = a[2]
        if k in sh_writes or k in sh_spin_reads or sh_is_held(k, a):
            continue
        others = [w for w in writer_fns if w != p.current_element]
        if not others or (p.file, p.line, "ur") in sh_reported:
            continue
        sh_reported.add((p.file, p.line, "ur"))
        coccilib.report.print_report(p,
            "'%s' is read here with no lock held, but every write to it holds a lock (in %s()): another thread may be writing it now (a data race); take the same lock to read it, or make it atomic [unguarded-read]"
            % (sh_name(a), "(), ".join(others[:3])))

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

def sh_if_condition(text):
    """The condition of the `if (...)` that text ends with, or None."""
    t = text.rstrip()
    if not t.endswith(")"):
        return None
    depth, i = 0, len(t) - 1
    while i >= 0:
        depth += t[i] == ")"
        depth -= t[i] == "("
        if depth == 0:
            break
        i -= 1
    if i < 0 or not re.search(r"\bif\s*$", t[:i]):
        return None
    return t[i + 1:-1]

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
