/* SPDX-License-Identifier: 0BSD */
/*
 * blocking-under-lock: the fetcher holds the lock while it waits for a slow reply
 *
 * rule: CERT POS52-C: do not perform operations that can block while holding a POSIX lock
 * hold-ms: 50
 * expect: drd long-lock-hold @hold
 * expect: lint block-in-critical-section @read
 * expect: watchdog self-check @frozen
 *
 * The fetcher (main) asks a slow peer for a reading over a socket pair and
 * stores the reply in `latest`, guarded by status_lock; the peer answers
 * REPLY_MS (300) after the request. A display thread, started once the
 * request is out, takes the lock to show `latest`.
 *
 * The fetcher waits for the reply with no lock held, and takes status_lock
 * only to store the reply it already has: the display gets the lock at once
 * and shows the previous reading. The program prints how long it waited.
 *
 * The bug: fetch takes status_lock before the request and keeps it while
 * read() waits for the peer. Nothing races, nothing deadlocks, but the
 * display, which only wants to copy a string, is frozen for REPLY_MS.
 * DRD reports the lock held about REPLY_MS (far above hold-ms) at the
 * unlock (@hold); clang's analyzer flags the read() in the critical section
 * (@read); the program's own check sees the display wait (@frozen).
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* The text of errno value err. With _GNU_SOURCE, glibc declares the GNU
 * strerror_r: it returns the text, which may be a static string, leaving buf
 * untouched. POSIX's (XSI) strerror_r fills buf and returns 0 or an error
 * number. Either way the text is what this returns. */
static const char *error_text(int err, char *buf, size_t len)
{
#if defined(__GLIBC__) && defined(_GNU_SOURCE)
	return strerror_r(err, buf, len);
#else
	if (strerror_r(err, buf, len) != 0)
		(void)snprintf(buf, len, "error %d", err);
	return buf;
#endif
}

#define PROG "blocking-under-lock"
#define REPLY_MS 300 /* how late the peer answers */

/* status_lock guards latest: the last reading, written by the fetcher and
 * read by the display. Held only to copy a short string, never to wait. */
static pthread_mutex_t status_lock = PTHREAD_MUTEX_INITIALIZER;
static char latest[32] = "none yet";

static sem_t request_sent; /* posted by the fetcher, awaited by the display */

/* Reports a failed call and ends the process (_exit: any thread may call). */
static void check(int rc, const char *what)
{
	if (rc != 0) {
		char buf[128];
		fprintf(stderr, "%s: %s: %s\n", PROG, what, error_text(rc, buf, sizeof buf));
		_exit(1);
	}
}

/* For calls that return -1 and set errno. */
static void check_sys(int failed, const char *what)
{
	check(failed ? errno : 0, what);
}

static long now_ms(void)
{
	struct timespec ts;
	check_sys(clock_gettime(CLOCK_MONOTONIC, &ts) != 0, "clock_gettime");
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The slow peer: answers a request REPLY_MS after it arrives. */
static void *run_peer(void *arg)
{
	int fd = *(int *)arg;
	char request[16];
	check_sys(read(fd, request, sizeof request) <= 0, "peer read");
	struct timespec delay = { REPLY_MS / 1000, REPLY_MS % 1000 * 1000000L };
	check_sys(nanosleep(&delay, NULL) != 0, "nanosleep");
	static const char reply[] = "21.5 C";
	check_sys(write(fd, reply, sizeof reply - 1) != sizeof reply - 1, "peer write");
	return NULL;
}

struct display {
	long waited_ms;   /* how long the display waited for status_lock */
	char shown[32];   /* what it showed */
};

/* The display: shows `latest` while the request is out. */
static void *run_display(void *arg)
{
	struct display *d = arg;
	check_sys(sem_wait(&request_sent) != 0, "sem_wait");
	long start = now_ms();
	check(pthread_mutex_lock(&status_lock), "pthread_mutex_lock");
	d->waited_ms = now_ms() - start;
	memcpy(d->shown, latest, sizeof d->shown);
	check(pthread_mutex_unlock(&status_lock), "pthread_mutex_unlock");
	return NULL;
}

/* Asks the peer for a reading, waits for it, stores it in `latest`. */
static void fetch(int fd)
{
	char reply[sizeof latest];
	/* BUG: the lock is taken before the request and held across the wait. */
	check(pthread_mutex_lock(&status_lock), "pthread_mutex_lock");
	check_sys(write(fd, "read", 4) != 4, "write");
	check_sys(sem_post(&request_sent) != 0, "sem_post");
	ssize_t n = read(fd, reply, sizeof reply - 1); /* @read: blocks until the peer answers */
	check_sys(n <= 0, "read");
	reply[n] = '\0';
	memcpy(latest, reply, sizeof latest);
	check(pthread_mutex_unlock(&status_lock), "pthread_mutex_unlock"); /* @hold */
}

int main(void)
{
	int fds[2]; /* fds[0]: the fetcher's end, fds[1]: the peer's */
	check_sys(socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0, "socketpair");
	check_sys(sem_init(&request_sent, 0, 0) != 0, "sem_init");

	pthread_t peer, display_thread;
	struct display display = { 0 };
	check(pthread_create(&peer, NULL, run_peer, &fds[1]), "pthread_create");
	check(pthread_create(&display_thread, NULL, run_display, &display), "pthread_create");
	long start = now_ms();
	fetch(fds[0]);
	long fetch_ms = now_ms() - start;
	check(pthread_join(display_thread, NULL), "pthread_join");
	check(pthread_join(peer, NULL), "pthread_join");

	check_sys(sem_destroy(&request_sent) != 0, "sem_destroy");
	check_sys(close(fds[0]) != 0, "close");
	check_sys(close(fds[1]) != 0, "close");
	printf("fetched \"%s\" in %ld ms; the display showed \"%s\" after waiting %ld ms "
	       "for status_lock\n", latest, fetch_ms, display.shown, display.waited_ms);
	if (display.waited_ms > REPLY_MS / 2) {
		fprintf(stderr, "%s:%d: self-check: the display waited %ld ms for status_lock, "
			"frozen by a %ld ms reply\n", __FILE__, __LINE__, display.waited_ms, /* @frozen */
			(long)REPLY_MS);
		return 1;
	}
	return 0;
}
