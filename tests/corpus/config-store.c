// corpus: buggy hang
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define MAX_KEYS 16
#define MAX_VALUE 24

static struct {
	pthread_mutex_t lock;
	int n;
	char keys[MAX_KEYS][16];
	char values[MAX_KEYS][MAX_VALUE];
} store = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* Returns 0, or -1 when the value is too long or the store is full. */
static int config_set(const char *key, const char *value)
{
	pthread_mutex_lock(&store.lock);
	if (strlen(value) >= MAX_VALUE)
		return -1; // bug
	for (int i = 0; i < store.n; i++) {
		if (strcmp(store.keys[i], key) == 0) {
			strcpy(store.values[i], value);
			pthread_mutex_unlock(&store.lock);
			return 0;
		}
	}
	if (store.n == MAX_KEYS) {
		pthread_mutex_unlock(&store.lock);
		return -1;
	}
	snprintf(store.keys[store.n], sizeof store.keys[0], "%s", key);
	strcpy(store.values[store.n], value);
	store.n++;
	pthread_mutex_unlock(&store.lock);
	return 0;
}

static int config_get(const char *key, char *out, size_t cap)
{
	int found = -1;
	pthread_mutex_lock(&store.lock); // bug
	for (int i = 0; i < store.n; i++) {
		if (strcmp(store.keys[i], key) == 0) {
			snprintf(out, cap, "%s", store.values[i]);
			found = 0;
			break;
		}
	}
	pthread_mutex_unlock(&store.lock);
	return found;
}

static void *reporter(void *arg)
{
	char buf[MAX_VALUE];
	const char *key = arg;
	if (config_get(key, buf, sizeof buf) == 0)
		printf("%s = %s\n", key, buf);
	else
		printf("%s is not set\n", key);
	return NULL;
}

int main(void)
{
	pthread_t t;

	config_set("listen", "0.0.0.0:8080");
	if (config_set("motd", "welcome to the staging cluster, be nice") != 0)
		fprintf(stderr, "config: motd rejected (too long)\n");

	if (pthread_create(&t, NULL, reporter, "listen") != 0)
		return 1;
	pthread_join(t, NULL);
	return 0;
}
