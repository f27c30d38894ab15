/* cpu_budget.c: CPU tokens for running programs (see cpu_budget.h). */
#include "cpu_budget.h"

#include "thread_safety.h"
#include "util.h"

#include <pthread.h>
#include <stdbool.h>

/* budget_lock guards tokens: how many are free (below zero when programs
 * that woke up outnumber the CPUs). Takers wait on token_freed while tokens
 * <= 0; each give signals one taker (a token frees one start). Before
 * cpu_budget_init, tokens is unlimited (limited is false). */
static tsa_mutex budget_lock = TSA_MUTEX_INITIALIZER;
static pthread_cond_t token_freed = PTHREAD_COND_INITIALIZER;
static int tokens GUARDED_BY(budget_lock);
static bool limited GUARDED_BY(budget_lock);

static void lock_budget(void) ACQUIRE(budget_lock)
{
	tsa_mutex_lock(&budget_lock);
}

static void unlock_budget(void) RELEASE(budget_lock)
{
	tsa_mutex_unlock(&budget_lock);
}

void cpu_budget_init(int n)
{
	lock_budget();
	tokens = n;
	limited = true;
	unlock_budget();
}

void cpu_budget_take(void)
{
	lock_budget();
	while (limited && tokens <= 0)
		if (pthread_cond_wait(&token_freed, tsa_mutex_native(&budget_lock)) != 0)
			internal_error("pthread_cond_wait on the CPU budget failed");
	tokens--;
	unlock_budget();
}

void cpu_budget_force(void)
{
	lock_budget();
	tokens--;
	unlock_budget();
}

void cpu_budget_give(void)
{
	lock_budget();
	tokens++;
	if (pthread_cond_signal(&token_freed) != 0)
		internal_error("pthread_cond_signal on the CPU budget failed");
	unlock_budget();
}
