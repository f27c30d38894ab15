// corpus: buggy data-race
/* Link state and error accounting of a network device, each kept by its own
 * thread under its own lock. */
#include <pthread.h>
#include <stdio.h>

struct device {
	pthread_mutex_t link_lock;	/* guards link_up, speed_class */
	pthread_mutex_t err_lock;	/* guards errors */
	unsigned link_up : 1;
	unsigned speed_class : 3;
	unsigned errors : 12;
};

static struct device eth0 = {
	.link_lock = PTHREAD_MUTEX_INITIALIZER,
	.err_lock = PTHREAD_MUTEX_INITIALIZER,
};
static pthread_barrier_t both_running;

static void *link_monitor(void *arg)
{
	struct device *d = arg;
	pthread_barrier_wait(&both_running);
	for (int i = 0; i < 1000; i++) {
		pthread_mutex_lock(&d->link_lock);
		d->link_up = !d->link_up; // bug
		d->speed_class = (unsigned)(i % 5); // bug
		pthread_mutex_unlock(&d->link_lock);
	}
	return NULL;
}

static void *error_counter(void *arg)
{
	struct device *d = arg;
	pthread_barrier_wait(&both_running);
	for (int i = 0; i < 1000; i++) {
		pthread_mutex_lock(&d->err_lock);
		d->errors = (d->errors + 1) & 0xfff; // bug
		pthread_mutex_unlock(&d->err_lock);
	}
	return NULL;
}

int main(void)
{
	pthread_t mon, cnt;
	pthread_barrier_init(&both_running, NULL, 2);
	pthread_create(&mon, NULL, link_monitor, &eth0);
	pthread_create(&cnt, NULL, error_counter, &eth0);
	pthread_join(mon, NULL);
	pthread_join(cnt, NULL);
	pthread_barrier_destroy(&both_running);
	printf("eth0: link %s, speed class %u, %u errors\n", eth0.link_up ? "up" : "down",
	       (unsigned)eth0.speed_class, (unsigned)eth0.errors);
	return eth0.errors == 1000 ? 0 : 1;
}
