/* util.h: small helpers every module uses: clocks, strict number and list parsing, error
 * strings, whole writes, and scratch folders. */
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

/* Strict parsers: the whole string must be a number in [min, max] (fk_parse_double: finite,
 * decimal, no hex float). Return 0 or -1. */
int fk_parse_u64(const char *s, uint64_t max, uint64_t *out);
int fk_parse_long(const char *s, long min, long max, long *out);
int fk_parse_double(const char *s, double min, double max, double *out);
/* A comma-separated list of unsigned numbers, each in [min, max], at most cap of them. On
 * error returns -1 and puts the offending item in err. */
int fk_parse_u64_list(const char *s, uint64_t min, uint64_t max, uint64_t *out, size_t cap,
                      size_t *n, char *err, size_t errlen);

/* SIGINT, SIGTERM, SIGHUP and SIGQUIT only set a flag (no SA_RESTART, so blocking waits
 * return EINTR and see it); every wait and long loop (copies, generation) checks
 * fk_interrupted() and stops, so the caller can remove its scratch and exit 128 + the
 * signal. A child that must die of them instead calls fk_default_interrupt_handlers. */
void fk_install_interrupt_handlers(void);
void fk_default_interrupt_handlers(void);
/* The signal that interrupted forkomp (SIGINT, SIGTERM, SIGHUP, SIGQUIT), or 0. */
int fk_interrupted(void);

/* write(2) until done, retrying on EINTR. Returns 0 or -1 (errno set). */
int fk_write_all(int fd, const void *buf, size_t len);
/* read(2) until len bytes or end of file, retrying on EINTR. Returns the bytes read (fewer
 * than len only at end of file), or -1 (errno set). fk_pread_full reads from offset off. */
ssize_t fk_read_full(int fd, void *buf, size_t len);
ssize_t fk_pread_full(int fd, void *buf, size_t len, off_t off);

/* A new private folder $TMPDIR/forkomp-TAG-XXXXXX (or /tmp). Returns 0 or -1. */
int fk_make_scratch_dir(const char *tag, char *path, size_t pathlen);
/* Removes a folder tree (scratch folders only). Returns 0 or -1. */
int fk_remove_tree(const char *path);
/* Copies a regular file byte for byte (dst created 0644, replaced if present). Returns 0, or
 * -1 with errno set (EINTR when interrupted) and no partial dst left behind. */
int fk_copy_file(const char *src, const char *dst);

#endif
