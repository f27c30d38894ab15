// corpus: buggy data-race
// sources: hashmap.c
/* Counts words of several texts in parallel into one shared map. */
#include "hashmap.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

struct job {
	struct hashmap *counts;
	const char *text;
};

static void *count_words(void *arg)
{
	struct job *job = arg;
	char buf[256], *save = NULL;

	snprintf(buf, sizeof buf, "%s", job->text);
	for (char *w = strtok_r(buf, " ,.", &save); w; w = strtok_r(NULL, " ,.", &save))
		if (hashmap_add(job->counts, w, 1) != 0)
			fprintf(stderr, "out of memory counting '%s'\n", w);
	return NULL;
}

int main(void)
{
	static const char *texts[] = {
		"it was the best of times, it was the worst of times",
		"call me ishmael. some years ago, never mind how long",
		"all happy families are alike, each unhappy family is unhappy in its own way",
	};
	struct hashmap *counts = hashmap_new(64);
	struct job jobs[3];
	pthread_t t[3];

	if (!counts)
		return 1;
	for (int i = 0; i < 3; i++) {
		jobs[i] = (struct job){ counts, texts[i] };
		if (pthread_create(&t[i], NULL, count_words, &jobs[i]) != 0)
			return 1;
	}
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	printf("%zu distinct words; 'it' x%ld, 'unhappy' x%ld\n", hashmap_size(counts),
	       hashmap_get(counts, "it"), hashmap_get(counts, "unhappy"));
	hashmap_free(counts);
	return 0;
}
