// corpus: buggy thread-leak
/* Serves thumbnail requests: one thread per request, the way the first
 * version of the server did it. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NREQUESTS 64

struct request {
	int id;
	int width, height;
};

static pthread_mutex_t done_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cond = PTHREAD_COND_INITIALIZER;
static int completed;
static long pixels_scaled;

static void *handle_request(void *arg)
{
	struct request *req = arg;
	long px = (long)(req->width / 8) * (req->height / 8);

	pthread_mutex_lock(&done_lock);
	pixels_scaled += px;
	completed++;
	pthread_cond_signal(&done_cond);
	pthread_mutex_unlock(&done_lock);
	free(req);
	return NULL;
}

int main(void)
{
	for (int i = 0; i < NREQUESTS; i++) {
		struct request *req = malloc(sizeof *req);
		if (!req)
			return 1;
		*req = (struct request){ .id = i, .width = 640 + i, .height = 480 };
		pthread_t t;
		if (pthread_create(&t, NULL, handle_request, req) != 0) { // bug
			perror("pthread_create");
			free(req);
			return 1;
		}
	}

	pthread_mutex_lock(&done_lock);
	while (completed < NREQUESTS)
		pthread_cond_wait(&done_cond, &done_lock);
	pthread_mutex_unlock(&done_lock);
	printf("%d thumbnails, %ld pixels\n", completed, pixels_scaled);
	return 0;
}
