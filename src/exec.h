/* exec.h: run one program under the watchdog.
 *
 * The program runs in a process group of its own with its output in a log
 * file. When it outlives its timeout, the watchdog records where its threads
 * are blocked (gdb backtraces, when asked) and kills the whole group. A group
 * still alive after the program's own exit is counted and killed, so nothing
 * is ever left running. */
#ifndef DODONT_EXEC_H
#define DODONT_EXEC_H

#include <stdbool.h>
#include <stddef.h>

struct exec_result {
	int status;		/* as from waitpid */
	bool timed_out;		/* killed: outlived its timeout, or hung */
	bool hung;		/* killed early: every thread blocked for good */
	double blocked_seconds;	/* then: how long nothing could wake it */
	bool busy;		/* timed out while still using CPU (slow, or spinning) */
	int leftovers;		/* processes of its group alive after it exited */
	double seconds;
};

/* The most a program's log may hold (RLIMIT_FSIZE, set for dodont and every
 * program it starts): a program that writes more is stopped by SIGXFSZ. */
#define EXEC_LOG_LIMIT (64L << 20)

/* How long every thread of a program must stay blocked for good, using no
 * CPU, before it is called hung without waiting for its timeout. */
#define EXEC_HANG_WINDOW 1.0

struct exec_request {
	char *const *argv;	/* argv[0] is looked up in PATH */
	char *const *envp;	/* exactly the environment: nothing inherited */
	const char *out_path;	/* stdout, and stderr unless err_path */
	const char *err_path;
	double timeout;		/* seconds; the watchdog's backstop */
	const char *bt_path;	/* gdb backtraces on a hang, or NULL */
	bool watch_hangs;	/* call it hung once blocked for good (group_watch.h) */
	bool sanitizer;		/* leave a sanitizer runtime's own sleeper out */
};

/* Runs the request under the watchdog, holding a CPU token (cpu_budget.h)
 * while the program uses CPU. Returns 0, or -1 with one line in err when it
 * could not be started or waited for. */
int exec_watch(const struct exec_request *req, struct exec_result *r, char *err,
	       size_t errlen);

/* Runs argv with exactly envp (nothing inherited), stdin from /dev/null,
 * stdout and stderr to log_path. bt_path, when not NULL, receives gdb
 * backtraces of the group's processes if the timeout fires. Returns 0, or -1
 * with one line in err when the program could not be started. */
int exec_run(char *const argv[], char *const envp[], const char *log_path,
	     double timeout, const char *bt_path, struct exec_result *r,
	     char *err, size_t errlen);
/* The same, with stderr in a file of its own (the analyzers print their
 * findings and their complaints to different streams). */
int exec_run_split(char *const argv[], char *const envp[], const char *out_path,
		   const char *err_path, double timeout, const char *bt_path,
		   struct exec_result *r, char *err, size_t errlen);

/* Blocks SIGINT, SIGTERM and SIGHUP in every thread (call it before any
 * thread starts) and starts one thread that waits for them with sigwait:
 * on Ctrl-C it kills the process group of every program still running, so
 * an interrupted demo leaves nothing behind, then exits with 128 + signal. */
void exec_guard_interrupts(void);
/* Caps the size of every file dodont and its programs write (call once, in
 * main): a program that prints without end fills no disk. */
void exec_limit_logs(void);

#endif
