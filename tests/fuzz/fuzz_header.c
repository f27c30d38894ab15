/* fuzz_header.c: a program's leading comment and @tags, as dodont reads them
 * (program_parse in program.c), for a catalogue entry (rule: required) and
 * for a user's program.
 *
 * Promises checked: a refusal says why in one line; an accepted header's
 * expectations each name a tool, a kind, and only tagged lines. */
#include "fuzz.h"

#include "program.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static void parse(const char *text, bool require_rule)
{
	struct program p;
	char err[512] = "";
	int rc = program_parse("/project/antipatterns/fuzzed.c", text, require_rule, &p,
			       err, sizeof err);
	if (rc != 0 && rc != -1)
		fuzz_broken("program_parse returned %d", rc);
	if (rc == -1 && (!err[0] || strchr(err, '\n')))
		fuzz_broken("program_parse refused without one line of reason: '%s'", err);
	for (size_t i = 0; rc == 0 && i < p.nexpects; i++) {
		const struct expectation *e = &p.expects[i];
		if (!e->tools || !e->kind)
			fuzz_broken("expectation %zu has no tool or no kind", i);
		for (size_t j = 0; j < e->ntags; j++)
			if (e->lines[j] <= 0)
				fuzz_broken("expectation %zu: @%s at line %d", i, e->tags[j],
					    e->lines[j]);
	}
	if (rc == 0 && require_rule && !p.rule)
		fuzz_broken("a catalogue entry accepted without a rule");
	program_free(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	parse(text, true);
	parse(text, false);
	free(text);
	return 0;
}
