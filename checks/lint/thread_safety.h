/* thread_safety.h: clang Thread Safety Analysis annotations for C programs
 * that opt in (clang -Wthread-safety -Wthread-safety-beta; dodont lint passes
 * both and puts this directory on the include path).
 *
 * Wrap each mutex that guards data in a tsa_mutex, take it with
 * tsa_mutex_lock()/tsa_mutex_unlock(), and mark the data:
 *
 *     static tsa_mutex g_mu = TSA_MUTEX_INITIALIZER;
 *     static long g_total GUARDED_BY(g_mu);
 *     static tsa_mutex g_other ACQUIRED_AFTER(g_mu);   lock order, -beta
 *     static void add_locked(long n) REQUIRES(g_mu);
 *
 * clang then reports, at compile time, an access to g_total without g_mu
 * held (unguarded-access), a lock taken twice or released when not held,
 * a function that returns with g_mu still held on some path (missing-unlock)
 * and locks taken against the declared order (lock-order).
 *
 * Known limit (clang 14, C): GUARDED_BY(mu) on a struct field naming a
 * sibling field does not compile; annotate the functions instead with
 * REQUIRES(obj->mu).
 *
 * Under gcc, and any compiler without the attributes, every macro expands
 * to nothing and tsa_mutex is a plain wrapper around pthread_mutex_t. The
 * wrappers abort with a message when pthread reports an error: a lock that
 * cannot be taken is a broken program, not a recoverable condition. */
#ifndef DODONT_THREAD_SAFETY_H
#define DODONT_THREAD_SAFETY_H

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if defined(__clang__) && defined(__has_attribute)
#if __has_attribute(capability)
#define TSA_ATTR(x) __attribute__((x))
#endif
#endif
#ifndef TSA_ATTR
#define TSA_ATTR(x)
#endif

#define CAPABILITY(name)	TSA_ATTR(capability(name))
#define GUARDED_BY(mu)		TSA_ATTR(guarded_by(mu))
#define PT_GUARDED_BY(mu)	TSA_ATTR(pt_guarded_by(mu))
#define ACQUIRED_BEFORE(...)	TSA_ATTR(acquired_before(__VA_ARGS__))
#define ACQUIRED_AFTER(...)	TSA_ATTR(acquired_after(__VA_ARGS__))
#define REQUIRES(...)		TSA_ATTR(requires_capability(__VA_ARGS__))
#define EXCLUDES(...)		TSA_ATTR(locks_excluded(__VA_ARGS__))
#define ACQUIRE(...)		TSA_ATTR(acquire_capability(__VA_ARGS__))
#define RELEASE(...)		TSA_ATTR(release_capability(__VA_ARGS__))
#define TRY_ACQUIRE(...)	TSA_ATTR(try_acquire_capability(__VA_ARGS__))
#define NO_THREAD_SAFETY_ANALYSIS TSA_ATTR(no_thread_safety_analysis)

typedef struct CAPABILITY("mutex") tsa_mutex {
	pthread_mutex_t m;
} tsa_mutex;

#define TSA_MUTEX_INITIALIZER { PTHREAD_MUTEX_INITIALIZER }

static inline void tsa_fail(const char *what, int rc)
{
	(void)fprintf(stderr, "%s failed: error %d\n", what, rc);
	abort();
}

static inline void tsa_mutex_lock(tsa_mutex *mu) ACQUIRE(mu) NO_THREAD_SAFETY_ANALYSIS
{
	int rc = pthread_mutex_lock(&mu->m);
	if (rc != 0)
		tsa_fail("pthread_mutex_lock", rc);
}

/* Returns true when the mutex was taken. */
static inline bool tsa_mutex_trylock(tsa_mutex *mu) TRY_ACQUIRE(true, mu) NO_THREAD_SAFETY_ANALYSIS
{
	return pthread_mutex_trylock(&mu->m) == 0;
}

static inline void tsa_mutex_unlock(tsa_mutex *mu) RELEASE(mu) NO_THREAD_SAFETY_ANALYSIS
{
	int rc = pthread_mutex_unlock(&mu->m);
	if (rc != 0)
		tsa_fail("pthread_mutex_unlock", rc);
}

/* Initialises mu for a lock held a few instructions: with glibc, a contended
 * locker spins briefly before it sleeps (an adaptive mutex), which saves a
 * futex sleep and wakeup on most contended operations. 0 or an error number. */
static inline int tsa_mutex_init_adaptive(tsa_mutex *mu)
{
	pthread_mutexattr_t attr;
	int rc = pthread_mutexattr_init(&attr);
	if (rc != 0)
		return rc;
#ifdef PTHREAD_ADAPTIVE_MUTEX_INITIALIZER_NP
	rc = pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ADAPTIVE_NP);
#endif
	if (rc == 0)
		rc = pthread_mutex_init(&mu->m, &attr);
	(void)pthread_mutexattr_destroy(&attr);
	return rc;
}

/* Initialises cv so that its timed waits take CLOCK_MONOTONIC deadlines,
 * which a change of the wall clock cannot move. 0 or an error number. */
static inline int tsa_cond_init_monotonic(pthread_cond_t *cv)
{
	pthread_condattr_t attr;
	int rc = pthread_condattr_init(&attr);
	if (rc != 0)
		return rc;
	rc = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	if (rc == 0)
		rc = pthread_cond_init(cv, &attr);
	(void)pthread_condattr_destroy(&attr);
	return rc;
}

/* For pthread_cond_wait(&cv, tsa_mutex_native(&mu)) while mu is held. */
static inline pthread_mutex_t *tsa_mutex_native(tsa_mutex *mu) REQUIRES(mu) NO_THREAD_SAFETY_ANALYSIS
{
	return &mu->m;
}

#endif
