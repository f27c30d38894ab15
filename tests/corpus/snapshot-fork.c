// corpus: buggy hang
/*
 * A journal flushed by a background thread; a forked child compresses a
 * snapshot of the data and records in the journal that it did so.
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t journal_lock = PTHREAD_MUTEX_INITIALIZER;
static char journal[4096];
static size_t journal_len;

static sem_t flush_started;
static int flush_release[2];

static void journal_append(const char *msg)
{
	pthread_mutex_lock(&journal_lock); // bug
	size_t n = strlen(msg);
	if (journal_len + n < sizeof journal) {
		memcpy(journal + journal_len, msg, n);
		journal_len += n;
	}
	pthread_mutex_unlock(&journal_lock);
}

static void *flusher(void *arg)
{
	char c;
	(void)arg;
	pthread_mutex_lock(&journal_lock);
	sem_post(&flush_started);
	/* Pretend the disk is slow: hold the journal until told to go on. */
	if (read(flush_release[0], &c, 1) < 0)
		perror("read");
	fwrite(journal, 1, journal_len, stdout);
	journal_len = 0;
	pthread_mutex_unlock(&journal_lock);
	return NULL;
}

int main(void)
{
	pthread_t t;
	int status;

	if (sem_init(&flush_started, 0, 0) != 0 || pipe(flush_release) != 0) {
		perror("setup");
		return 1;
	}
	journal_append("start\n");
	pthread_create(&t, NULL, flusher, NULL);
	sem_wait(&flush_started);

	pid_t pid = fork(); // bug
	if (pid == 0) {
		journal_append("snapshot compressed\n");
		_exit(0);
	}
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (write(flush_release[1], "x", 1) != 1)
		perror("write");
	pthread_join(t, NULL);
	if (waitpid(pid, &status, 0) < 0) {
		perror("waitpid");
		return 1;
	}
	printf("snapshot child exited with %d\n", WEXITSTATUS(status));
	sem_destroy(&flush_started);
	return 0;
}
