/* group_watch.c: a program's threads, read from /proc (see group_watch.h). */
#include "group_watch.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Linux x86-64 system call numbers and futex commands, as /proc shows them. */
enum {
	NR_READ = 0, NR_WRITE = 1, NR_POLL = 7, NR_PREAD64 = 17, NR_READV = 19,
	NR_WRITEV = 20, NR_NANOSLEEP = 35, NR_ACCEPT = 43, NR_SENDTO = 44,
	NR_RECVFROM = 45, NR_SENDMSG = 46, NR_RECVMSG = 47, NR_WAIT4 = 61,
	NR_FUTEX = 202, NR_EPOLL_WAIT = 232, NR_CLOCK_NANOSLEEP = 230,
	NR_WAITID = 247, NR_PPOLL = 271, NR_EPOLL_PWAIT = 281, NR_ACCEPT4 = 288,
	NR_EPOLL_PWAIT2 = 441,
	FUTEX_CMD_MASK = 0x7f, FUTEX_WAIT_CMD = 0, FUTEX_LOCK_PI_CMD = 6,
	FUTEX_WAIT_BITSET_CMD = 9, FUTEX_WAIT_REQUEUE_PI_CMD = 11,
	FUTEX_LOCK_PI2_CMD = 13,
};

static ssize_t read_small(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, len - 1);
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

/* What an fd of process pid is: "pipe:[...]", "socket:[...]", ... */
static bool fd_is(pid_t pid, long fd, const char *kind)
{
	char path[64], target[128];
	(void)snprintf(path, sizeof path, "/proc/%d/fd/%ld", (int)pid, fd);
	ssize_t n = readlink(path, target, sizeof target - 1);
	if (n <= 0)
		return false;
	target[n] = '\0';
	return strncmp(target, kind, strlen(kind)) == 0;
}

/* A pipe or a socket: only the program's own threads and processes (or a
 * peer that is equally stuck) can make it ready. */
static bool internal_fd(pid_t pid, long fd)
{
	return fd_is(pid, fd, "pipe:") || fd_is(pid, fd, "socket:");
}

/* Every fd an epoll instance watches is a pipe or a socket. */
static bool epoll_internal(pid_t pid, long epfd)
{
	char path[64], info[8192];
	(void)snprintf(path, sizeof path, "/proc/%d/fdinfo/%ld", (int)pid, epfd);
	if (read_small(path, info, sizeof info) <= 0)
		return false;
	for (const char *s = info; (s = strstr(s, "tfd:")); s++)
		if (!internal_fd(pid, strtol(s + 4, NULL, 10)))
			return false;
	return true;
}

/* Every fd in a poll array (read from the process's memory) is internal. */
static bool poll_internal(pid_t pid, unsigned long addr, unsigned long nfds)
{
	if (nfds == 0 || nfds > 1024)
		return false;
	char path[64];
	(void)snprintf(path, sizeof path, "/proc/%d/mem", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	struct pollfd *fds = calloc(nfds, sizeof *fds);
	bool ok = fds && pread(fd, fds, nfds * sizeof *fds, (off_t)addr) ==
				 (ssize_t)(nfds * sizeof *fds);
	close(fd);
	for (unsigned long i = 0; ok && i < nfds; i++)
		ok = fds[i].fd < 0 || internal_fd(pid, fds[i].fd);
	free(fds);
	return ok;
}

enum wait_class { BUSY, FOR_GOOD, RUNTIME_SLEEPER };

/* True when pc lies in the process's own executable (not a library). */
static bool in_executable(pid_t pid, unsigned long pc)
{
	char path[64], exe[PATH_MAX];
	(void)snprintf(path, sizeof path, "/proc/%d/exe", (int)pid);
	ssize_t n = readlink(path, exe, sizeof exe - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	(void)snprintf(path, sizeof path, "/proc/%d/maps", (int)pid);
	FILE *maps = fopen(path, "re");
	if (!maps)
		return false;
	char line[PATH_MAX + 128];
	bool inside = false;
	while (!inside && fgets(line, sizeof line, maps)) {
		unsigned long lo, hi;
		char *file = strchr(line, '/');
		if (file && sscanf(line, "%lx-%lx", &lo, &hi) == 2 && pc >= lo && pc < hi) {
			file[strcspn(file, "\n")] = '\0';
			inside = strcmp(file, exe) == 0;
		}
	}
	(void)fclose(maps);
	return inside;
}

/* The call a sleeping thread waits in, as /proc/PID/task/TID/syscall gives
 * it: "NR ARG1 ... ARG6 SP PC". */
static enum wait_class classify(pid_t pid, const char *syscall_line, bool skip_runtime)
{
	unsigned long nr, a[6], sp, pc;
	if (sscanf(syscall_line, "%lu %lx %lx %lx %lx %lx %lx %lx %lx", &nr, &a[0], &a[1],
		   &a[2], &a[3], &a[4], &a[5], &sp, &pc) != 9)
		return BUSY;
	switch (nr) {
	case NR_FUTEX: {
		unsigned long cmd = a[1] & FUTEX_CMD_MASK;
		bool waits = cmd == FUTEX_WAIT_CMD || cmd == FUTEX_WAIT_BITSET_CMD ||
			     cmd == FUTEX_LOCK_PI_CMD || cmd == FUTEX_LOCK_PI2_CMD ||
			     cmd == FUTEX_WAIT_REQUEUE_PI_CMD;
		return waits && a[3] == 0 ? FOR_GOOD : BUSY;
	}
	case NR_WAIT4:
	case NR_WAITID:
		return FOR_GOOD;
	case NR_READ: case NR_WRITE: case NR_PREAD64: case NR_READV: case NR_WRITEV:
	case NR_ACCEPT: case NR_ACCEPT4: case NR_SENDTO: case NR_RECVFROM:
	case NR_SENDMSG: case NR_RECVMSG:
		return internal_fd(pid, (long)a[0]) ? FOR_GOOD : BUSY;
	case NR_EPOLL_WAIT:
	case NR_EPOLL_PWAIT:
		return (int)a[3] == -1 && epoll_internal(pid, (long)a[0]) ? FOR_GOOD : BUSY;
	case NR_EPOLL_PWAIT2:
		return a[3] == 0 && epoll_internal(pid, (long)a[0]) ? FOR_GOOD : BUSY;
	case NR_POLL:
		return (int)a[2] == -1 && poll_internal(pid, a[0], a[1]) ? FOR_GOOD : BUSY;
	case NR_PPOLL:
		return a[2] == 0 && poll_internal(pid, a[0], a[1]) ? FOR_GOOD : BUSY;
	case NR_NANOSLEEP:
	case NR_CLOCK_NANOSLEEP:
		return skip_runtime && in_executable(pid, pc) ? RUNTIME_SLEEPER : BUSY;
	default:
		return BUSY;	/* a sleep, a signal wait, a timer: time can end it */
	}
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	return (h ^ v) * 0x100000001b3ULL;	/* FNV-1a step */
}

static void sample_thread(pid_t pid, long tid, bool timers, bool skip_runtime,
			  struct group_sample *s)
{
	char path[96], buf[1024];
	(void)snprintf(path, sizeof path, "/proc/%d/task/%ld/stat", (int)pid, tid);
	if (read_small(path, buf, sizeof buf) <= 0)
		return;
	char *rp = strrchr(buf, ')');
	char state;
	unsigned long long utime, stime;
	/* after comm: state ppid pgrp session tty tpgid flags minflt cminflt
	 * majflt cmajflt utime stime */
	if (!rp || sscanf(rp + 1, " %c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
			  &state, &utime, &stime) != 3)
		return;
	if (state == 'Z' || state == 'X')
		return;
	s->cpu_ticks += utime + stime;
	(void)snprintf(path, sizeof path, "/proc/%d/task/%ld/syscall", (int)pid, tid);
	enum wait_class c = BUSY;
	if (state == 'S' && !timers && read_small(path, buf, sizeof buf) > 0)
		c = classify(pid, buf, skip_runtime);
	if (c == RUNTIME_SLEEPER)
		return;
	s->threads++;
	s->blocked_for_good += c == FOR_GOOD;
	s->signature = mix(mix(mix(s->signature, (uint64_t)tid), (uint64_t)state),
			   (uint64_t)c);
}

static int is_number(const struct dirent *de)
{
	return de->d_name[0] >= '1' && de->d_name[0] <= '9';
}

static void sample_process(pid_t pid, bool skip_runtime, struct group_sample *s, int depth)
{
	char path[64], buf[4096];
	(void)snprintf(path, sizeof path, "/proc/%d/timers", (int)pid);
	bool timers = read_small(path, buf, sizeof buf) > 0;	/* POSIX timers armed */
	(void)snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	struct dirent **tasks;
	int n = scandir(path, &tasks, is_number, alphasort);
	for (int i = 0; i < n; i++) {
		long tid = strtol(tasks[i]->d_name, NULL, 10);
		free(tasks[i]);
		sample_thread(pid, tid, timers, skip_runtime, s);
		char children[96];
		(void)snprintf(children, sizeof children, "/proc/%d/task/%ld/children", (int)pid,
			       tid);
		if (depth < 8 && read_small(children, buf, sizeof buf) > 0)
			for (char *save, *c = strtok_r(buf, " \n", &save); c;
			     c = strtok_r(NULL, " \n", &save))
				sample_process((pid_t)atoi(c), skip_runtime, s, depth + 1);
	}
	if (n >= 0)
		free(tasks);
}

void group_sample(pid_t pid, bool skip_runtime_sleepers, struct group_sample *s)
{
	*s = (struct group_sample){ .signature = 0xcbf29ce484222325ULL };
	sample_process(pid, skip_runtime_sleepers, s, 0);
	s->frozen = s->threads > 0 && s->blocked_for_good == s->threads;
}
