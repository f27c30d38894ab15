// corpus: buggy lock-held-at-exit
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct import_state {
	pthread_mutex_t lock;
	int imported;
	int rejected;
};

static const char *batch[] = {
	"42,alice", "17,bob", "x9,mallory", "8,carol", NULL,
};

static int parse_record(const char *line, int *id, char *name, size_t cap)
{
	char *end;
	errno = 0;
	long v = strtol(line, &end, 10);
	if (errno != 0 || end == line || *end != ',')
		return -1;
	*id = (int)v;
	snprintf(name, cap, "%s", end + 1);
	return 0;
}

static void *importer(void *arg)
{
	struct import_state *st = arg;
	char name[32];
	int id;

	for (const char **rec = batch; *rec; rec++) {
		pthread_mutex_lock(&st->lock);
		if (parse_record(*rec, &id, name, sizeof name) != 0) {
			st->rejected++;
			fprintf(stderr, "importer: bad record '%s', giving up\n", *rec);
			return NULL; // bug
		}
		st->imported++;
		pthread_mutex_unlock(&st->lock);
	}
	return NULL;
}

int main(void)
{
	struct import_state st = { .imported = 0, .rejected = 0 };
	pthread_t t;
	int rc;

	pthread_mutex_init(&st.lock, NULL);
	if ((rc = pthread_create(&t, NULL, importer, &st)) != 0) {
		fprintf(stderr, "pthread_create: %s\n", strerror(rc));
		return 1;
	}
	pthread_join(t, NULL);

	pthread_mutex_lock(&st.lock); // bug
	printf("imported %d, rejected %d\n", st.imported, st.rejected);
	pthread_mutex_unlock(&st.lock);
	pthread_mutex_destroy(&st.lock);
	return 0;
}
