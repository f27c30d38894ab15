/* exercise.h: `dodont exercise`, a broken twin handed to a student.
 *
 *   dodont exercise NAME [DIR]          writes DIR/NAME.c, hint-free
 *   dodont exercise --check DIR/NAME.c  judges the student's fix
 *
 * The copy keeps the broken twin's code and nothing that gives the answer:
 * no comment, no expect:/skip: line, no @tag. The check holds the fix to the
 * pair: clean under every tool that caught the broken twin (and the
 * watchdog), exit 0 with no failed self-check, and still concurrent: at least
 * the threads and child processes the correct twin starts. */
#ifndef DODONT_EXERCISE_H
#define DODONT_EXERCISE_H

/* Writes dir/entry.c and the support headers it includes. Refuses (exit 2,
 * one line) to overwrite anything. Returns the exit status. */
int exercise_write(const char *entry, const char *dir);
/* Judges file against the pair named by its file name, with at most jobs
 * runs at once. Prints one line per problem, then the verdict. Returns 0
 * fixed, 1 not yet; bad input exits 2. */
int exercise_check(const char *file, int jobs);

/* The pair's twin, "patterns" or "antipatterns": ROOT/DIR/ENTRY.c, checked
 * to exist (exit 2 with one line when the entry is unknown). */
char *exercise_twin_path(const char *root, const char *dir, const char *entry);

#endif
