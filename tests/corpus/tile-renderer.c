// corpus: buggy data-race
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NTILES 4
#define TILE_PIXELS 1024

static float image[NTILES][TILE_PIXELS];

static void *render_tile(void *arg)
{
	int tile = *(int *)arg; // bug
	for (int p = 0; p < TILE_PIXELS; p++)
		image[tile % NTILES][p] = (float)(tile * TILE_PIXELS + p) / 4096.0f; // bug
	return NULL;
}

int main(void)
{
	pthread_t threads[NTILES];
	int i;

	for (i = 0; i < NTILES; i++) { // bug
		if (pthread_create(&threads[i], NULL, render_tile, &i) != 0) { // bug
			perror("pthread_create");
			exit(1);
		}
	}
	for (int j = 0; j < NTILES; j++)
		pthread_join(threads[j], NULL);

	double total = 0;
	for (int t = 0; t < NTILES; t++)
		for (int p = 0; p < TILE_PIXELS; p++)
			total += image[t][p];
	printf("rendered %d tiles, mean %.3f\n", NTILES, total / (NTILES * TILE_PIXELS));
	return 0;
}
