// corpus: buggy data-race
/* Fetches a (simulated) file in chunks on a background thread while the
 * main thread reports progress until the transfer is complete. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CHUNK 4096
#define NCHUNKS 32

static size_t bytes_received;
static int transfer_done;
static unsigned char file_buf[CHUNK * NCHUNKS];

static void fetch_chunk(unsigned char *dst, int idx)
{
	memset(dst, idx & 0xff, CHUNK);
	usleep(200);
}

static void *downloader(void *unused)
{
	(void)unused;
	for (int i = 0; i < NCHUNKS; i++) {
		fetch_chunk(file_buf + (size_t)i * CHUNK, i);
		bytes_received += CHUNK; // bug
	}
	transfer_done = 1; // bug
	return NULL;
}

int main(void)
{
	pthread_t t;
	int rc = pthread_create(&t, NULL, downloader, NULL);
	if (rc != 0) {
		fprintf(stderr, "pthread_create: %s\n", strerror(rc));
		return 1;
	}

	size_t last = 0;
	while (!transfer_done) { // bug
		size_t now = bytes_received; // bug
		if (now - last >= 8 * CHUNK) {
			printf("progress: %zu/%d\n", now, CHUNK * NCHUNKS);
			last = now;
		}
		usleep(1000);
	}
	pthread_join(t, NULL);
	printf("done: %zu bytes, last byte %u\n", bytes_received,
	       (unsigned)file_buf[sizeof file_buf - 1]);
	return 0;
}
