// signals.cocci: signals and fork in programs that create threads.
// Options: --no-includes --macro-file cocci-macros.h
// Confidence: high (signal-in-threads), moderate (fork-without-exec,
// signal-unsafe-call)
//
// A file "creates threads" when it calls pthread_create or thrd_create.
// Function calls are followed through the functions defined in the same
// file: a call to a local function is judged by the calls that function
// makes (transitively); a call to any other function is judged by name
// against POSIX.1-2017's list of async-signal-safe functions (2.4.3) plus
// the exec family and lock-free C11 atomics.  UPPER_CASE callees are taken
// for macros and not judged.
//
// Rules in this file (each message ends with its rule id in brackets):
//
// signal-in-threads  CERT CON37-C "Do not call signal() in a multithreaded
//   program".  Matches every call of signal() in a file that creates
//   threads; use sigaction(), or block the signal and sigwait() in a thread.
//   Limits: threads created only in another translation unit are not seen.
//
// fork-without-exec  seed "Don't mix sync and async carelessly" (fork in a
//   threaded program; POSIX: after fork the child of a multithreaded process
//   may call only async-signal-safe functions until it calls exec).  Matches
//   fork() in a file that creates threads when the child's code (the branch
//   of `if (pid == 0)`, `if (!pid)`, the else branch of `if (pid > 0)` /
//   `if (pid != 0)` / `if (pid)`, `if ((pid = fork()) == 0)`,
//   `if (fork() == 0)`, `switch (fork()) { case 0: ... }`) makes a call that
//   is not async-signal-safe before any exec, or when the result of fork()
//   is ignored (`fork();`, both processes run on).  Reported at the fork.
//   A child that runs only dup2/close/setpgid/sigprocmask/... and then an
//   exec function is accepted.
//   Limits: the child's code must be in the same function as the fork.
//
// signal-unsafe-call  CERT SIG30-C "Call only asynchronous-safe functions
//   within signal handlers", for handlers installed with sigaction() (the
//   clang-tidy check bugprone-signal-handler follows only signal()).
//   Handlers are the functions assigned to sa_handler / sa_sigaction (by
//   assignment or designated initializer).  Matches each call, in the
//   handler or in a local function it calls, of a function that is not
//   async-signal-safe.  A handler that only sets a volatile sig_atomic_t,
//   or writes to a self-pipe, is clean; so is an assert() (only a failing
//   one calls unsafe functions, and it ends the process).
//   Limits: handlers reached through function pointers or installed through
//   a wrapper taking the handler as an argument are not followed; a macro
//   call in a handler is not judged.

virtual report
virtual org

@initialize:python@
@@

SG_SAFE = set("""
_Exit _exit abort accept access aio_error aio_return aio_suspend alarm bind
cfgetispeed cfgetospeed cfsetispeed cfsetospeed chdir chmod chown
clock_gettime close connect creat dup dup2 execl execle execv execve
faccessat fchdir fchmod fchmodat fchown fchownat fcntl fdatasync fexecve
ffs fork fstat fstatat fsync ftruncate futimens getegid geteuid getgid
getgroups getpeername getpgrp getpid getppid getsockname getsockopt getuid
htonl htons kill link linkat listen longjmp lseek lstat memccpy memchr memcmp
memcpy memmove memset mkdir mkdirat mkfifo mkfifoat mknod mknodat ntohl ntohs
open openat pause pipe poll posix_trace_event pselect pthread_kill
pthread_self pthread_sigmask raise read readlink readlinkat recv recvfrom
recvmsg rename renameat rmdir select sem_post send sendmsg sendto setgid
setpgid setsid setsockopt setuid shutdown sigaction sigaddset sigdelset
sigemptyset sigfillset sigismember siglongjmp signal sigpause sigpending
sigprocmask sigqueue sigset sigsuspend sleep sockatmark socket socketpair
stat stpcpy stpncpy strcat strchr strcmp strcpy strcspn strlen strncat
strncmp strncpy strnlen strpbrk strrchr strspn strstr strtok_r symlink
symlinkat tcdrain tcflow tcflush tcgetattr tcgetpgrp tcsendbreak tcsetattr
tcsetpgrp time timer_getoverrun timer_gettime timer_settime times umask
uname unlink unlinkat utime utimensat utimes wait waitpid wcpcpy wcpncpy
wcscat wcschr wcscmp wcscpy wcscspn wcslen wcsncat wcsncmp wcsncpy wcsnlen
wcspbrk wcsrchr wcsspn wcsstr wcstok wmemchr wmemcmp wmemcpy wmemmove wmemset
write pipe2 dup3 accept4 ppoll getentropy
atomic_store atomic_store_explicit atomic_load atomic_load_explicit
atomic_exchange atomic_exchange_explicit atomic_fetch_add
atomic_fetch_add_explicit atomic_fetch_sub atomic_fetch_sub_explicit
atomic_fetch_or atomic_fetch_or_explicit atomic_fetch_and
atomic_fetch_and_explicit atomic_fetch_xor atomic_fetch_xor_explicit
atomic_compare_exchange_strong atomic_compare_exchange_strong_explicit
atomic_compare_exchange_weak atomic_compare_exchange_weak_explicit
atomic_flag_test_and_set atomic_flag_test_and_set_explicit atomic_flag_clear
atomic_flag_clear_explicit atomic_signal_fence atomic_thread_fence
""".split())

SG_EXEC = set("execl execle execlp execv execve execvp execvpe fexecve".split())

# assert: only a failing assertion calls functions that are not
# async-signal-safe, and then it ends the process (NDEBUG removes it)
SG_CHECKS = set(["assert"])

sg_calls = {}        # (file, function) -> [(callee, position)]
sg_handlers = []     # (file, handler name)
sg_forks = []        # (fork position, callee, call position or None)
sg_fork_sites = []   # (fork position, variable)
sg_children = []     # (test position, variable, callee, call position)
sg_execs = []        # exec call positions

def sg_pos(p):
    return (p.file, int(p.line), int(p.column))

def sg_local_unsafe(f, name, seen):
    """First unsafe external call reached from local function name, or None."""
    if (f, name) in seen:
        return None
    seen.add((f, name))
    for (callee, pos) in sg_calls.get((f, name), []):
        bad = sg_unsafe(f, callee, pos, seen)
        if bad:
            return bad
    return None

def sg_unsafe(f, callee, pos, seen):
    """(callee, position) of the unsafe call behind this call, or None."""
    if callee in SG_SAFE or callee in SG_EXEC or callee in SG_CHECKS or callee.upper() == callee:
        return None
    if (f, callee) in sg_calls or (f, callee) in sg_defined:
        inner = sg_local_unsafe(f, callee, seen)
        return inner
    return (callee, pos)

sg_defined = set()   # (file, function) defined in the file
sg_def_at = []       # ((file, line, col), function) of each definition
sg_all_calls = []    # (callee, position) of each call

def sg_build_calls():
    """Files sg_calls: each call under the function defined last before it."""
    if sg_calls or not sg_all_calls:
        return
    defs = sorted(sg_def_at)
    for (callee, pc) in sg_all_calls:
        where = sg_pos(pc)
        owner = None
        for (pos, fn) in defs:
            if pos[0] == where[0] and pos <= where:
                owner = fn
        if owner is not None:
            sg_calls.setdefault((pc.file, owner), []).append((callee, pc))

// ------------------------------------------------------------- call graph

@sg_def exists@
identifier fn;
position q;
@@

fn@q(...) { ... }

@script:python@
fn << sg_def.fn;
q << sg_def.q;
@@

sg_defined.add((q[0].file, fn))
sg_def_at.append((sg_pos(q[0]), fn))

// Every call; it belongs to the function defined last before it (C has no
// nested functions), which is much cheaper to find than matching each body.
@sg_call@
identifier callee;
position pc;
@@

callee@pc(...)

@script:python@
callee << sg_call.callee;
pc << sg_call.pc;
@@

sg_all_calls.append((callee, pc[0]))

// ------------------------------------------------------- signal-in-threads

@sg_threads@
identifier create = {pthread_create, thrd_create};
@@

create(...)

@sg_signal depends on sg_threads@
position p;
@@

signal@p(...)

@script:python depends on report@
p << sg_signal.p;
@@

coccilib.report.print_report(p[0],
    "signal() in a program that creates threads: its behaviour is undefined there; use sigaction(), or block the signal and sigwait() in one thread [signal-in-threads]")

// ------------------------------------------------------- fork-without-exec

// Fork sites: the variable that holds the result, and where.
@sg_fork depends on sg_threads@
identifier pid;
position pf;
@@

pid = fork@pf()

@script:python@
pid << sg_fork.pid;
pf << sg_fork.pf;
@@

sg_fork_sites.append((pf[0], pid))

@sg_fork_decl depends on sg_threads@
identifier pid;
position pf;
type T;
@@

T pid = fork@pf();

@script:python@
pid << sg_fork_decl.pid;
pf << sg_fork_decl.pf;
@@

sg_fork_sites.append((pf[0], pid))

// The child's branch of a test of that variable: the calls it makes.
@sg_child depends on sg_threads@
identifier pid, f;
position pb, pc;
@@

if (\(pid@pb == 0\|!pid@pb\)) { <+... f@pc(...) ...+> }

@script:python@
pid << sg_child.pid;
pb << sg_child.pb;
f << sg_child.f;
pc << sg_child.pc;
@@

sg_children.append((pb[0], pid, f, pc[0]))

@sg_child_else depends on sg_threads@
identifier pid, f;
position pb, pc;
statement S;
@@

if (\(pid@pb\|pid@pb > 0\|pid@pb != 0\)) S else { <+... f@pc(...) ...+> }

@script:python@
pid << sg_child_else.pid;
pb << sg_child_else.pb;
f << sg_child_else.f;
pc << sg_child_else.pc;
@@

sg_children.append((pb[0], pid, f, pc[0]))

// Forks tested in place.
@sg_fork_cond depends on sg_threads@
identifier f;
expression pid;
position pf, pc;
@@

if ((pid = fork@pf()) == 0) { <+... f@pc(...) ...+> }

@script:python@
pf << sg_fork_cond.pf;
f << sg_fork_cond.f;
pc << sg_fork_cond.pc;
@@

sg_forks.append((pf[0], f, pc[0]))

@sg_fork_cond_bare depends on sg_threads@
identifier f;
position pf, pc;
@@

if (fork@pf() == 0) { <+... f@pc(...) ...+> }

@script:python@
pf << sg_fork_cond_bare.pf;
f << sg_fork_cond_bare.f;
pc << sg_fork_cond_bare.pc;
@@

sg_forks.append((pf[0], f, pc[0]))

@sg_fork_switch depends on sg_threads exists@
identifier f;
expression pid;
position pf, pc;
@@

(
switch (fork@pf()) {
case 0:
  ...
  f@pc(...)
  ... when any
}
|
switch (pid = fork@pf()) {
case 0:
  ...
  f@pc(...)
  ... when any
}
)

@script:python@
pf << sg_fork_switch.pf;
f << sg_fork_switch.f;
pc << sg_fork_switch.pc;
@@

sg_forks.append((pf[0], f, pc[0]))

// Where the exec calls are: a call after an exec in the child never runs.
@sg_exec depends on sg_threads@
identifier ex = {execl, execle, execlp, execv, execve, execvp, execvpe,
                 fexecve};
position pe;
@@

ex@pe(...)

@script:python@
pe << sg_exec.pe;
@@

sg_execs.append(pe[0])

// ------------------------------------------------- handlers from sigaction

@sg_handler@
expression S;
identifier h;
type T;
position ph;
@@

(
S.sa_handler = h@ph
|
S.sa_sigaction = h@ph
|
S->sa_handler = h@ph
|
S->sa_sigaction = h@ph
|
S.sa_handler = (T)h@ph
|
S.sa_sigaction = (T)h@ph
|
S.sa_handler = &h@ph
|
S.sa_sigaction = &h@ph
)

@script:python@
h << sg_handler.h;
ph << sg_handler.ph;
@@

sg_handlers.append((ph[0].file, h))

@sg_handler_init@
identifier h, sa;
position ph;
@@

(
struct sigaction sa = { ..., .sa_handler = h@ph, ... };
|
struct sigaction sa = { ..., .sa_sigaction = h@ph, ... };
)

@script:python@
h << sg_handler_init.h;
ph << sg_handler_init.ph;
@@

sg_handlers.append((ph[0].file, h))

@finalize:python depends on report@
@@

sg_build_calls()
done = set()
for (f, h) in sorted(set(sg_handlers)):
    for (callee, pos) in sg_calls.get((f, h), []):
        bad = sg_unsafe(f, callee, pos, set([(f, h)]))
        if not bad:
            continue
        name, where = bad
        key = (where.file, where.line, where.column)
        if key in done:
            continue
        done.add(key)
        via = "" if name == callee else " (through %s())" % callee
        coccilib.report.print_report(where,
            "%s() is not async-signal-safe and runs in the signal handler %s()%s installed with sigaction [signal-unsafe-call]" % (name, h, via))

for (pb, pid, f, pc) in sg_children:
    # the nearest fork before the test that stored into the same variable
    best = None
    for (pf, v) in sg_fork_sites:
        if v == pid and pf.file == pb.file and sg_pos(pf) < sg_pos(pb):
            if best is None or sg_pos(pf) > sg_pos(best):
                best = pf
    if best is not None:
        sg_forks.append((best, f, pc))

reported = set()
for (pf, callee, pc) in sorted(sg_forks, key=lambda t: sg_pos(t[2]) if t[2] else sg_pos(t[0])):
    if pc is not None and any(pe.file == pc.file and sg_pos(pf) < sg_pos(pe) < sg_pos(pc) for pe in sg_execs):
        continue
    key = (pf.file, pf.line, pf.column)
    if key in reported:
        continue
    if callee is None:
        reported.add(key)
        coccilib.report.print_report(pf,
            "fork() in a program that creates threads, and both processes run on: the child may use only async-signal-safe functions until it calls exec [fork-without-exec]")
        continue
    bad = sg_unsafe(pf.file, callee, pc, set())
    if not bad:
        continue
    reported.add(key)
    name, where = bad
    if name == callee:
        what = "%s() (line %s)" % (name, where.line)
    else:
        what = "%s() (line %s), which calls %s() (line %s)," % (callee, pc.line, name, where.line)
    coccilib.report.print_report(pf,
        "fork() in a program that creates threads: the child calls %s before exec, but only async-signal-safe functions are allowed there; use posix_spawn, or exec at once [fork-without-exec]" % what)
