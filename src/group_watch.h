/* group_watch.h: what a running program's processes and threads are doing,
 * read from /proc: how much CPU they use, and whether every one of them is
 * blocked for good.
 *
 * A thread is blocked for good when it sleeps in a call that only another
 * thread or process of the same program can end: a futex wait with no
 * timeout (mutex, condition variable, join, semaphore), a read, write or
 * accept on a pipe or socket, a wait for a child, a poll or epoll wait with
 * no timeout on pipes and sockets only. Anything that time or the outside
 * world can end (a timed wait, a sleep, a timer, a signal wait, a timerfd or
 * signalfd in an epoll set, POSIX timers of the process) is not. When every
 * thread of the program is blocked for good and none uses CPU, nothing can
 * ever wake one: the program hangs, and dodont need not wait for the
 * timeout to say so. A sanitizer's own housekeeping thread (its periodic
 * sleep is made from the runtime inside the program, not from libc) is left
 * out when asked. */
#ifndef DODONT_GROUP_WATCH_H
#define DODONT_GROUP_WATCH_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct group_sample {
	unsigned long long cpu_ticks;	/* utime + stime of every thread */
	int threads;			/* live threads counted */
	int blocked_for_good;		/* of them */
	bool frozen;			/* every counted thread blocked for good */
	uint64_t signature;		/* who waits in which call: a change is progress */
};

/* Samples the program rooted at pid and its descendants. With
 * skip_runtime_sleepers, a thread sleeping in a nanosleep made from the
 * program's own executable (a sanitizer runtime's timer thread) is not
 * counted. */
void group_sample(pid_t pid, bool skip_runtime_sleepers, struct group_sample *s);

#endif
