// corpus: correct
/* Worker threads append fixed-size records to a journal file opened with
 * O_APPEND: each write(2) is one record, placed atomically at the end.
 * The journal stays open for the life of the process, as logs often do. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int journal_fd = -1;

static int append_record(const char *rec, size_t len)
{
	ssize_t n;
	do
		n = write(journal_fd, rec, len);
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)len ? 0 : -1;
}

static void *recorder(void *arg)
{
	char rec[32];
	int id = (int)(long)arg;
	for (int i = 0; i < 10; i++) {
		int len = snprintf(rec, sizeof rec, "thread %d event %02d\n", id, i);
		if (append_record(rec, (size_t)len) != 0) {
			perror("journal write");
			return (void *)1;
		}
	}
	return NULL;
}

int main(void)
{
	char path[] = "/tmp/event-journal-XXXXXX";
	int tmp = mkstemp(path);
	if (tmp < 0) {
		perror("mkstemp");
		return 1;
	}
	journal_fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	close(tmp);
	unlink(path);	/* nothing left behind; the open descriptor keeps it alive */
	if (journal_fd < 0) {
		perror("open");
		return 1;
	}

	pthread_t t[3];
	int failed = 0;
	for (long i = 0; i < 3; i++)
		if (pthread_create(&t[i], NULL, recorder, (void *)i) != 0)
			return 1;
	for (int i = 0; i < 3; i++) {
		void *res;
		pthread_join(t[i], &res);
		failed |= res != NULL;
	}
	off_t size = lseek(journal_fd, 0, SEEK_END);
	printf("journal holds %lld bytes\n", (long long)size);
	return failed;
}
