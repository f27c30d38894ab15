// corpus: correct
/* The country table is built on first use.  The whole check-and-build runs
 * under one mutex, so exactly one thread builds it and every thread sees it
 * complete. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct country {
	char code[3];
	const char *name;
};

static struct country *countries;
static size_t ncountries;
static pthread_mutex_t countries_mu = PTHREAD_MUTEX_INITIALIZER;

static int load_countries(void)
{
	static const struct country src[] = {
		{ "DE", "Germany" }, { "FR", "France" }, { "JP", "Japan" },
		{ "KE", "Kenya" },   { "PE", "Peru" },   { "NZ", "New Zealand" },
	};
	countries = malloc(sizeof src);
	if (!countries)
		return -1;
	memcpy(countries, src, sizeof src);
	ncountries = sizeof src / sizeof src[0];
	return 0;
}

static const char *country_name(const char *code)
{
	const char *name = NULL;
	pthread_mutex_lock(&countries_mu);
	if (countries == NULL && load_countries() != 0) {
		pthread_mutex_unlock(&countries_mu);
		return NULL;
	}
	for (size_t i = 0; i < ncountries; i++)
		if (strncmp(countries[i].code, code, 2) == 0)
			name = countries[i].name;
	pthread_mutex_unlock(&countries_mu);
	return name;
}

static void *resolve(void *arg)
{
	const char **codes = arg;
	for (; *codes; codes++) {
		const char *n = country_name(*codes);
		printf("%s -> %s\n", *codes, n ? n : "?");
	}
	return NULL;
}

int main(void)
{
	static const char *a[] = { "JP", "KE", "XX", NULL };
	static const char *b[] = { "NZ", "DE", NULL };
	pthread_t ta, tb;

	if (pthread_create(&ta, NULL, resolve, a) || pthread_create(&tb, NULL, resolve, b))
		return 1;
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	free(countries);
	return 0;
}
