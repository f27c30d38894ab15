// corpus: correct
/* Swapping seats between two bookings locks both.  Locks are always taken in
 * ascending seat number, whatever the direction of the swap, so two swaps
 * can never wait for each other in a cycle. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NSEATS 6

struct seat {
	int number;
	pthread_mutex_t mu;	/* guards passenger */
	int passenger;
};

static struct seat seats[NSEATS];

static void swap_passengers(struct seat *x, struct seat *y)
{
	struct seat *first = x->number < y->number ? x : y;
	struct seat *second = x->number < y->number ? y : x;

	pthread_mutex_lock(&first->mu);
	pthread_mutex_lock(&second->mu);
	int tmp = x->passenger;
	x->passenger = y->passenger;
	y->passenger = tmp;
	pthread_mutex_unlock(&second->mu);
	pthread_mutex_unlock(&first->mu);
}

static void *agent(void *arg)
{
	int dir = *(int *)arg;
	for (int i = 0; i < 300; i++) {
		int a = i % NSEATS, b = (i + 1) % NSEATS;
		if (dir)
			swap_passengers(&seats[a], &seats[b]);
		else
			swap_passengers(&seats[b], &seats[a]);
	}
	return NULL;
}

int main(void)
{
	int dirs[2] = { 0, 1 };
	pthread_t t[2];
	int sum = 0;

	for (int i = 0; i < NSEATS; i++) {
		seats[i].number = i + 1;
		seats[i].passenger = 100 + i;
		if (pthread_mutex_init(&seats[i].mu, NULL) != 0)
			abort();
	}
	for (int i = 0; i < 2; i++)
		if (pthread_create(&t[i], NULL, agent, &dirs[i]) != 0)
			abort();
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < NSEATS; i++) {
		sum += seats[i].passenger;
		pthread_mutex_destroy(&seats[i].mu);
	}
	printf("passenger ids still sum to %d\n", sum);
	return sum == 615 ? 0 : 1;
}
