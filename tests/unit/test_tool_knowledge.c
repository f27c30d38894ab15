/* Unit tests: what each tool is known to get wrong explains a finding only
 * when every tool that reported it is one the row is about, and the tools
 * the row's note speaks of ran. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "tool_knowledge.h"
#include "tools.h"

#define BIT(t) (1u << (t))

static const unsigned everything = ~0u;

static struct finding finding(const char *kind, unsigned traits)
{
	return (struct finding){ .kind = (char *)kind, .traits = traits };
}

static void helgrinds_destroy_race_stands_aside_when_tsan_saw_it(void **state)
{
	(void)state;
	struct finding f = finding("data-race", TRAIT_DESTROY_AFTER_UNLOCK);
	assert_non_null(blind_spot_for(&f, BIT(TOOL_HELGRIND), 0, everything));
	assert_null(blind_spot_for(&f, BIT(TOOL_HELGRIND) | BIT(TOOL_TSAN), 0, everything));
	/* the note says TSan saw nothing: only when TSan ran */
	assert_null(blind_spot_for(&f, BIT(TOOL_HELGRIND), 0, BIT(TOOL_HELGRIND)));
	f = finding("data-race", 0);
	assert_null(blind_spot_for(&f, BIT(TOOL_HELGRIND), 0, everything));
}

static void a_slow_tool_is_no_hang_when_the_native_run_ended(void **state)
{
	(void)state;
	unsigned valgrind = BIT(TOOL_DRD) | BIT(TOOL_MEMCHECK);
	struct finding busy = finding("hang", TRAIT_STILL_BUSY);
	assert_non_null(blind_spot_for(&busy, valgrind, 0, everything));
	/* the native run timed out too: a hang (or a livelock) */
	assert_null(blind_spot_for(&busy, valgrind | BIT(TOOL_WATCHDOG), 0, everything));
	/* no native run to compare with */
	assert_null(blind_spot_for(&busy, valgrind, 0, valgrind));
	/* blocked, using no CPU: a hang whatever the native run did */
	struct finding frozen = finding("hang", 0);
	assert_null(blind_spot_for(&frozen, valgrind, 0, everything));
}

static void tsans_held_back_signal_needs_a_handler(void **state)
{
	(void)state;
	struct finding f = finding("hang", 0);
	assert_non_null(blind_spot_for(&f, BIT(TOOL_TSAN), USES_SIGNAL_HANDLERS, everything));
	assert_null(blind_spot_for(&f, BIT(TOOL_TSAN), 0, everything));
	assert_null(blind_spot_for(&f, BIT(TOOL_TSAN) | BIT(TOOL_HELGRIND),
				   USES_SIGNAL_HANDLERS, everything));
}

static void helgrinds_unlock_in_a_cancel_handler(void **state)
{
	(void)state;
	struct finding f = finding("unlock-unowned", 0);
	assert_non_null(blind_spot_for(&f, BIT(TOOL_HELGRIND), USES_CANCEL_CLEANUP, everything));
	assert_null(blind_spot_for(&f, BIT(TOOL_HELGRIND), 0, everything));
	assert_null(blind_spot_for(&f, BIT(TOOL_HELGRIND) | BIT(TOOL_TSAN),
				   USES_CANCEL_CLEANUP, everything));
}

static void memchecks_running_thread_is_no_leak_for_tsan(void **state)
{
	(void)state;
	struct finding f = finding("thread-leak", 0);
	assert_non_null(blind_spot_for(&f, BIT(TOOL_MEMCHECK), 0, everything));
	assert_null(blind_spot_for(&f, BIT(TOOL_MEMCHECK) | BIT(TOOL_TSAN), 0, everything));
	assert_null(blind_spot_for(&f, BIT(TOOL_MEMCHECK), 0, BIT(TOOL_MEMCHECK)));
}

static void valgrinds_atomics_blind_spot_is_not_tsans(void **state)
{
	(void)state;
	struct finding f = finding("data-race", 0);
	unsigned valgrind = BIT(TOOL_HELGRIND) | BIT(TOOL_DRD);
	assert_non_null(blind_spot_for(&f, valgrind, USES_ATOMICS, everything));
	assert_null(blind_spot_for(&f, valgrind | BIT(TOOL_TSAN), USES_ATOMICS, everything));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(helgrinds_destroy_race_stands_aside_when_tsan_saw_it),
		cmocka_unit_test(a_slow_tool_is_no_hang_when_the_native_run_ended),
		cmocka_unit_test(tsans_held_back_signal_needs_a_handler),
		cmocka_unit_test(helgrinds_unlock_in_a_cancel_handler),
		cmocka_unit_test(memchecks_running_thread_is_no_leak_for_tsan),
		cmocka_unit_test(valgrinds_atomics_blind_spot_is_not_tsans),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
