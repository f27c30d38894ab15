// corpus: buggy data-race
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct aggregate {
	double total;
	unsigned samples;
	double min, max;
};

struct sensor {
	pthread_t thread;
	int channel;
	struct aggregate *agg;	/* shared by all sensors of a board */
};

static double read_channel(int channel, int i)
{
	/* a sawtooth around 20 degrees, offset per channel */
	return 20.0 + channel * 0.5 + (i % 20) * 0.05;
}

static void *poll_sensor(void *p)
{
	struct sensor *s = p;
	for (int i = 0; i < 200; i++) {
		double v = read_channel(s->channel, i);
		s->agg->total += v; // bug
		s->agg->samples++; // bug
		if (v < s->agg->min) // bug
			s->agg->min = v; // bug
		if (v > s->agg->max) // bug
			s->agg->max = v; // bug
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int nsensors = argc > 1 ? atoi(argv[1]) : 3;
	if (nsensors < 1 || nsensors > 64) {
		fprintf(stderr, "usage: %s [1..64]\n", argv[0]);
		return 2;
	}
	struct aggregate *board = malloc(sizeof *board);
	struct sensor *sensors = calloc((size_t)nsensors, sizeof *sensors);
	if (!board || !sensors) {
		fprintf(stderr, "out of memory\n");
		return 1;
	}
	*board = (struct aggregate){ .min = 1e9, .max = -1e9 };

	for (int i = 0; i < nsensors; i++) {
		sensors[i].channel = i;
		sensors[i].agg = board;
		pthread_create(&sensors[i].thread, NULL, poll_sensor, &sensors[i]);
	}
	for (int i = 0; i < nsensors; i++)
		pthread_join(sensors[i].thread, NULL);

	printf("%u samples, mean %.2f, range %.2f..%.2f\n", board->samples,
	       board->total / board->samples, board->min, board->max);
	free(sensors);
	free(board);
	return 0;
}
