// corpus: buggy data-race
/* Converts measurements in parallel; the conversion table is built on first use. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct unit {
	const char *name;
	double to_si;
};

struct unit_table {
	size_t n;
	struct unit units[8];
};

static struct unit_table *table;

static struct unit_table *build_table(void)
{
	static const struct unit init[] = {
		{ "mm", 1e-3 }, { "cm", 1e-2 }, { "m", 1.0 }, { "km", 1e3 },
		{ "in", 0.0254 }, { "ft", 0.3048 }, { "yd", 0.9144 }, { "mi", 1609.344 },
	};
	struct unit_table *t = malloc(sizeof *t);
	if (t == NULL)
		abort();
	t->n = sizeof init / sizeof init[0];
	memcpy(t->units, init, sizeof init);
	return t;
}

static const struct unit_table *units(void)
{
	if (table == NULL) // bug
		table = build_table(); // bug
	return table; // bug
}

static double to_metres(double v, const char *unit)
{
	const struct unit_table *t = units();
	for (size_t i = 0; i < t->n; i++) // bug
		if (strcmp(t->units[i].name, unit) == 0) // bug
			return v * t->units[i].to_si; // bug
	return NAN;
}

static pthread_barrier_t go;

static void *convert(void *arg)
{
	const char *unit = arg;
	double total = 0;
	pthread_barrier_wait(&go);
	for (int i = 1; i <= 100; i++)
		total += to_metres(i, unit);
	printf("sum of 1..100 %s = %.2f m\n", unit, total);
	return NULL;
}

int main(void)
{
	pthread_t a, b;
	pthread_barrier_init(&go, NULL, 2);
	pthread_create(&a, NULL, convert, "ft");
	pthread_create(&b, NULL, convert, "mi");
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	pthread_barrier_destroy(&go);
	free(table);
	return 0;
}
