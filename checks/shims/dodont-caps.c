/* dodont-caps.so: a thread cap and an fd watch that hold even for root.
 *
 * Root ignores RLIMIT_NPROC, so the thread cap is enforced here, in
 * pthread_create itself: with DODONT_THREAD_CAP=N, a creation that would make
 * more than N live threads (main included) fails with EAGAIN, exactly as the
 * kernel's limit would make it fail. The fd cap is RLIMIT_NOFILE (set by the
 * caller with prlimit; it binds root too); this shim only notices calls that
 * fail with EMFILE and keeps the highest descriptor seen. At exit it prints
 * the exact peak of live threads, which polling /proc cannot give.
 *
 * Hand-written because no Debian package caps threads for root: libfiu has
 * no pthread_create point, and cgroups may be read-only where CI runs. */
#include "census.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <sys/epoll.h>
#include <sys/socket.h>

static atomic_int live = 1, peak = 1, highest_fd = 2;
static atomic_bool thread_cap_said, fd_cap_said;
static int thread_cap;

struct start {
	void *(*fn)(void *);
	void *arg;
};

static void thread_gone(void *unused)
{
	(void)unused;
	atomic_fetch_sub(&live, 1);
}

static void *trampoline(void *p)
{
	struct start s = *(struct start *)p;
	free(p);
	void *result;
	pthread_cleanup_push(thread_gone, NULL);	/* return, exit or cancel */
	result = s.fn(s.arg);
	pthread_cleanup_pop(1);
	return result;
}

int pthread_create(pthread_t *t, const pthread_attr_t *attr,
		   void *(*fn)(void *), void *arg)
{
	REAL(pthread_create);
	int now = atomic_fetch_add(&live, 1) + 1;
	if (thread_cap && now > thread_cap) {
		atomic_fetch_sub(&live, 1);
		if (!atomic_exchange(&thread_cap_said, true)) {
			char line[96];
			(void)snprintf(line, sizeof line, "[dodont-caps] thread cap %d exceeded: "
				 "pthread_create failed with EAGAIN\n", thread_cap);
			shim_say(line);
		}
		return EAGAIN;
	}
	for (int p = atomic_load(&peak); now > p && !atomic_compare_exchange_weak(&peak, &p, now);)
		;
	struct start *s = malloc(sizeof *s);
	if (!s) {
		atomic_fetch_sub(&live, 1);
		return EAGAIN;
	}
	*s = (struct start){ fn, arg };
	int rc = real_pthread_create(t, attr, trampoline, s);
	if (rc != 0) {
		free(s);
		atomic_fetch_sub(&live, 1);
	}
	return rc;
}

/* Every call that makes a descriptor goes through here after the real one. */
static int watch_fd(int fd, const char *call)
{
	int err = errno;
	if (fd >= 0) {
		for (int h = atomic_load(&highest_fd);
		     fd > h && !atomic_compare_exchange_weak(&highest_fd, &h, fd);)
			;
	} else if (err == EMFILE && !atomic_exchange(&fd_cap_said, true)) {
		char line[96];
		(void)snprintf(line, sizeof line, "[dodont-caps] fd cap exceeded: %s failed "
			 "with EMFILE\n", call);
		shim_say(line);
	}
	errno = err;
	return fd;
}

int socket(int domain, int type, int protocol)
{
	REAL(socket);
	return watch_fd(real_socket(domain, type, protocol), "socket()");
}

int accept(int fd, struct sockaddr *addr, socklen_t *len)
{
	REAL(accept);
	return watch_fd(real_accept(fd, addr, len), "accept()");
}

int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
	REAL(accept4);
	return watch_fd(real_accept4(fd, addr, len, flags), "accept4()");
}

int open(const char *path, int flags, ...)
{
	REAL(open);
	mode_t mode;
	OPEN_MODE(flags, mode);
	return watch_fd(real_open(path, flags, mode), "open()");
}

int pipe(int fds[2])
{
	REAL(pipe);
	int rc = real_pipe(fds);
	return watch_fd(rc == 0 ? fds[1] : -1, "pipe()") < 0 ? -1 : 0;
}

int pipe2(int fds[2], int flags)
{
	REAL(pipe2);
	int rc = real_pipe2(fds, flags);
	return watch_fd(rc == 0 ? fds[1] : -1, "pipe2()") < 0 ? -1 : 0;
}

int epoll_create1(int flags)
{
	REAL(epoll_create1);
	return watch_fd(real_epoll_create1(flags), "epoll_create1()");
}

int dup(int fd)
{
	REAL(dup);
	return watch_fd(real_dup(fd), "dup()");
}

__attribute__((constructor)) static void caps_start(void)
{
	/* a constructor runs before main, before any thread can exist */
	const char *cap = getenv("DODONT_THREAD_CAP"); // NOLINT(concurrency-mt-unsafe)
	thread_cap = cap ? atoi(cap) : 0;
}

__attribute__((destructor)) static void caps_report(void)
{
	if (getpid() != census_owner)
		return;
	char line[96];
	(void)snprintf(line, sizeof line, "[dodont-caps] peak threads %d, highest fd %d\n",
		 atomic_load(&peak), atomic_load(&highest_fd));
	shim_say(line);
}
