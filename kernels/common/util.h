/* SPDX-License-Identifier: MIT */
/* util.h: the plain helpers every layer may use (kernels, harness, datasets): clocks, error
 * strings, signal names, whole reads and writes. It depends on nothing but libc; anything
 * with a policy (interrupts, scratch folders, option parsing) lives in the harness. */
#ifndef FK_UTIL_H
#define FK_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Seconds on CLOCK_MONOTONIC, and the same clock in nanoseconds (comparable across
 * processes: the pool compares a worker's task start with the parent's clock). */
double fk_now(void);
int64_t fk_now_ns(void);

/* "SEGV" for SIGSEGV: the abbreviation of a signal, never NULL ("?" when unknown). */
const char *fk_signame(int sig);

/* snprintf into err (when err is not NULL); returns -1 so callers can `return fk_err(...)`. */
int fk_err(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* write(2) until done, retrying on EINTR. Returns 0 or -1 (errno set). */
int fk_write_all(int fd, const void *buf, size_t len);
/* read(2) until len bytes or end of file, retrying on EINTR. Returns the bytes read (fewer
 * than len only at end of file), or -1 (errno set). fk_pread_full reads from offset off. */
ssize_t fk_read_full(int fd, void *buf, size_t len);
ssize_t fk_pread_full(int fd, void *buf, size_t len, off_t off);

/* mkdir -p: creates path and its missing parents (0755). Returns 0 or -1 (errno set). */
int fk_mkdir_p(const char *path);

#endif
