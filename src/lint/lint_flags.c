/* lint_flags.c: which of a file's compiler flags each analyzer takes, and
 * the groups of files that share them: one analyzer process parses all its
 * files with one set of flags, so files whose flags differ (for that
 * analyzer) go to different processes. */
#include "lint_int.h"

#include <stdlib.h>
#include <string.h>

/* The value of a flag given joined (-Idir) or as the next word (-I dir):
 * NULL when word is not `flag`. Advances *i past a separate value. */
static const char *value_of(const struct strv *user, size_t *i, const char *flag)
{
	const char *w = user->v[*i];
	size_t len = strlen(flag);
	if (strncmp(w, flag, len) != 0)
		return NULL;
	if (w[len])
		return w + len;
	if (*i + 1 < user->n)
		return user->v[++*i];
	return NULL;
}

void lint_flags_tidy(const struct strv *user, struct strv *out)
{
	for (size_t i = 0; user && i < user->n; i++)
		strv_push(out, user->v[i]);
}

void lint_flags_cppcheck(const struct strv *user, struct strv *out)
{
	static const char *const kept[] = { "-I", "-D", "-U" };
	for (size_t i = 0; user && i < user->n; i++) {
		for (size_t k = 0; k < sizeof kept / sizeof kept[0]; k++) {
			size_t at = i;
			const char *v = value_of(user, &at, kept[k]);
			if (!v)
				continue;
			char *flag = xasprintf("%s%s", kept[k], v);
			strv_push(out, flag);
			free(flag);
			i = at;
			break;
		}
	}
}

void lint_flags_spatch(const struct strv *user, struct strv *out)
{
	for (size_t i = 0; user && i < user->n; i++) {
		const char *dir = value_of(user, &i, "-I");
		if (dir) {
			strv_push(out, "-I");
			strv_push(out, dir);
		}
	}
}

static int same(const struct strv *a, const struct strv *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return 0;
	return 1;
}

void lint_groups_make(struct lint_groups *g, const struct lint_inputs *in,
		      void (*project)(const struct strv *user, struct strv *out))
{
	*g = (struct lint_groups){ .of = xcalloc(in->n ? in->n : 1, sizeof *g->of),
				   .flags = xcalloc(in->n ? in->n : 1, sizeof *g->flags) };
	for (size_t i = 0; i < in->n; i++) {
		struct strv mine = { 0 };
		project(in->flags ? &in->flags[i] : NULL, &mine);
		size_t k = 0;
		while (k < g->n && !same(&g->flags[k], &mine))
			k++;
		if (k == g->n)
			g->flags[g->n++] = mine;
		else
			strv_free(&mine);
		g->of[i] = k;
	}
}

size_t lint_group_files(const struct lint_groups *g, size_t group, size_t n, size_t *files)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (g->of[i] == group)
			files[m++] = i;
	return m;
}

void lint_groups_free(struct lint_groups *g)
{
	for (size_t k = 0; k < g->n; k++)
		strv_free(&g->flags[k]);
	free(g->flags);
	free(g->of);
	*g = (struct lint_groups){ 0 };
}
