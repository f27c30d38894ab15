// corpus: buggy stack-use-after-return
/* Audit events are written by a detached thread so that the caller never
 * waits for the disk.  The writer starts once the log is opened. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct audit_event {
	int uid;
	char action[48];
};

static int log_opened[2];	/* pipe: one byte when the audit log is ready */

static void *audit_writer(void *arg)
{
	struct audit_event *ev = arg;
	char go;

	if (read(log_opened[0], &go, 1) != 1)
		return NULL;
	printf("audit: uid=%d action=%s\n", ev->uid, ev->action); // bug
	return NULL;
}

static int audit(int uid, const char *action)
{
	struct audit_event ev;
	pthread_attr_t attr;
	pthread_t t;
	int rc;

	ev.uid = uid;
	snprintf(ev.action, sizeof ev.action, "%s", action);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&t, &attr, audit_writer, &ev); // bug
	pthread_attr_destroy(&attr);
	return rc;
}

static void open_audit_log(void)
{
	char banner[64];
	memset(banner, '-', sizeof banner - 1);
	banner[sizeof banner - 1] = '\0';
	puts(banner);
	if (write(log_opened[1], "1", 1) != 1)
		perror("write");
}

int main(void)
{
	if (pipe(log_opened) != 0) {
		perror("pipe");
		return 1;
	}
	if (audit(1000, "login") != 0) {
		fputs("audit: cannot start writer\n", stderr);
		return 1;
	}
	open_audit_log();
	sleep(1);	/* let the writer finish before the process exits */
	return 0;
}
