/* exec.c: run one program under the watchdog (see exec.h).
 *
 * dodont is multithreaded, so children are started with posix_spawn, never
 * with a bare fork (the lesson of fork-with-threads). The timeout waits on a
 * pidfd, which cannot confuse our child with a recycled pid. */
#include "exec.h"

#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Lists up to max pids whose process group is pgid, the leader first. */
static int group_members(pid_t pgid, pid_t *pids, int max)
{
	int n = 0;
	DIR *d = opendir("/proc");
	if (!d)
		return 0;
	for (struct dirent *de; n < max && (de = readdir(d));) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);
		if (*end || pid <= 0)
			continue;
		char path[64], buf[512];
		snprintf(path, sizeof path, "/proc/%ld/stat", pid);
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
		if (pid == pgid && n > 0) {	/* leader first */
			pids[n] = pids[0];
			pids[0] = (pid_t)pid;
		} else {
			pids[n] = (pid_t)pid;
		}
		n++;
	}
	closedir(d);
	return n;
}

static int spawn_logged(pid_t *pid, char *const argv[], char *const envp[],
			int logfd, pid_t pgroup)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, all;
	int rc = posix_spawn_file_actions_init(&fa);
	if (rc)
		return rc;
	rc = posix_spawnattr_init(&attr);
	if (rc) {
		posix_spawn_file_actions_destroy(&fa);
		return rc;
	}
	sigemptyset(&none);
	sigfillset(&all);
	if (!rc)
		rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (!rc)
		rc = posix_spawn_file_actions_adddup2(&fa, logfd, 1);
	if (!rc)
		rc = posix_spawn_file_actions_adddup2(&fa, logfd, 2);
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
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
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
		snprintf(pidarg, sizeof pidarg, "%d", (int)pids[i]);
		dprintf(fd, "== process %s ==\n", pidarg);
		char *const argv[] = { "gdb", "-nx", "-batch", "-p", pidarg,
				       "-ex", "set pagination off",
				       "-ex", "thread apply all bt", NULL };
		pid_t gdb;
		int status;
		if (spawn_logged(&gdb, argv, env, fd, 0) != 0)
			break;
		if (wait_exit(gdb, 20, &status) == 0) {
			kill(gdb, SIGKILL);
			waitpid(gdb, &status, 0);
		}
	}
	close(fd);
}

int exec_run(char *const argv[], char *const envp[], const char *log_path,
	     double timeout, const char *bt_path, struct exec_result *r,
	     char *err, size_t errlen)
{
	char eb[128];
	*r = (struct exec_result){ 0 };
	int logfd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (logfd < 0) {
		snprintf(err, errlen, "cannot write %s: %s", log_path,
			 errstr(errno, eb, sizeof eb));
		return -1;
	}
	double start = now_seconds();
	pid_t pid;
	int rc = spawn_logged(&pid, argv, envp, logfd, 0);
	close(logfd);
	if (rc) {
		snprintf(err, errlen, "cannot start %s: %s", argv[0],
			 errstr(rc, eb, sizeof eb));
		return -1;
	}
	int waited = wait_exit(pid, timeout, &r->status);
	if (waited == 0) {
		r->timed_out = true;
		if (bt_path)
			backtraces(pid, bt_path);
		kill(-pid, SIGKILL);
		if (wait_exit(pid, -1, &r->status) < 0) {
			snprintf(err, errlen, "waitpid: %s", errstr(errno, eb, sizeof eb));
			return -1;
		}
	} else if (waited < 0) {
		snprintf(err, errlen, "waitpid: %s", errstr(errno, eb, sizeof eb));
		kill(-pid, SIGKILL);
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
	return 0;
}
