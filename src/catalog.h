/* catalog.h: where things are: the project root, its entries, its twins. */
#ifndef DODONT_CATALOG_H
#define DODONT_CATALOG_H

#include <stddef.h>

struct paths {
	char *root;	/* the project: patterns/, antipatterns/, checks/ */
	char *build;	/* root/build */
};

/* Finds the project from where the dodont binary lives (root/build/dodont). */
void paths_init(struct paths *p);
void paths_free(struct paths *p);

/* The entries: every patterns/NAME.c, sorted. Exits 2 when an entry lacks its
 * broken twin or the folder cannot be read. */
char **catalog_entries(const struct paths *p, size_t *n);
void catalog_free(char **entries, size_t n);

#endif
