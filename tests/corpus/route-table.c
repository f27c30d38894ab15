// corpus: buggy hang
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROUTES 32

struct route {
	char prefix[20];
	int gateway;
};

static struct {
	pthread_rwlock_t rw;
	struct route r[MAX_ROUTES];
	int n;
} table = { .rw = PTHREAD_RWLOCK_INITIALIZER };

static int gateway_for(const char *prefix)
{
	int gw = -1;

	pthread_rwlock_rdlock(&table.rw);
	for (int i = 0; i < table.n; i++)
		if (strcmp(table.r[i].prefix, prefix) == 0)
			gw = table.r[i].gateway;
	if (gw < 0 && table.n < MAX_ROUTES) {
		/* Unknown prefix: install the default route for it. */
		pthread_rwlock_wrlock(&table.rw); // bug
		snprintf(table.r[table.n].prefix, sizeof table.r[0].prefix, "%s", prefix);
		gw = table.r[table.n].gateway = 1;
		table.n++;
		pthread_rwlock_unlock(&table.rw);
	}
	pthread_rwlock_unlock(&table.rw);
	return gw;
}

static void *resolver(void *arg)
{
	const char **prefixes = arg;
	for (int i = 0; prefixes[i]; i++)
		printf("%s via gateway %d\n", prefixes[i], gateway_for(prefixes[i]));
	return NULL;
}

int main(void)
{
	static const char *batch[] = { "10.0.0.0/8", "192.168.1.0/24", NULL };
	pthread_t t;

	strcpy(table.r[0].prefix, "10.0.0.0/8");
	table.r[0].gateway = 3;
	table.n = 1;
	if (pthread_create(&t, NULL, resolver, batch) != 0)
		return 1;
	pthread_join(t, NULL);
	return 0;
}
