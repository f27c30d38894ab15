// corpus: buggy hang
/* Two sync jobs run one step at a time: restocking moves goods from the
 * warehouse to the shop, returns move them back. */
#include <pthread.h>
#include <stdio.h>

struct stock {
	pthread_mutex_t lock;
	int items;
	const char *name;
};

static struct stock warehouse = { PTHREAD_MUTEX_INITIALIZER, 500, "warehouse" };
static struct stock shop = { PTHREAD_MUTEX_INITIALIZER, 20, "shop" };
static pthread_barrier_t step;

static void move(struct stock *from, struct stock *to, int n)
{
	pthread_mutex_lock(&from->lock);
	pthread_barrier_wait(&step);	/* both jobs advance one step together */
	pthread_mutex_lock(&to->lock); // bug
	if (from->items >= n) {
		from->items -= n;
		to->items += n;
	}
	pthread_mutex_unlock(&to->lock);
	pthread_mutex_unlock(&from->lock);
}

static void *restock(void *arg)
{
	(void)arg;
	move(&warehouse, &shop, 30);
	return NULL;
}

static void *returns(void *arg)
{
	(void)arg;
	move(&shop, &warehouse, 2);
	return NULL;
}

int main(void)
{
	pthread_t a, b;

	pthread_barrier_init(&step, NULL, 2);
	pthread_create(&a, NULL, restock, NULL);
	pthread_create(&b, NULL, returns, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("%s: %d, %s: %d\n", warehouse.name, warehouse.items, shop.name, shop.items);
	pthread_barrier_destroy(&step);
	return 0;
}
