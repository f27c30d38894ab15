/* SPDX-License-Identifier: 0BSD */
/* shim_real.h: what dodont's LD_PRELOAD shims share.
 *
 * REAL(name) finds the next definition of a wrapped function (libc's), once.
 * OPEN_MODE reads open()'s optional mode argument. shim_say and the raw_*
 * calls go straight to the kernel: a shim may be failing write(), read() or
 * open() itself on purpose, and at exit stdio may be in any state, so what
 * the shims do for themselves must not pass through their own wrappers. */
#ifndef DODONT_SHIM_REAL_H
#define DODONT_SHIM_REAL_H

#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The next definition of name: libc's, looked up on the first call and kept
 * in an atomic slot (two threads making a first call at once both look it
 * up and store the same address: no race, no lock). */
#define REAL(name) \
	static __typeof__(name) *_Atomic real_##name##_slot; \
	__typeof__(name) *real_##name = \
		atomic_load_explicit(&real_##name##_slot, memory_order_acquire); \
	if (!real_##name) { \
		real_##name = (__typeof__(name) *)dlsym(RTLD_NEXT, #name); \
		atomic_store_explicit(&real_##name##_slot, real_##name, \
				      memory_order_release); \
	}

/* In a wrapper of open(path, flags, ...): the mode, when flags need one. */
#define OPEN_MODE(flags, mode) \
	do { \
		va_list ap_; \
		va_start(ap_, flags); \
		mode = ((flags) & (O_CREAT | O_TMPFILE)) ? va_arg(ap_, mode_t) : 0; \
		va_end(ap_); \
	} while (0)

/* Writes a line to stderr with the raw system call. */
static inline void shim_say(const char *line)
{
	size_t n = strlen(line);
	while (n > 0) {
		long w = syscall(SYS_write, 2, line, n);
		if (w <= 0)
			return;
		line += w;
		n -= (size_t)w;
	}
}

static inline int raw_open(const char *path, int flags)
{
	return (int)syscall(SYS_openat, AT_FDCWD, path, flags, 0);
}

static inline long raw_read(int fd, void *buf, size_t n)
{
	return syscall(SYS_read, fd, buf, n);
}

static inline void raw_close(int fd)
{
	(void)syscall(SYS_close, fd);
}

#endif
