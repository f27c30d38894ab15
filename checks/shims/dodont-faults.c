/* dodont-faults.so: make the Nth call of one function fail, as it can.
 *
 * DODONT_FAULT=FUNCTION:NTH[:ERRNO] fails the NTH call of FUNCTION with ERRNO
 * (pthread_create returns it; malloc and calloc return NULL; the system
 * calls return -1 with errno set). DODONT_FAULT=kill-child:NTH kills the NTH
 * forked child with SIGKILL as soon as it starts: a worker process crashed.
 * The shim says what it injected on stderr, so a run where the fault never
 * fired is told apart from one where the program handled it.
 *
 * Hand-written because libfiu, Debian's fault injector, has no point for
 * pthread_create and crashes TSan builds (measured here). */
#include "census.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <sys/socket.h>

static char target[32];		/* the function to fail */
static long nth;		/* which call fails, counting from 1 */
static int injected_errno = EIO;
static atomic_long calls;

/* The errno named, by glibc's own names (what dodont's header check
 * accepts too); 0 when there is none. */
static int errno_named(const char *name)
{
	for (int e = 1; e < 200; e++) {
		const char *n = strerrorname_np(e);
		if (n && strcmp(n, name) == 0)
			return e;
	}
	return 0;
}

__attribute__((constructor)) static void faults_start(void)
{
	/* a constructor runs before main, before any thread can exist */
	const char *spec = getenv("DODONT_FAULT"); // NOLINT(concurrency-mt-unsafe)
	if (!spec)
		return;
	size_t n = strcspn(spec, ":");
	if (n >= sizeof target || spec[n] != ':')
		return;
	memcpy(target, spec, n);
	nth = atol(spec + n + 1);
	/* without an ERRNO, the error the function fails with for real */
	if (strcmp(target, "malloc") == 0 || strcmp(target, "calloc") == 0)
		injected_errno = ENOMEM;
	else if (strcmp(target, "pthread_create") == 0 || strcmp(target, "fork") == 0)
		injected_errno = EAGAIN;
	const char *err = strchr(spec + n + 1, ':');
	if (err && errno_named(err + 1))
		injected_errno = errno_named(err + 1);
}

/* True when this call of name is the one to fail; says so once. */
static bool fail_now(const char *name)
{
	if (nth <= 0 || strcmp(name, target) != 0)
		return false;
	if (atomic_fetch_add(&calls, 1) + 1 != nth)
		return false;
	char line[128];
	(void)snprintf(line, sizeof line, "[dodont-faults] injected %s into %s call #%ld\n",
		 strerrorname_np(injected_errno), name, nth);
	shim_say(line);
	return true;
}

#define FAIL_SYSCALL(name) \
	if (fail_now(#name)) { \
		errno = injected_errno; \
		return -1; \
	}

int pthread_create(pthread_t *t, const pthread_attr_t *attr,
		   void *(*fn)(void *), void *arg)
{
	REAL(pthread_create);
	if (fail_now("pthread_create"))
		return injected_errno;
	return real_pthread_create(t, attr, fn, arg);
}

/* glibc's own allocator entry points: dlsym may itself allocate, so the
 * wrappers cannot look malloc up with dlsym. */
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);

void *malloc(size_t n)
{
	if (fail_now("malloc")) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
	if (fail_now("calloc")) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_calloc(n, size);
}

ssize_t write(int fd, const void *buf, size_t n)
{
	REAL(write);
	FAIL_SYSCALL(write);
	return real_write(fd, buf, n);
}

ssize_t read(int fd, void *buf, size_t n)
{
	REAL(read);
	FAIL_SYSCALL(read);
	return real_read(fd, buf, n);
}

int open(const char *path, int flags, ...)
{
	REAL(open);
	mode_t mode;
	OPEN_MODE(flags, mode);
	FAIL_SYSCALL(open);
	return real_open(path, flags, mode);
}

int socket(int domain, int type, int protocol)
{
	REAL(socket);
	FAIL_SYSCALL(socket);
	return real_socket(domain, type, protocol);
}

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	REAL(connect);
	FAIL_SYSCALL(connect);
	return real_connect(fd, addr, len);
}

int accept(int fd, struct sockaddr *addr, socklen_t *len)
{
	REAL(accept);
	FAIL_SYSCALL(accept);
	return real_accept(fd, addr, len);
}

int pipe(int fds[2])
{
	REAL(pipe);
	FAIL_SYSCALL(pipe);
	return real_pipe(fds);
}

pid_t fork(void)
{
	REAL(fork);
	FAIL_SYSCALL(fork);
	bool kill_it = strcmp(target, "kill-child") == 0 &&
		       atomic_fetch_add(&calls, 1) + 1 == nth;
	pid_t pid = real_fork();
	if (pid == 0 && kill_it)
		(void)raise(SIGKILL);	/* the worker dies before doing anything */
	if (pid > 0 && kill_it) {
		char line[96];
		(void)snprintf(line, sizeof line, "[dodont-faults] injected SIGKILL into forked "
			 "child #%ld (pid %d)\n", nth, (int)pid);
		shim_say(line);
	}
	return pid;
}
