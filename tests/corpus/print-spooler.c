// corpus: buggy unlock-unowned
/* One printer, many jobs: the spooler holds printer_busy while a job prints
 * and the print thread gives the printer back when it is finished. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t printer_busy = PTHREAD_MUTEX_INITIALIZER;

struct job {
	int id;
	const char *doc;
	int pages;
};

static void *print_job(void *arg)
{
	struct job *j = arg;
	for (int p = 1; p <= j->pages; p++)
		printf("job %d: %s page %d/%d\n", j->id, j->doc, p, j->pages);
	pthread_mutex_unlock(&printer_busy); // bug
	return NULL;
}

int main(void)
{
	struct job jobs[] = {
		{ 1, "invoice.pdf", 2 },
		{ 2, "report.ps", 3 },
	};
	pthread_t t[2];

	for (int i = 0; i < 2; i++) {
		pthread_mutex_lock(&printer_busy);	/* wait for the printer */
		int rc = pthread_create(&t[i], NULL, print_job, &jobs[i]);
		if (rc != 0) {
			fprintf(stderr, "spooler: %s\n", strerror(rc));
			return 1;
		}
	}
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	puts("spooler idle");
	return 0;
}
