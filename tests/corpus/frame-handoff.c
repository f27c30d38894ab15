// corpus: buggy data-race
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define W 64
#define H 48

struct frame {
	uint8_t pixels[W * H];
	int number;
};

static struct frame g_frame;
static volatile int frame_ready;

static void *decoder(void *arg)
{
	int n = *(const int *)arg;

	for (int i = 0; i < W * H; i++)
		g_frame.pixels[i] = (uint8_t)((i * 7 + n) & 0xff); // bug
	g_frame.number = n; // bug
	frame_ready = 1; // bug
	return NULL;
}

static unsigned checksum(const struct frame *f)
{
	unsigned sum = 0;
	for (int i = 0; i < W * H; i++)
		sum = sum * 31 + f->pixels[i]; // bug
	return sum;
}

int main(void)
{
	pthread_t dec;
	int frame_no = 1;

	if (pthread_create(&dec, NULL, decoder, &frame_no)) {
		fputs("cannot start decoder\n", stderr);
		return EXIT_FAILURE;
	}
	while (!frame_ready) // bug
		;
	printf("frame %d checksum %08x\n", g_frame.number, checksum(&g_frame)); // bug
	pthread_join(dec, NULL);
	return 0;
}
