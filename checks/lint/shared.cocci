// shared.cocci: variables that threads share without the synchronisation
// they need; and the facts that model.cocci, races.cocci, deadlock.cocci
// and routines.cocci read too.
// Options: --no-includes --macro-file cocci-macros.h (dodont lint also joins
// model.cocci, whose definitions these rules use)
// Confidence: high (spin-on-shared-variable), moderate (unguarded-read)
//
// The rules look at the shared variables of one file: variables declared
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

// ------------------------------------------------------- reading the facts

@initialize:python@
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

def sh_closure(direct):
    """The functions of the file that call one of direct, or a function of
    the file that does (transitively)."""
    result = set((p.file, p.current_element) for (c, p) in sh_calls if c in direct)
    changed = True
    while changed:
        changed = False
        for (c, pc) in sh_calls:
            if (pc.file, c) in result and (pc.file, pc.current_element) not in result:
                result.add((pc.file, pc.current_element))
                changed = True
    return result

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

def sh_only_called(pred):
    """The functions of the file every call of which satisfies pred (or
    is in such a function)."""
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

sh_prepared = []

def sh_prepare():
    """Reads, once, what every rule of the files below needs: which
    accesses and calls are under a lock, which functions run before the
    threads or after the joins, where each thread is started."""
    global sh_call_pos, sh_unknown, sh_loopspans, sh_creators, sh_joiners
    global sh_pre_fns, sh_post_fns, sh_held_fns, sh_single, sh_threaded, sh_sites
    if sh_prepared:
        return
    sh_prepared.append(True)
    # functions called through a pointer from places the file does not show
    # (a callback table, atexit): whether their callers hold a lock is
    # unknown, so they are taken to; thread start routines are known to
    # start with none
    sh_call_pos = set(sh_key(pc) for (c, pc) in sh_calls)
    sh_unknown = set((p.file, n) for (n, p) in sh_fnrefs
                     if sh_key(p) not in sh_call_pos and (p.file, n) not in sh_routines)
    sh_add_semaphore_locks()
    sh_add_bitfields()
    sh_mark_held()
    # functions that release a lock no earlier line of theirs takes: they
    # are called holding it
    for (pu, args) in sh_unlocks:
        if not any(pl.file == pu.file and pl.current_element == pu.current_element and a == args
                   and (int(pl.line), int(pl.column)) < (int(pu.line), int(pu.column))
                   for (pl, a) in sh_locks):
            sh_entered.add((pu.file, pu.current_element))
    sh_loopspans = sh_loop_spans()
    sh_mark_held_before_release()
    # functions that create or join threads, directly or through the
    # functions of the file they call
    sh_creators = sh_closure(("pthread_create", "thrd_create"))
    sh_joiners = sh_closure(("pthread_join", "thrd_join"))
    # functions called only before threads exist, or only after the joins,
    # or only under a lock
    sh_pre_fns = sh_only_called(sh_pre_thread_pos)
    sh_post_fns = sh_only_called(sh_post_join_pos)
    sh_held_fns = sh_only_called(lambda pc: sh_key(pc) in sh_held
                                 or (pc.file, pc.current_element) in sh_entered
                                 or (pc.file, pc.current_element) in sh_unknown)
    # a program whose main() is in the file, and which starts no thread in
    # it, runs one thread (as far as the file shows): nothing there is shared
    sh_single = set(f for (f, fn) in sh_defs if fn == "main"
                    and not any(cf == f for (cf, cfn) in sh_creators))
    sh_threaded -= sh_single
    sh_sites = sh_start_sites()

// ---------------------------------------------------------------- judging

@finalize:python depends on report@
@@

sh_prepare()

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
