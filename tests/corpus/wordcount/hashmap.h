/* A string -> counter hash map that several threads may update at once. */
#ifndef HASHMAP_H
#define HASHMAP_H

#include <stddef.h>

struct hashmap;

struct hashmap *hashmap_new(size_t nbuckets);
void hashmap_free(struct hashmap *m);
/* Adds delta to key's counter, creating it at 0 first; -1 on out of memory. */
int hashmap_add(struct hashmap *m, const char *key, long delta);
long hashmap_get(struct hashmap *m, const char *key);
size_t hashmap_size(const struct hashmap *m);

#endif
