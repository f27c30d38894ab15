// corpus: correct
/* Two threads parse CSV lines and stamp them with local time, using the
 * reentrant strtok_r and localtime_r so that no hidden static buffer is
 * shared between them. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

struct batch {
	const char *lines[3];
	time_t stamp;
	int fields;
	char first_stamp[32];
};

static void *parse_batch(void *arg)
{
	struct batch *b = arg;
	struct tm tm;

	if (localtime_r(&b->stamp, &tm) == NULL)
		return NULL;
	strftime(b->first_stamp, sizeof b->first_stamp, "%Y-%m-%d %H:%M", &tm);
	for (int i = 0; i < 3; i++) {
		char line[80], *save;
		snprintf(line, sizeof line, "%s", b->lines[i]);
		for (char *tok = strtok_r(line, ";", &save); tok; tok = strtok_r(NULL, ";", &save))
			b->fields++;
	}
	return NULL;
}

int main(void)
{
	struct batch batches[2] = {
		{ { "id;name;qty", "1;bolt;200", "2;nut;150" }, 0, 0, "" },
		{ { "id;name;qty;price", "9;washer;50;0.02", "10;rivet;5;0.4" }, 0, 0, "" },
	};
	pthread_t th[2];
	time_t now = time(NULL);

	for (int i = 0; i < 2; i++) {
		batches[i].stamp = now - 86400 * i;
		if (pthread_create(&th[i], NULL, parse_batch, &batches[i]) != 0) {
			fputs("csv-import: cannot start parser\n", stderr);
			return 1;
		}
	}
	for (int i = 0; i < 2; i++) {
		pthread_join(th[i], NULL);
		printf("batch %d: %d fields, stamped %s\n", i, batches[i].fields,
		       batches[i].first_stamp);
	}
	return 0;
}
