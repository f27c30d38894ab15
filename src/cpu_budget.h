/* cpu_budget.h: the CPUs dodont may keep busy at once.
 *
 * dodont runs many programs that mostly wait: a hang waiting to be seen, a
 * timeout being taught, a sleep. A job must not hold a CPU while it waits,
 * so the pool has more workers than CPUs and each running program holds a
 * token only while it uses CPU: a program seen idle gives its token back,
 * and one that wakes up takes one again without waiting (the budget may go
 * below zero for a moment: a program that runs cannot be paused). A new
 * program starts only when a token is free. */
#ifndef DODONT_CPU_BUDGET_H
#define DODONT_CPU_BUDGET_H

/* Sets how many tokens there are (call before any job starts). */
void cpu_budget_init(int tokens);
/* Waits for a free token and takes it. */
void cpu_budget_take(void);
/* Takes a token at once, even when none is free. */
void cpu_budget_force(void);
/* Gives a token back. */
void cpu_budget_give(void);

#endif
