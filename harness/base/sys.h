/* SPDX-License-Identifier: MIT */
/* sys.h: the harness's process-wide services: the interrupt flag every wait and long loop
 * checks, scratch folders and copies into them, and this process's /proc/self/stat. */
#ifndef FK_SYS_H
#define FK_SYS_H

#include <stddef.h>

/* SIGINT, SIGTERM, SIGHUP and SIGQUIT only set a flag (no SA_RESTART, so blocking waits
 * return EINTR and see it); every wait and long loop (copies, generation) checks
 * fk_interrupted() and stops, so the caller can remove its scratch and exit 128 + the
 * signal. A child that must die of them instead calls fk_default_interrupt_handlers. */
void fk_install_interrupt_handlers(void);
void fk_default_interrupt_handlers(void);
/* The signal that interrupted forkomp (SIGINT, SIGTERM, SIGHUP, SIGQUIT), or 0. */
int fk_interrupted(void);

/* A new private folder $TMPDIR/forkomp-TAG-PID-START-XXXXXX (or /tmp), PID and START this
 * process's (proc.h). Returns 0 or -1. */
int fk_make_scratch_dir(const char *tag, char *path, size_t pathlen);
/* Removes a folder tree (scratch folders only). Returns 0 or -1. */
int fk_remove_tree(const char *path);
/* Copies a regular file byte for byte (dst created 0644, replaced if present). Returns 0, or
 * -1 with errno set (EINTR when interrupted) and no partial dst left behind. */
int fk_copy_file(const char *src, const char *dst);

/* Field `field` (1-based, as proc(5) numbers them, 3 or above) of /proc/self/stat as a
 * number, or -1 when it cannot be read. */
long long fk_self_stat_field(int field);

#endif
