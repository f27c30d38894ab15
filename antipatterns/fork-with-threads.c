/* SPDX-License-Identifier: 0BSD */
/*
 * fork-with-threads: the child of fork() takes a lock another thread held: it hangs forever
 *
 * rule: Don't mix sync and async carelessly (fork in a threaded program; POSIX: after fork, only async-signal-safe calls until exec)
 * timeout: 2
 * hold-ms: 2000
 * expect: watchdog,tsan,asan hang @wait
 * expect: helgrind,drd,memcheck hang
 * expect: lint fork-without-exec @fork
 * expect: lint fork-holding-lock @fork
 *
 * main starts a logger thread, then runs a command (/bin/true) in a child
 * process and waits for it. The logger writes a line while holding log_lock,
 * the lock that keeps log lines whole. To make the dangerous moment happen in
 * every run, the logger announces that it holds log_lock (state LOGGER_HOLDS,
 * on a condition variable) and keeps it until main has forked; main forks
 * exactly then. No sleeps: the order comes from the condition variable.
 * (Under Valgrind that fork takes tens to hundreds of ms with log_lock
 * held, on purpose: hence DRD's hold-ms of 2000.)
 *
 * fork() copies the whole memory but only the calling thread: in the child,
 * log_lock stays locked by a logger that does not exist there, forever. This
 * child logs a line before exec, so it blocks in log_line() for good, and
 * the parent blocks in waitpid(). No detector reports it; the watchdog's
 * backtraces show the parent in waitpid and the child in log_line. (Under
 * Valgrind the backtraces are Valgrind's own, so the hang has no line.)
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
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

/* log_lock keeps each log line whole: log_line() holds it while printing. */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

/* state_lock guards state; state_changed is broadcast on every change.
 * main waits for LOGGER_HOLDS; the logger waits for MAIN_FORKED. */
static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t state_changed = PTHREAD_COND_INITIALIZER;
static enum logger_state { STARTING, LOGGER_HOLDS, MAIN_FORKED } state;

static void report(const char *what, int err)
{
	char buf[128];

	fprintf(stderr, "fork-with-threads: %s: %s\n", what, error_text(err, buf, sizeof buf));
}

/* For calls that cannot fail in this program (a valid mutex or condition
 * variable, used by its owner): say so and abort, from any thread. */
static void must(int rc, const char *what)
{
	if (rc != 0) {
		report(what, rc);
		abort();
	}
}

__attribute__((format(printf, 1, 2)))
static void log_line(const char *fmt, ...)
{
	va_list ap;

	must(pthread_mutex_lock(&log_lock), "pthread_mutex_lock");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	must(pthread_mutex_unlock(&log_lock), "pthread_mutex_unlock");
}

static void set_state(enum logger_state next)
{
	must(pthread_mutex_lock(&state_lock), "pthread_mutex_lock");
	state = next;
	must(pthread_cond_broadcast(&state_changed), "pthread_cond_broadcast");
	must(pthread_mutex_unlock(&state_lock), "pthread_mutex_unlock");
}

static void wait_for_state(enum logger_state wanted)
{
	must(pthread_mutex_lock(&state_lock), "pthread_mutex_lock");
	while (state != wanted)
		must(pthread_cond_wait(&state_changed, &state_lock), "pthread_cond_wait");
	must(pthread_mutex_unlock(&state_lock), "pthread_mutex_unlock");
}

/* The logger is in the middle of a line, holding log_lock, when main forks. */
static void *logger_main(void *arg)
{
	(void)arg;
	must(pthread_mutex_lock(&log_lock), "pthread_mutex_lock");
	printf("logger: writing a line while main forks\n");
	set_state(LOGGER_HOLDS);
	wait_for_state(MAIN_FORKED);
	must(pthread_mutex_unlock(&log_lock), "pthread_mutex_unlock");
	return NULL;
}

int main(void)
{
	char *const command[] = { "/bin/true", NULL };
	pthread_t logger;
	int status;

	int rc = pthread_create(&logger, NULL, logger_main, NULL);
	if (rc != 0) {
		report("pthread_create", rc);
		return 1;
	}
	wait_for_state(LOGGER_HOLDS);

	pid_t pid = fork();	/* @fork: log_lock is locked by the logger right now */
	if (pid == 0) {
		/* The child: a single thread, with log_lock locked for good. */
		log_line("child: running %s\n", command[0]);
		execv(command[0], command);
		_exit(127);
	}
	int fork_errno = errno;
	set_state(MAIN_FORKED);	/* the logger may finish its line */
	rc = pthread_join(logger, NULL);
	if (rc != 0) {
		report("pthread_join", rc);
		return 1;
	}
	if (pid < 0) {
		report("fork", fork_errno);
		return 1;
	}
	if (waitpid(pid, &status, 0) < 0) { /* @wait */
		report("waitpid", errno);
		return 1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		log_line("main: %s failed (wait status %#x)\n", command[0], (unsigned)status);
		return 1;
	}
	log_line("main: child %d ran %s, exit status 0\n", (int)pid, command[0]);
	return 0;
}
