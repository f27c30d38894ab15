// corpus: buggy data-race
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct blob {
	int refs;
	size_t len;
	unsigned char data[];
} blob;

static blob *blob_new(const void *src, size_t len)
{
	blob *b = malloc(sizeof *b + len);
	if (b == NULL)
		return NULL;
	b->refs = 1;
	b->len = len;
	memcpy(b->data, src, len);
	return b;
}

static blob *blob_get(blob *b)
{
	b->refs++; // bug
	return b;
}

static void blob_put(blob *b)
{
	if (--b->refs == 0) // bug
		free(b); // bug
}

static void *uploader(void *arg)
{
	blob *b = arg;
	unsigned sum = 0;
	for (size_t i = 0; i < b->len; i++)
		sum += b->data[i];
	printf("uploaded %zu bytes (sum %u)\n", b->len, sum);
	blob_put(b);
	return NULL;
}

int main(void)
{
	static const char payload[] = "the quick brown fox jumps over the lazy dog";
	pthread_t t[3];
	blob *b = blob_new(payload, sizeof payload);
	if (!b)
		return 1;

	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, uploader, blob_get(b));
	blob_put(b);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	return 0;
}
