/* SPDX-License-Identifier: 0BSD */
/* dodont-locks.so: the order in which a program takes its mutexes, and the
 * locks it holds at each step, so that dodont can tell a lock-order cycle
 * that can deadlock from one that cannot.
 *
 * TSan, Helgrind and the clang analyzer report every cycle in the lock-order
 * graph. A cycle whose every edge is taken while one common lock is held (a
 * gate lock) cannot deadlock: only one thread at a time can be inside it.
 * Their reports give each edge's two locks, never the whole set held, so the
 * set is recorded here, in the program's own lock calls: for each edge A -> B
 * (B taken, blocking, while A is held) the locks that were held every time
 * besides A. A trylock or timedlock adds no edge (it cannot block forever),
 * but what it takes is held. At exit, each cycle whose edges share a held
 * lock is printed with the call sites of its acquisitions:
 *
 *   [dodont-locks] gated cycle: /path/prog+0x1234 /path/prog+0x1300
 *
 * (object and offset of each "taken here" call), which dodont resolves to
 * lines with addr2line. Loaded into the watchdog run (LD_PRELOAD).
 *
 * Hand-written because no Debian package records lock sets per edge: a
 * lockdep for user space (the kernel's lockdep is the model). */
#include "shim_real.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { MAX_HELD = 16, MAX_EDGES = 512, MAX_GATE = 8, MAX_DEPTH = 6 };

struct held {
	const void *lock;
};

struct edge {
	const void *from, *to;
	const void *site;		/* where `to` was taken while `from` was held */
	const void *gate[MAX_GATE];	/* locks held, besides from, every time */
	int ngate;
};

/* Each thread's held locks, innermost last. */
static __thread struct held held[MAX_HELD];
static __thread int nheld;

/* table_lock guards edges and nedges: a spin lock, because the program's own
 * mutex calls are what this file intercepts. Held only for a table update. */
static atomic_flag table_lock = ATOMIC_FLAG_INIT;
static struct edge edges[MAX_EDGES];
static int nedges;
static pid_t owner;

static void table_enter(void)
{
	while (atomic_flag_test_and_set_explicit(&table_lock, memory_order_acquire))
		;
}

static void table_leave(void)
{
	atomic_flag_clear_explicit(&table_lock, memory_order_release);
}

/* Keeps in e->gate only the locks that are held now (besides e->from). */
static void narrow_gate(struct edge *e)
{
	int kept = 0;
	for (int g = 0; g < e->ngate; g++)
		for (int h = 0; h < nheld; h++)
			if (held[h].lock == e->gate[g]) {
				e->gate[kept++] = e->gate[g];
				break;
			}
	e->ngate = kept;
}

static void add_edge(const void *from, const void *to, const void *site)
{
	for (int i = 0; i < nedges; i++)
		if (edges[i].from == from && edges[i].to == to) {
			narrow_gate(&edges[i]);
			return;
		}
	if (nedges == MAX_EDGES)
		return;
	struct edge *e = &edges[nedges++];
	*e = (struct edge){ .from = from, .to = to, .site = site };
	for (int h = 0; h < nheld && e->ngate < MAX_GATE; h++)
		if (held[h].lock != from && held[h].lock != to)
			e->gate[e->ngate++] = held[h].lock;
}

static void before_blocking_lock(const void *lock, const void *site)
{
	if (nheld == 0)
		return;
	table_enter();
	for (int h = 0; h < nheld; h++)
		if (held[h].lock != lock)
			add_edge(held[h].lock, lock, site);
	table_leave();
}

static void taken(const void *lock)
{
	if (nheld < MAX_HELD)
		held[nheld++] = (struct held){ lock };
}

static void released(const void *lock)
{
	for (int h = nheld - 1; h >= 0; h--)
		if (held[h].lock == lock) {
			memmove(&held[h], &held[h + 1], (size_t)(nheld - h - 1) * sizeof held[0]);
			nheld--;
			return;
		}
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
	REAL(pthread_mutex_lock);
	before_blocking_lock(m, __builtin_return_address(0));
	int rc = real_pthread_mutex_lock(m);
	if (rc == 0)
		taken(m);
	return rc;
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
	REAL(pthread_mutex_trylock);
	int rc = real_pthread_mutex_trylock(m);
	if (rc == 0)
		taken(m);
	return rc;
}

int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *deadline)
{
	REAL(pthread_mutex_timedlock);
	int rc = real_pthread_mutex_timedlock(m, deadline);
	if (rc == 0)
		taken(m);
	return rc;
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
	REAL(pthread_mutex_unlock);
	released(m);
	return real_pthread_mutex_unlock(m);
}

/* ------------------------------------------------------------ at exit */

static bool gate_shared(const struct edge *const *path, int n)
{
	for (int g = 0; g < path[0]->ngate; g++) {
		bool everywhere = true;
		for (int i = 1; i < n && everywhere; i++) {
			everywhere = false;
			for (int k = 0; k < path[i]->ngate; k++)
				everywhere |= path[i]->gate[k] == path[0]->gate[g];
		}
		if (everywhere)
			return true;
	}
	return false;
}

static void say_site(char *buf, size_t len, const void *site)
{
	Dl_info info;
	if (dladdr(site, &info) && info.dli_fname && info.dli_fname[0])
		(void)snprintf(buf, len, " %s+%#lx", info.dli_fname,
			       (unsigned long)((uintptr_t)site - (uintptr_t)info.dli_fbase - 1));
	else
		(void)snprintf(buf, len, " ?");
}

static void report(const struct edge *const *path, int n)
{
	char line[1024] = "[dodont-locks] gated cycle:";
	for (int i = 0; i < n; i++) {
		char site[300];
		say_site(site, sizeof site, path[i]->site);
		if (strlen(line) + strlen(site) + 2 < sizeof line)
			strcat(line, site);
	}
	strcat(line, "\n");
	shim_say(line);
}

/* Follows edges from the last of path, looking for one back to its first
 * lock; each cycle is reported once, from its lowest edge. */
static void walk(const struct edge **path, int n)
{
	const struct edge *last = path[n - 1];
	for (int i = 0; i < nedges; i++) {
		const struct edge *e = &edges[i];
		if (e->from != last->to || e < path[0])
			continue;
		path[n] = e;
		if (e->to == path[0]->from) {
			if (gate_shared(path, n + 1))
				report(path, n + 1);
		} else if (n + 1 < MAX_DEPTH) {
			walk(path, n + 1);
		}
	}
}

__attribute__((constructor)) static void locks_start(void)
{
	owner = getpid();
}

__attribute__((destructor)) static void locks_report(void)
{
	if (getpid() != owner)
		return;
	table_enter();
	const struct edge *path[MAX_DEPTH + 1];
	for (int i = 0; i < nedges; i++) {
		path[0] = &edges[i];
		walk(path, 1);
	}
	table_leave();
}
