/* Unit tests: each tool's real, saved output, normalised.
 *
 * The logs in tests/unit/logs/ are what the tools printed on this project's
 * programs, with the checkout's folder written /project/ (and Valgrind's
 * frames with whole paths, as --fullpath-after= prints them); each test
 * names the kinds and the program lines dodont must read from them, and
 * nothing else. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "toollog.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *saved(const char *name)
{
	char *path = xasprintf("%s/%s", LOG_DIR, name);
	char *text = read_file(path, NULL);
	if (!text)
		fail_msg("cannot read %s", path);
	free(path);
	return text;
}

/* "kind@line,line kind@line": every finding, in order, as one string. */
static char *describe(const struct finding_list *l)
{
	char *s = xstrdup("");
	for (size_t i = 0; i < l->len; i++) {
		char *t = xasprintf("%s%s%s", s, i ? " " : "", l->items[i].kind);
		free(s);
		s = t;
		for (size_t j = 0; j < l->items[i].nlocs; j++) {
			t = xasprintf("%s%c%d", s, j ? ',' : '@', l->items[i].locs[j].line);
			free(s);
			s = t;
		}
	}
	return s;
}

typedef void parser(const char *, const struct user_code *, struct finding_list *);

/* The program's code: its one source, as the saved logs name it. */
static void user_of(const char *prog, struct user_code *u)
{
	static const char *const dirs[] = { "antipatterns", "patterns", "tests/fixtures" };
	const char *dir = strcmp(prog, "leak-undeclared.c") == 0 ||
				  strcmp(prog, "hang-undeclared.c") == 0 ? dirs[2] : dirs[0];
	char *path = xasprintf("/project/%s/%s", dir, prog);
	struct strv sources = { 0 };
	strv_push(&sources, path);
	user_code_init(u, &sources);
	strv_free(&sources);
	free(path);
}

static void check(parser *parse, const char *log, const char *prog, const char *want)
{
	char *text = saved(log);
	struct finding_list l = { 0 };
	struct user_code u;
	user_of(prog, &u);
	parse(text, &u, &l);
	user_code_free(&u);
	char *got = describe(&l);
	if (strcmp(got, want) != 0)
		fail_msg("%s: got '%s', want '%s'", log, got, want);
	free(got);
	finding_list_free(&l);
	free(text);
}

static void tsan_data_race_at_the_increment(void **state)
{
	(void)state;
	check(toollog_tsan, "tsan-data-race.log", "shared-counter.c", "data-race@44");
	char *text = saved("tsan-data-race.log");
	assert_int_equal(toollog_tsan_count(text), 1);
	free(text);
}

static void tsan_thread_leak_at_its_creation(void **state)
{
	(void)state;
	check(toollog_tsan, "tsan-thread-leak.log", "leak-undeclared.c", "thread-leak@25");
}

static void tsan_lock_order_names_both_acquisitions(void **state)
{
	(void)state;
	/* the lock taken while holding the other, then where that other was taken */
	check(toollog_tsan, "tsan-lock-order.log", "lock-order.c", "lock-order@64,63");
}

static void helgrind_lock_order_names_the_observed_acquisitions(void **state)
{
	(void)state;
	check(toollog_valgrind, "helgrind-lock-order.log", "lock-order.c", "lock-order@63,64");
}

static void helgrind_data_race_ignores_thread_announcements(void **state)
{
	(void)state;
	/* a read and a write; the "was created" stacks (main's pthread_create
	 * lines) are context, not the race */
	check(toollog_valgrind, "helgrind-data-race.log", "shared-counter.c",
	      "data-race@44 data-race@44");
}

static void drd_data_race_ignores_other_segments(void **state)
{
	(void)state;
	check(toollog_valgrind, "drd-data-race.log", "shared-counter.c",
	      "data-race@44 data-race@44");
	char *text = saved("drd-data-race.log");
	assert_int_equal(toollog_valgrind_count(text), 2);
	free(text);
}

static void memcheck_tells_a_thread_leak_from_a_memory_leak(void **state)
{
	(void)state;
	check(toollog_valgrind, "memcheck-leaks.log", "leak-undeclared.c",
	      "memory-leak@18 thread-leak@25");
}

static void asan_leak_at_its_allocation(void **state)
{
	(void)state;
	check(toollog_asan, "asan-leak.log", "leak-undeclared.c", "memory-leak@18");
}

static void drd_long_lock_hold_at_the_unlock(void **state)
{
	(void)state;
	check(toollog_valgrind, "drd-long-lock-hold.log", "blocking-under-lock.c",
	      "long-lock-hold@104,111");
}

/* A library's own lock held too long (glibc's at exit, on a loaded machine):
 * no frame in the program, so the finding has no place and says whose it is.
 * The log is written here in DRD's format, frames as DRD prints them. */
static void drd_long_hold_of_a_library_lock(void **state)
{
	(void)state;
	const char *log =
		"==1== Acquired at:\n"
		"==1==    at 0x4854677: pthread_mutex_lock@* (in /usr/libexec/valgrind/vgpreload_drd-amd64-linux.so)\n"
		"==1==    by 0x400A: _dl_fini (elf/./elf/dl-fini.c:51)\n"
		"==1== Lock on mutex 0x4000 was held during 29 ms (threshold: 20 ms).\n"
		"==1==    at 0x48582D4: pthread_mutex_unlock@* (in /usr/libexec/valgrind/vgpreload_drd-amd64-linux.so)\n"
		"==1==    by 0x400B: _dl_fini (elf/./elf/dl-fini.c:140)\n"
		"==1== \n==1== ERROR SUMMARY: 1 errors from 1 contexts\n";
	struct finding_list l = { 0 };
	struct user_code u;
	user_of("giant-lock.c", &u);
	toollog_valgrind(log, &u, &l);
	user_code_free(&u);
	assert_int_equal(l.len, 1);
	assert_string_equal(l.items[0].kind, "long-lock-hold");
	assert_int_equal(l.items[0].nlocs, 0);
	assert_true(l.items[0].traits & TRAIT_IN_LIBRARY);
	finding_list_free(&l);
}

static void drd_lock_held_at_exit_at_the_join(void **state)
{
	(void)state;
	/* "was first observed" (the mutex's init at line 136) is context */
	check(toollog_valgrind, "drd-lock-held-at-exit.log", "scoped-cleanup.c",
	      "lock-held-at-exit@140");
}

static void destroy_of_a_locked_mutex_by_every_tool(void **state)
{
	(void)state;
	check(toollog_valgrind, "drd-destroy-locked.log", "mutex-lifetime.c", "destroy-locked@77");
	/* Helgrind also reports glibc's EBUSY for that destroy: the same bug */
	check(toollog_valgrind, "helgrind-destroy-locked.log", "mutex-lifetime.c",
	      "destroy-locked@76 destroy-locked@76");
}

static void unlock_by_a_thread_that_does_not_own_it(void **state)
{
	(void)state;
	check(toollog_tsan, "tsan-unlock-unowned.log", "unlock-unowned.c", "unlock-unowned@70");
	/* Helgrind then thinks main still holds it at exit: a report with no
	 * line in the program */
	check(toollog_valgrind, "helgrind-unlock-unowned.log", "unlock-unowned.c",
	      "unlock-unowned@70 lock-held-at-exit");
}

static void asan_stack_use_after_return_at_the_read(void **state)
{
	(void)state;
	check(toollog_asan, "asan-stack-use-after-return.log", "stack-lifetime.c",
	      "stack-use-after-return@90");
}

static void parse_gdb(const char *text, const struct user_code *u, struct finding_list *l)
{
	struct finding *f = finding_add(l, "hang", "killed");
	toollog_gdb(text, u, f);
}

static void gdb_backtrace_gives_where_each_thread_blocks(void **state)
{
	(void)state;
	check(parse_gdb, "gdb-hang.bt", "hang-undeclared.c", "hang@19,27");
}

static void selfcheck_lines_of_this_program_only(void **state)
{
	(void)state;
	struct finding_list l = { 0 };
	struct strv sources = { 0 };
	strv_push(&sources, "/abs/x.c");
	struct user_code u;
	user_code_init(&u, &sources);
	toollog_selfcheck("/abs/x.c:12: self-check: counter is 3\n"
			  "other.c:40: self-check: not ours\n"
			  "/usr/include/x.c:9: self-check: not ours either\n"
			  "/abs/x.c:7: self-check: lost\n/abs/x.c: self-check: no line\n", &u, &l);
	user_code_free(&u);
	strv_free(&sources);
	char *got = describe(&l);
	assert_string_equal(got, "self-check@12 self-check@7");
	free(got);
	finding_list_free(&l);
}

/* Helgrind's bug 327548 as it printed it for tests/blocks/stress-io.c: its
 * own destroy wrapper reads the mutex glibc's unlock is still writing. */
static const char helgrind_destroy_race[] =
	"==1== Possible data race during read of size 1 at 0x1FFF000A88 by thread #1\n"
	"==1== Locks held: none\n"
	"==1==    at 0x4849225: ??? (in /usr/libexec/valgrind/vgpreload_helgrind-amd64-linux.so)\n"
	"==1==    by 0x48494CA: ??? (in /usr/libexec/valgrind/vgpreload_helgrind-amd64-linux.so)\n"
	"==1==    by 0x10BBB9: executor_destroy (/project/antipatterns/executor.c:27)\n"
	"==1==    by 0x10B397: main (/project/antipatterns/stress-io.c:309)\n"
	"==1== \n"
	"==1== This conflicts with a previous write of size 4 by thread #2\n"
	"==1== Locks held: none\n"
	"==1==    at 0x48F3C67: %s (nptl/./nptl/pthread_mutex_unlock.c:62)\n"
	"==1==    by 0x4849CE8: ??? (in /usr/libexec/valgrind/vgpreload_helgrind-amd64-linux.so)\n"
	"==1==    by 0x10BCC6: call_finished (/project/antipatterns/executor.c:55)\n"
	"==1==  Address 0x1fff000a88 is on thread #1's stack\n"
	"==1== \n==1== ERROR SUMMARY: 8 errors from 1 contexts\n";

/* TSan's errno report is not a call of an unsafe function; DRD's barrier
 * and detach misuse are pthread errors (both as the tools printed them on
 * LLVM's TSan tests). */
static void errno_and_pthread_misuse_have_their_kinds(void **state)
{
	(void)state;
	static const char tsan[] =
		"==================\n"
		"WARNING: ThreadSanitizer: signal handler spoils errno (pid=1)\n"
		"    #0 handler /project/antipatterns/atfork.c:51 (atfork.tsan+0xd08d0)\n"
		"    #1 main /project/antipatterns/atfork.c:68:15 (atfork.tsan+0xd0a52)\n"
		"\n"
		"SUMMARY: ThreadSanitizer: signal handler spoils errno /project/antipatterns/atfork.c:51 in handler\n"
		"==================\n"
		"ThreadSanitizer: reported 1 warnings\n";
	static const char drd[] =
		"==1== Destruction of barrier not synchronized with barrier wait call: barrier 0x10c060\n"
		"==1==    at 0x4856D0A: pthread_barrier_destroy (in /usr/libexec/valgrind/vgpreload_drd-amd64-linux.so)\n"
		"==1==    by 0x1093F1: main (/project/antipatterns/atfork.c:30)\n"
		"==1== \n"
		"==1== pthread_detach(): invalid thread ID 0x526c6c0\n"
		"==1==    at 0x4850BFD: pthread_detach (in /usr/libexec/valgrind/vgpreload_drd-amd64-linux.so)\n"
		"==1==    by 0x109402: main (/project/antipatterns/atfork.c:31)\n"
		"==1== \n==1== ERROR SUMMARY: 2 errors from 2 contexts\n";
	struct user_code u;
	user_of("atfork.c", &u);
	struct finding_list l = { 0 };
	toollog_tsan(tsan, &u, &l);
	char *d = describe(&l);
	assert_string_equal(d, "errno-spoiled@51");
	free(d);
	finding_list_free(&l);
	l = (struct finding_list){ 0 };
	toollog_valgrind(drd, &u, &l);
	d = describe(&l);
	assert_string_equal(d, "pthread-error@30 pthread-error@31");
	free(d);
	finding_list_free(&l);
	user_code_free(&u);
}

static unsigned helgrind_race_traits(const char *other_side)
{
	char *log = xasprintf(helgrind_destroy_race, other_side);
	struct finding_list l = { 0 };
	struct user_code u;
	user_of("stress-io.c", &u);
	toollog_valgrind(log, &u, &l);
	user_code_free(&u);
	free(log);
	assert_int_equal(l.len, 1);
	assert_string_equal(l.items[0].kind, "data-race");
	char *d = describe(&l);
	assert_string_equal(d, "data-race@27,55");
	free(d);
	unsigned traits = l.items[0].traits;
	finding_list_free(&l);
	return traits;
}

static void helgrind_destroy_wrapper_against_unlock_is_its_known_bug(void **state)
{
	(void)state;
	assert_true(helgrind_race_traits("__pthread_mutex_unlock_usercnt") &
		    TRAIT_DESTROY_AFTER_UNLOCK);
	/* the wrapper's read against any other write is not that bug */
	assert_false(helgrind_race_traits("memset") & TRAIT_DESTROY_AFTER_UNLOCK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tsan_data_race_at_the_increment),
		cmocka_unit_test(tsan_thread_leak_at_its_creation),
		cmocka_unit_test(tsan_lock_order_names_both_acquisitions),
		cmocka_unit_test(helgrind_lock_order_names_the_observed_acquisitions),
		cmocka_unit_test(helgrind_data_race_ignores_thread_announcements),
		cmocka_unit_test(drd_data_race_ignores_other_segments),
		cmocka_unit_test(memcheck_tells_a_thread_leak_from_a_memory_leak),
		cmocka_unit_test(asan_leak_at_its_allocation),
		cmocka_unit_test(drd_long_lock_hold_at_the_unlock),
		cmocka_unit_test(drd_long_hold_of_a_library_lock),
		cmocka_unit_test(drd_lock_held_at_exit_at_the_join),
		cmocka_unit_test(destroy_of_a_locked_mutex_by_every_tool),
		cmocka_unit_test(unlock_by_a_thread_that_does_not_own_it),
		cmocka_unit_test(asan_stack_use_after_return_at_the_read),
		cmocka_unit_test(gdb_backtrace_gives_where_each_thread_blocks),
		cmocka_unit_test(selfcheck_lines_of_this_program_only),
		cmocka_unit_test(helgrind_destroy_wrapper_against_unlock_is_its_known_bug),
		cmocka_unit_test(errno_and_pthread_misuse_have_their_kinds),
	};
	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
