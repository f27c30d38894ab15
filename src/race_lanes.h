/* race_lanes.h: a data race drawn as two thread lanes on a time line.
 *
 * A TSan or Helgrind race report names two accesses: the one that raced
 * (thread B) and the earlier one it conflicts with (thread A), each with the
 * stack that made it. The picture puts each on its thread's lane, at the
 * program line that made it, with nothing between them that orders them. */
#ifndef DODONT_RACE_LANES_H
#define DODONT_RACE_LANES_H

#include <stdio.h>

struct access {
	char thread[32];	/* "thread T1", "main thread", "thread #2" */
	char what[24];		/* "write", "read", "atomic write" */
	int line;		/* the first frame in the program's file */
};

/* Reads the two accesses of one race report (a log excerpt) whose frames
 * name file's base name. Returns 0 when both were found. */
int race_accesses(const char *report, const char *file, struct access *earlier,
		  struct access *later);
/* An inline SVG of the two accesses (escaped). */
void race_lanes_svg(FILE *out, const struct access *earlier, const struct access *later);

#endif
