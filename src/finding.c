/* finding.c: growable lists of findings and their locations. */
#include "finding.h"

#include <stdlib.h>
#include <string.h>

struct finding *finding_add(struct finding_list *list, const char *kind,
			    const char *message)
{
	if (list->len == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 8;
		struct finding *items = realloc(list->items, cap * sizeof *items);
		if (!items)
			return NULL;
		list->items = items;
		list->cap = cap;
	}
	struct finding *f = &list->items[list->len];
	*f = (struct finding){ .kind = strdup(kind), .message = strdup(message) };
	if (!f->kind || !f->message) {
		free(f->kind);
		free(f->message);
		return NULL;
	}
	list->len++;
	return f;
}

int finding_add_loc(struct finding *f, const char *file, int line, int col)
{
	return finding_add_place(f, file, line, col, NULL);
}

int finding_add_place(struct finding *f, const char *file, int line, int col,
		      const char *role)
{
	for (size_t i = 0; i < f->nlocs; i++)
		if (f->locs[i].line == line && f->locs[i].col == col &&
		    strcmp(f->locs[i].file, file) == 0)
			return 0;
	struct location *locs = realloc(f->locs, (f->nlocs + 1) * sizeof *locs);
	if (!locs)
		return -1;
	f->locs = locs;
	char *copy = strdup(file);
	char *role_copy = role ? strdup(role) : NULL;
	if (!copy || (role && !role_copy)) {
		free(copy);
		free(role_copy);
		return -1;
	}
	f->locs[f->nlocs++] = (struct location){ copy, line, col, role_copy };
	return 0;
}

static void finding_free(struct finding *f)
{
	for (size_t j = 0; j < f->nlocs; j++) {
		free(f->locs[j].file);
		free(f->locs[j].role);
	}
	free(f->locs);
	free(f->kind);
	free(f->message);
}

void finding_list_pop(struct finding_list *list)
{
	if (list->len)
		finding_free(&list->items[--list->len]);
}

void finding_list_free(struct finding_list *list)
{
	for (size_t i = 0; i < list->len; i++)
		finding_free(&list->items[i]);
	free(list->items);
	*list = (struct finding_list){ 0 };
}
