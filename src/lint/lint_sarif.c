/* lint_sarif.c: the lint findings as SARIF 2.1.0, for CI code scanning
 * (GitHub and others read results, rules and physical locations). */
#include "lint.h"

#include <errno.h>
#include <jansson.h>
#include <string.h>

/* Appends v to array a, taking the reference; 0 or -1. */
static int push(json_t *a, json_t *v)
{
	return v ? json_array_append_new(a, v) : -1;
}

static const char *const levels[] = { "error", "warning", "note" };

static json_t *rule_json(const char *id)
{
	const struct lint_rule *r = lint_rule_find(id);
	json_t *o = json_pack("{s:s, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s, s:s}}",
			      "id", id,
			      "shortDescription", "text", r ? r->rule : id,
			      "help", "text", r ? r->guide : "GUIDE.md",
			      "defaultConfiguration", "level", levels[lint_severity(id)],
			      "properties", "guide", r ? r->guide : "GUIDE.md",
			      "tool", r ? r->tool : "");
	return o;
}

/* The index of id in the rules array, adding it when new; -1 on error. */
static long rule_index(json_t *rules, const char *id)
{
	size_t i;
	json_t *r;
	json_array_foreach(rules, i, r) {
		const char *rid = json_string_value(json_object_get(r, "id"));
		if (rid && strcmp(rid, id) == 0)
			return (long)i;
	}
	if (push(rules, rule_json(id)) != 0)
		return -1;
	return (long)json_array_size(rules) - 1;
}

static json_t *location_json(const struct location *l)
{
	json_t *region = l->col > 0
		? json_pack("{s:i, s:i}", "startLine", l->line, "startColumn", l->col)
		: json_pack("{s:i}", "startLine", l->line > 0 ? l->line : 1);
	json_t *artifact = l->file[0] == '/'
		? json_pack("{s:s}", "uri", l->file)
		: json_pack("{s:s, s:s}", "uri", l->file, "uriBaseId", "%SRCROOT%");
	if (!region || !artifact) {
		json_decref(region);
		json_decref(artifact);
		return NULL;
	}
	return json_pack("{s:{s:o, s:o}}", "physicalLocation",
			 "artifactLocation", artifact, "region", region);
}

static json_t *result_json(const struct finding *f, long index)
{
	json_t *locs = json_array();
	if (!locs)
		return NULL;
	for (size_t i = 0; i < f->nlocs; i++) {
		if (push(locs, location_json(&f->locs[i])) != 0) {
			json_decref(locs);
			return NULL;
		}
	}
	return json_pack("{s:s, s:i, s:s, s:{s:s}, s:o}",
			 "ruleId", f->kind, "ruleIndex", (int)index, "level", levels[f->severity],
			 "message", "text", f->message, "locations", locs);
}

static json_t *sarif_json(const struct finding_list *findings)
{
	json_t *rules = json_array(), *results = json_array();
	if (!rules || !results)
		goto fail;
	size_t n;
	const struct lint_rule *table = lint_rules(&n);
	for (size_t i = 0; i < n; i++)
		if (push(rules, rule_json(table[i].id)) != 0)
			goto fail;
	for (size_t i = 0; i < findings->len; i++) {
		long k = rule_index(rules, findings->items[i].kind);
		if (k < 0 || push(results, result_json(&findings->items[i], k)) != 0)
			goto fail;
	}
	return json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:o}}, s:o}]}",
			 "$schema", "https://json.schemastore.org/sarif-2.1.0.json",
			 "version", "2.1.0",
			 "runs", "tool", "driver", "name", "dodont lint",
			 "rules", rules, "results", results);
fail:
	json_decref(rules);
	json_decref(results);
	return NULL;
}

int lint_write_sarif(const char *path, const struct finding_list *findings)
{
	json_t *doc = sarif_json(findings);
	if (!doc) {
		errno = ENOMEM;
		return -1;
	}
	int rc = json_dump_file(doc, path, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	json_decref(doc);
	if (rc != 0) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}
