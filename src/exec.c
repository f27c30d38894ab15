/* exec.c: run one program under the watchdog (see exec.h).
 *
 * dodont is multithreaded, so children are started with posix_spawn, never
 * with a bare fork (the lesson of fork-with-threads). The timeout waits on a
 * pidfd, which cannot confuse our child with a recycled pid. */
#include "exec.h"

#include "cpu_budget.h"
#include "group_watch.h"
#include "thread_safety.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* live_lock guards live and nlive: the process groups of every program
 * being run. A job thread adds its program's group while it still holds the
 * lock it spawned under, so an interrupt can never miss a program that has
 * started; it removes the group once nothing of it is left. The signal
 * thread reads them when the user interrupts dodont, and keeps the lock
 * until it exits, so that nothing new starts then. */
struct live_group {
	pid_t pgid;
	char *what;	/* the program and how it runs, for the interrupt message */
};

static tsa_mutex live_lock = TSA_MUTEX_INITIALIZER;
static struct live_group *live GUARDED_BY(live_lock);
static size_t nlive GUARDED_BY(live_lock), live_cap GUARDED_BY(live_lock);

static void lock_live(void) ACQUIRE(live_lock)
{
	tsa_mutex_lock(&live_lock);
}

static void unlock_live(void) RELEASE(live_lock)
{
	tsa_mutex_unlock(&live_lock);
}

static void live_add_locked(pid_t pgid, char *const argv[]) REQUIRES(live_lock)
{
	if (nlive == live_cap) {
		live_cap = live_cap ? 2 * live_cap : 64;
		live = xrealloc(live, live_cap * sizeof *live);
	}
	/* "valgrind ... x.plain" says which tool ran what: first and last word */
	size_t last = 0;
	while (argv[last + 1])
		last++;
	live[nlive++] = (struct live_group){
		pgid, last ? xasprintf("%s %s", base_name(argv[0]), base_name(argv[last]))
			   : xstrdup(base_name(argv[0])) };
}

static void live_remove(pid_t pgid)
{
	lock_live();
	for (size_t i = 0; i < nlive; i++)
		if (live[i].pgid == pgid) {
			free(live[i].what);
			live[i] = live[--nlive];
			break;
		}
	unlock_live();
}

/* A thread, not a handler: sigwait returns in normal context, where taking
 * a mutex is allowed (the lesson of signal-safety). */
static void *interrupt_watch(void *arg)
{
	sigset_t *set = arg;
	int sig;
	if (sigwait(set, &sig) != 0)
		return NULL;
	lock_live();
	for (size_t i = 0; i < nlive; i++)
		kill(-live[i].pgid, SIGKILL);
	fprintf(stderr, "dodont: interrupted by %s: stopped %zu running program(s)%s",
		sigabbrev_np(sig) ? sigabbrev_np(sig) : "a signal", nlive, nlive ? ":" : "");
	for (size_t i = 0; i < nlive && i < 20; i++)
		fprintf(stderr, "%s %s", i ? "," : "", live[i].what);
	fprintf(stderr, "%s\n", nlive > 20 ? ", ..." : "");
	_exit(128 + sig);	/* the lock stays held: nothing may start now */
}

/* Kills every program still running; for fatal exits. Takes the live lock
 * only if it is free: the signal thread may hold it for good. */
static void kill_all_live(void)
{
	if (!tsa_mutex_trylock(&live_lock))
		return;
	for (size_t i = 0; i < nlive; i++)
		kill(-live[i].pgid, SIGKILL);
	unlock_live();
}

void exec_limit_logs(void)
{
	struct rlimit lim;
	if (getrlimit(RLIMIT_FSIZE, &lim) != 0)
		return;
	if (lim.rlim_max == RLIM_INFINITY || lim.rlim_max > (rlim_t)EXEC_LOG_LIMIT)
		lim.rlim_cur = (rlim_t)EXEC_LOG_LIMIT;
	(void)setrlimit(RLIMIT_FSIZE, &lim);	/* a lower limit already set stays */
}

void exec_guard_interrupts(void)
{
	util_before_exit(kill_all_live);
	static sigset_t set;
	int rc = sigemptyset(&set) || sigaddset(&set, SIGINT) ||
		 sigaddset(&set, SIGTERM) || sigaddset(&set, SIGHUP);
	if (rc == 0)
		rc = pthread_sigmask(SIG_BLOCK, &set, NULL);
	pthread_t t;
	if (rc == 0)
		rc = pthread_create(&t, NULL, interrupt_watch, &set);
	if (rc == 0)
		rc = pthread_detach(t);
	if (rc != 0)
		internal_error("cannot start the interrupt watcher");
}

static int is_pid(const struct dirent *de)
{
	return de->d_name[0] >= '1' && de->d_name[0] <= '9';
}

/* Counts the live processes whose process group is pgid, and lists up to
 * max of them, the leader first. */
static int group_members(pid_t pgid, pid_t *pids, int max)
{
	struct dirent **list;
	int entries = scandir("/proc", &list, is_pid, alphasort);
	if (entries < 0)
		return 0;
	int n = 0;
	for (int i = 0; i < entries; i++) {
		char *end;
		long pid = strtol(list[i]->d_name, &end, 10);
		free(list[i]);
		char path[64], buf[512];
		(void)snprintf(path, sizeof path, "/proc/%ld/stat", pid);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		ssize_t len = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (len <= 0)
			continue;
		buf[len] = '\0';
		/* pid (comm) state ppid pgrp ...; comm may hold spaces */
		char *rp = strrchr(buf, ')');
		char state;
		long ppid, pgrp;
		if (!rp || sscanf(rp + 1, " %c %ld %ld", &state, &ppid, &pgrp) != 3)
			continue;
		if (pgrp != pgid || state == 'Z')
			continue;
		if (n < max) {
			pids[n] = (pid_t)pid;
			if (pid == pgid) {	/* leader first */
				pids[n] = pids[0];
				pids[0] = (pid_t)pid;
			}
		}
		n++;
	}
	free(list);
	return n;
}

static int spawn_logged(pid_t *pid, char *const argv[], char *const envp[],
			int logfd, int errfd, pid_t pgroup)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, all;
	int rc = posix_spawn_file_actions_init(&fa);
	if (rc)
		return rc;
	rc = posix_spawnattr_init(&attr);
	if (rc) {
		(void)posix_spawn_file_actions_destroy(&fa);	/* already failing */
		return rc;
	}
	sigemptyset(&none);
	sigfillset(&all);
	if (!rc)
		rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (!rc)
		rc = posix_spawn_file_actions_adddup2(&fa, logfd, 1);
	if (!rc)
		rc = posix_spawn_file_actions_adddup2(&fa, errfd, 2);
	/* Descriptors the caller of dodont left open without close-on-exec
	 * would count against the fd cap and shift every fd the program
	 * opens: the program starts with 0, 1 and 2 only, wherever it runs. */
	if (!rc)
		rc = posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	if (!rc)
		rc = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP |
					      POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	if (!rc)
		rc = posix_spawnattr_setpgroup(&attr, pgroup);
	if (!rc)
		rc = posix_spawnattr_setsigmask(&attr, &none);
	if (!rc)
		rc = posix_spawnattr_setsigdefault(&attr, &all);
	if (!rc)
		rc = posix_spawnp(pid, argv[0], &fa, &attr, argv, envp);
	int rc_attr = posix_spawnattr_destroy(&attr);
	int rc_fa = posix_spawn_file_actions_destroy(&fa);
	return rc ? rc : rc_attr ? rc_attr : rc_fa;
}

/* Waits for pid up to timeout seconds (negative: forever). 1 when it exited,
 * 0 on timeout, -1 on error. */
static int wait_exit(pid_t pid, double timeout, int *status)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfd >= 0) {
		struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
		int ms = timeout < 0 ? -1 : (int)(timeout * 1000);
		int n;
		do
			n = poll(&pfd, 1, ms);	/* EINTR restarts the whole wait: */
		while (n < 0 && errno == EINTR);	/* fine for a watchdog */
		close(pidfd);
		if (n == 0)
			return 0;
	} else if (timeout >= 0) {
		/* no pidfd (a kernel before 5.3, or dodont under Valgrind): poll */
		const struct timespec tick = { .tv_nsec = 50 * 1000 * 1000 };
		double end = now_seconds() + timeout;
		for (;;) {
			pid_t got = waitpid(pid, status, WNOHANG);
			if (got == pid)
				return 1;
			if (got < 0 && errno != EINTR)
				return -1;
			if (now_seconds() >= end)
				return 0;
			(void)nanosleep(&tick, NULL);
		}
	}
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return 1;
}

/* Appends `thread apply all bt` of every live process of the group to path. */
static void backtraces(pid_t pgid, const char *path)
{
	pid_t pids[4];
	int n = group_members(pgid, pids, 4);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	char *const env[] = { "PATH=/usr/bin:/bin", "LC_ALL=C", NULL };
	for (int i = 0; i < n; i++) {
		char pidarg[24];
		(void)snprintf(pidarg, sizeof pidarg, "%d", (int)pids[i]);
		dprintf(fd, "== process %s ==\n", pidarg);
		char *const argv[] = { "gdb", "-nx", "-batch", "-p", pidarg,
				       "-ex", "set pagination off",
				       "-ex", "thread apply all bt", NULL };
		pid_t gdb;
		int status;
		if (spawn_logged(&gdb, argv, env, fd, fd, 0) != 0)
			break;
		if (wait_exit(gdb, 20, &status) == 0) {
			kill(gdb, SIGKILL);
			(void)waitpid(gdb, &status, 0);	/* SIGKILL: it ends */
		}
	}
	close(fd);
}

static int open_log(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		char eb[128];
		(void)snprintf(err, errlen, "cannot write %s: %s", path,
			       errstr(errno, eb, sizeof eb));
	}
	return fd;
}

/* Spawns the program in a group of its own and records the group as live
 * before anyone can interrupt in between. */
static int spawn_live(const struct exec_request *req, int logfd, int errfd, pid_t *pid)
{
	lock_live();
	int rc = spawn_logged(pid, req->argv, req->envp, logfd, errfd, 0);
	if (rc == 0)
		live_add_locked(*pid, req->argv);
	unlock_live();
	return rc;
}

enum { TICK_MS = 250 };

/* Watches the running program until it exits, outlives its timeout, or is
 * seen blocked for good for EXEC_HANG_WINDOW; gives its CPU token back while
 * it idles. Returns 1 when it exited, 0 when it must be killed, -1 on error. */
static int watch(pid_t pid, const struct exec_request *req, struct exec_result *r)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0)
		return wait_exit(pid, req->timeout, &r->status);
	double start = now_seconds(), frozen_since = -1;
	long ticks_per_second = sysconf(_SC_CLK_TCK);
	struct group_sample prev = { 0 };
	bool holding = true, have_prev = false;
	int ended = 0;
	for (;;) {
		struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
		int n = poll(&pfd, 1, TICK_MS);
		if (n > 0 || (n < 0 && errno != EINTR)) {
			ended = 1;
			break;
		}
		double now = now_seconds();
		if (now - start >= req->timeout) {
			r->busy = holding;	/* it used CPU in its last tick */
			break;
		}
		struct group_sample cur;
		group_sample(pid, req->sanitizer, &cur);
		double used = have_prev ? (double)(cur.cpu_ticks - prev.cpu_ticks) / (double)ticks_per_second
					: 1;
		/* a tick with almost no CPU: the token is someone else's; a tick
		 * with CPU again: take one, even over the budget (it runs anyway) */
		bool busy = used > 0.1 * TICK_MS / 1000.0;
		if (holding && !busy) {
			cpu_budget_give();
			holding = false;
		} else if (!holding && busy) {
			cpu_budget_force();
			holding = true;
		}
		bool still = have_prev && cur.frozen && prev.frozen &&
			     cur.cpu_ticks == prev.cpu_ticks && cur.signature == prev.signature;
		if (!still)
			frozen_since = cur.frozen ? now : -1;
		else if (req->watch_hangs && now - frozen_since >= EXEC_HANG_WINDOW) {
			r->hung = true;
			r->blocked_seconds = now - frozen_since;
			break;
		}
		prev = cur;
		have_prev = true;
	}
	close(pidfd);
	if (!holding)
		cpu_budget_force();	/* the caller gives the token back */
	if (ended && waitpid(pid, &r->status, 0) < 0)
		return -1;
	return ended;
}

int exec_watch(const struct exec_request *req, struct exec_result *r, char *err,
	       size_t errlen)
{
	char eb[128];
	*r = (struct exec_result){ 0 };
	int logfd = open_log(req->out_path, err, errlen);
	if (logfd < 0)
		return -1;
	int errfd = req->err_path ? open_log(req->err_path, err, errlen) : logfd;
	if (errfd < 0) {
		close(logfd);
		return -1;
	}
	cpu_budget_take();
	double start = now_seconds();
	pid_t pid;
	int rc = spawn_live(req, logfd, errfd, &pid);
	close(logfd);
	if (errfd != logfd)
		close(errfd);
	if (rc) {
		cpu_budget_give();
		(void)snprintf(err, errlen, "cannot start %s: %s", req->argv[0],
			       errstr(rc, eb, sizeof eb));
		return -1;
	}
	int waited = watch(pid, req, r);
	if (waited == 0) {
		r->timed_out = true;
		if (req->bt_path)
			backtraces(pid, req->bt_path);
		kill(-pid, SIGKILL);
		if (wait_exit(pid, -1, &r->status) < 0)
			waited = -1;
	}
	cpu_budget_give();
	if (waited < 0) {
		(void)snprintf(err, errlen, "waitpid: %s", errstr(errno, eb, sizeof eb));
		kill(-pid, SIGKILL);
		live_remove(pid);
		return -1;
	}
	r->seconds = now_seconds() - start;
	/* The leader is gone; whatever of its group outlives a short grace (a
	 * sanitizer's symbolizer exits once its pipe closes) was left running. */
	pid_t rest[64];
	for (int i = 0; i < 50 && !r->timed_out; i++) {
		r->leftovers = group_members(pid, rest, 64);
		if (r->leftovers == 0)
			break;
		nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000 * 1000 }, NULL);
	}
	kill(-pid, SIGKILL);
	live_remove(pid);
	return 0;
}

int exec_run(char *const argv[], char *const envp[], const char *log_path,
	     double timeout, const char *bt_path, struct exec_result *r,
	     char *err, size_t errlen)
{
	struct exec_request req = { .argv = argv, .envp = envp, .out_path = log_path,
				    .timeout = timeout, .bt_path = bt_path };
	return exec_watch(&req, r, err, errlen);
}

int exec_run_split(char *const argv[], char *const envp[], const char *out_path,
		   const char *err_path, double timeout, const char *bt_path,
		   struct exec_result *r, char *err, size_t errlen)
{
	struct exec_request req = { .argv = argv, .envp = envp, .out_path = out_path,
				    .err_path = err_path, .timeout = timeout,
				    .bt_path = bt_path };
	return exec_watch(&req, r, err, errlen);
}
