// cocci-macros.h: macro hints for Coccinelle's C parser (spatch --macro-file).
// C11 _Atomic(T) is not known to Coccinelle 1.1.1; without this hint any
// function declaring an _Atomic(T) object is skipped. The expansion keeps the
// word _Atomic in the type so rules can still tell atomic objects apart.
#define _Atomic(T) T
