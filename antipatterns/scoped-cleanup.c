/* SPDX-License-Identifier: 0BSD */
/*
 * scoped-cleanup: an early error return keeps the lock and leaks the copy
 *
 * rule: Use context managers for resource cleanup (seed)
 * expect: helgrind lock-held-at-exit
 * expect: drd lock-held-at-exit @join
 * expect: tsan,asan,watchdog hang @relock
 * expect: helgrind,drd,memcheck hang
 * expect: lint missing-unlock @early
 * expect: lint double-lock @lock
 * timeout: 2
 *
 * An importer thread applies a batch of "item=quantity" records to a shared
 * stock table. Each record is copied to the heap (to split it at '=') and
 * applied under the table's mutex; a record naming an unknown item, or taking
 * out more than is in stock, is rejected. After joining the importer, main locks the table and prints it.
 *
 * C has no context manager (Python's `with lock:`), so import_record has one
 * exit: once it holds something, every path, the error paths included, jumps
 * to the cleanup labels at the end, which release what was acquired in
 * reverse order (unlock, then free the copy). No early return can keep the
 * lock or leak the copy. The default batch ends with a record for an unknown
 * item (plums), so the error path under the lock runs every time.
 *
 * The bug: the unknown-item path (@early) returns straight away instead of
 * jumping to the cleanup. The importer thread ends still holding the mutex,
 * the copy leaks, and main blocks forever when it locks the table to print
 * it (@relock): a hang under every tool. Helgrind reports the exiting thread
 * that still holds a lock (its report has no frame in this file: the thread
 * is already in glibc's start_thread); DRD reports it where main notices the
 * exit, in pthread_join (@join). Memcheck never reaches its leak check: the
 * run is killed first.
 *
 * usage: scoped-cleanup [RECORD...]     default: apples=3 pears=4 plums=5
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The text of errno value err. With _GNU_SOURCE, glibc declares the GNU
 * strerror_r: it returns the text, which may be a static string, leaving buf
 * untouched. POSIX's (XSI) strerror_r fills buf and returns 0 or an error
 * number. Either way the text is what this returns. */
static const char *error_text(int err, char *buf, size_t len)
{
#if defined(__GLIBC__) && defined(_GNU_SOURCE)
	return strerror_r(err, buf, len);
#else
	if (strerror_r(err, buf, len) != 0)
		(void)snprintf(buf, len, "error %d", err);
	return buf;
#endif
}

#define PROG "scoped-cleanup"
#define MAX_QUANTITY 1000000L /* per record, so sums cannot overflow */

/* Reports a failed call and ends the process. _exit, not exit: this may run
 * on any thread, and exit() is not thread-safe (atexit handlers, stdio). */
static void check(int rc, const char *what)
{
	if (rc != 0) {
		char buf[128];
		fprintf(stderr, "%s: %s: %s\n", PROG, what,
			error_text(rc, buf, sizeof buf));
		_exit(1);
	}
}

struct item {
	const char *name;
	long quantity;
};

struct stock {
	pthread_mutex_t mutex; /* guards items[].quantity; every reader and writer takes it */
	struct item items[2];
};

/* Applies one "name=quantity" record. Returns 0, or -1 if it was rejected. */
static int import_record(struct stock *stock, const char *record)
{
	int rc = -1;
	char *copy = strdup(record); /* split in place: '=' becomes '\0' */
	if (!copy) {
		fprintf(stderr, "%s: record '%s': out of memory\n", PROG, record);
		return -1; /* nothing acquired yet */
	}
	char *eq = strchr(copy, '=');
	char *end = NULL;
	long quantity = eq ? strtol(eq + 1, &end, 10) : 0;
	if (!eq || end == eq + 1 || *end != '\0' || labs(quantity) > MAX_QUANTITY) {
		fprintf(stderr, "%s: record '%s': expected item=quantity\n", PROG, record);
		goto free_copy;
	}
	*eq = '\0';

	check(pthread_mutex_lock(&stock->mutex), "pthread_mutex_lock"); /* @lock */
	struct item *item = NULL;
	for (size_t i = 0; i < sizeof stock->items / sizeof stock->items[0]; i++)
		if (strcmp(stock->items[i].name, copy) == 0)
			item = &stock->items[i];
	if (!item) {
		fprintf(stderr, "%s: record '%s': unknown item '%s'\n", PROG, record, copy);
		return -1; /* @early: BUG, skips the unlock and the free */
	}
	if (item->quantity + quantity < 0) {
		fprintf(stderr, "%s: record '%s': only %ld in stock\n", PROG, record,
			item->quantity);
		goto unlock;
	}
	item->quantity += quantity;
	rc = 0;
unlock:
	check(pthread_mutex_unlock(&stock->mutex), "pthread_mutex_unlock");
free_copy:
	free(copy);
	return rc;
}

struct batch {
	struct stock *stock;
	char **records;
	int nrecords;
	int imported, rejected; /* written by the importer only; main reads after join */
};

static void *import_batch(void *arg)
{
	struct batch *b = arg;
	for (int i = 0; i < b->nrecords; i++) {
		if (import_record(b->stock, b->records[i]) == 0)
			b->imported++;
		else
			b->rejected++;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	static char *default_records[] = { "apples=3", "pears=4", "plums=5" };
	struct stock stock = { .items = { { "apples", 0 }, { "pears", 0 } } };
	struct batch batch = { &stock, default_records, 3, 0, 0 };
	if (argc > 1) {
		batch.records = argv + 1;
		batch.nrecords = argc - 1;
	}
	check(pthread_mutex_init(&stock.mutex, NULL), "pthread_mutex_init");

	pthread_t importer;
	check(pthread_create(&importer, NULL, import_batch, &batch), "pthread_create");
	check(pthread_join(importer, NULL), "pthread_join"); /* @join */

	check(pthread_mutex_lock(&stock.mutex), "pthread_mutex_lock"); /* @relock */
	printf("imported %d records, rejected %d; stock: %s %ld, %s %ld\n",
	       batch.imported, batch.rejected, stock.items[0].name, stock.items[0].quantity,
	       stock.items[1].name, stock.items[1].quantity);
	check(pthread_mutex_unlock(&stock.mutex), "pthread_mutex_unlock");
	check(pthread_mutex_destroy(&stock.mutex), "pthread_mutex_destroy");
	return 0;
}
