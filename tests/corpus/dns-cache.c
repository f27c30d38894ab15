// corpus: correct
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_MAX 32

struct dns_entry {
	char host[32];
	unsigned addr;
};

/* rw guards n and entries: lookups share it, inserts take it exclusively. */
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static struct dns_entry entries[CACHE_MAX];
static int n;

static int cache_lookup(const char *host, unsigned *addr)
{
	int hit = 0;
	pthread_rwlock_rdlock(&rw);
	for (int i = 0; i < n; i++)
		if (!strcmp(entries[i].host, host)) {
			*addr = entries[i].addr;
			hit = 1;
			break;
		}
	pthread_rwlock_unlock(&rw);
	return hit;
}

static void cache_insert(const char *host, unsigned addr)
{
	pthread_rwlock_wrlock(&rw);
	for (int i = 0; i < n; i++)
		if (!strcmp(entries[i].host, host)) {
			pthread_rwlock_unlock(&rw);	/* someone resolved it first */
			return;
		}
	if (n < CACHE_MAX) {
		snprintf(entries[n].host, sizeof entries[n].host, "%s", host);
		entries[n].addr = addr;
		n++;
	}
	pthread_rwlock_unlock(&rw);
}

static unsigned slow_resolve(const char *host)
{
	unsigned h = 2166136261u;
	for (const char *p = host; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return h;
}

static void *client(void *arg)
{
	static const char *hosts[] = { "example.org", "debian.org", "kernel.org", "gnu.org" };
	int *misses = arg;
	for (int round = 0; round < 50; round++) {
		const char *h = hosts[round % 4];
		unsigned a;
		if (!cache_lookup(h, &a)) {
			(*misses)++;
			cache_insert(h, slow_resolve(h));
		}
	}
	return NULL;
}

int main(void)
{
	pthread_t t[3];
	int misses[3] = { 0 };

	for (int i = 0; i < 3; i++)
		if (pthread_create(&t[i], NULL, client, &misses[i])) {
			perror("pthread_create");
			exit(EXIT_FAILURE);
		}
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	printf("%d cached hosts, misses %d/%d/%d\n", n, misses[0], misses[1], misses[2]);
	pthread_rwlock_destroy(&rw);
	return 0;
}
