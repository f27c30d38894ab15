// corpus: correct
// sources: bus.c
#include "bus.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static struct bus *bus;

static void on_order(const char *topic, const void *payload, void *ctx)
{
	(void)topic;
	atomic_long *total = ctx;
	atomic_fetch_add(total, *(const int *)payload);
}

static void *shop_front(void *arg)
{
	int base = *(int *)arg;
	for (int i = 0; i < 50; i++) {
		int amount = base + i;
		bus_publish(bus, "order", &amount);
		bus_publish(bus, "page-view", NULL);
	}
	return NULL;
}

int main(void)
{
	atomic_long revenue = 0;
	int bases[2] = { 10, 1000 };
	pthread_t fronts[2];

	bus = bus_create();
	if (!bus) {
		fputs("bus_create failed\n", stderr);
		return 1;
	}
	int id = bus_subscribe(bus, "order", on_order, &revenue);
	if (id < 0) {
		fputs("bus_subscribe failed\n", stderr);
		return 1;
	}
	for (int i = 0; i < 2; i++)
		if (pthread_create(&fronts[i], NULL, shop_front, &bases[i]) != 0) {
			fputs("pthread_create failed\n", stderr);
			return 1;
		}
	for (int i = 0; i < 2; i++)
		pthread_join(fronts[i], NULL);
	bus_unsubscribe(bus, id);

	printf("%lu events, revenue %ld\n", bus_published(bus), (long)atomic_load(&revenue));
	bus_destroy(bus);
	return atomic_load(&revenue) == 10 * 50 + 1000 * 50 + 2 * 1225 ? 0 : 1;
}
