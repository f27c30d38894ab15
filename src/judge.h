/* judge.h: a run's findings against the program's header.
 *
 * A twin passes under a tool when every expectation for that tool is met at
 * each of its tagged lines, and every finding is accounted for by one (same
 * kind, at one of its tags). A broken twin's own exit under a detector is not
 * the detector's finding: it is tolerated, never counted as a catch. */
#ifndef DODONT_JUDGE_H
#define DODONT_JUDGE_H

#include "runner.h"

/* Sets r->passed and r->why. */
void judge(const struct program *p, enum tool t, struct run_result *r);
/* "data-race at 12, 14; hang": a short summary of findings. */
char *findings_summary(const struct finding_list *l);

#endif
