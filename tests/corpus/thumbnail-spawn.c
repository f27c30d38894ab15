// corpus: correct
/* Converts images by running an external tool from a multithreaded program.
 * The child calls only execvp (or _exit) after fork, so the locks that other
 * threads held at the time of fork never matter to it. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static int converted;
static int stop_ticker;

static void *ticker(void *arg)
{
	(void)arg;
	for (;;) {
		pthread_mutex_lock(&stats_lock);
		int done = stop_ticker;
		pthread_mutex_unlock(&stats_lock);
		if (done)
			return NULL;
		usleep(1000);
	}
}

static int run_converter(const char *src)
{
	char *argv[] = { "echo", "convert", (char *)src, "-resize", "64x64", NULL };
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return -1;
	}
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	int status;
	if (waitpid(pid, &status, 0) < 0) {
		perror("waitpid");
		return -1;
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int main(void)
{
	static const char *images[] = { "cat.png", "dog.jpg", "owl.gif" };
	pthread_t t;

	if (pthread_create(&t, NULL, ticker, NULL) != 0) {
		fputs("cannot start ticker\n", stderr);
		return 1;
	}
	for (size_t i = 0; i < sizeof images / sizeof images[0]; i++) {
		if (run_converter(images[i]) == 0) {
			pthread_mutex_lock(&stats_lock);
			converted++;
			pthread_mutex_unlock(&stats_lock);
		}
	}
	pthread_mutex_lock(&stats_lock);
	stop_ticker = 1;
	pthread_mutex_unlock(&stats_lock);
	pthread_join(t, NULL);
	printf("%d images converted\n", converted);
	return converted == 3 ? 0 : 1;
}
