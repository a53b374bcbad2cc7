/* SPDX-License-Identifier: MIT */
/* shp_tmp.h: what keeps --in-place safe beside other processes: the folder's lock (one
 * in-place run at a time), the temporary files of the rewrite (named with the pid of the
 * run that owns them, so a run removes only its own and recognises those of dead runs),
 * the advisory locks other programs hold on a .dbf (flock, lockf/fcntl), and the links a
 * rename would break (a symlink replaced by a file, hard links split). */
#ifndef FK_SHP_TMP_H
#define FK_SHP_TMP_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* In the names of temporary files: ".NAME.dbf.fk-tmp-PID-START-XXXXXX.dbf", PID and START
 * the owning run's pid and start time (proc.h; older names have no START); the ogr variant's
 * temporary folders are ".NAME.fk-tmp-PID-START-XXXXXX" (shp_ogr_inplace.h). */
#define FK_SHP_TMP_MARK ".fk-tmp-"

/* The owning run's pid in a temporary file's name; 0 when the name has none (an older
 * forkomp's) or is not a temporary file's. */
pid_t fk_shp_tmp_owner(const char *name);
/* 1 when name is a temporary file of the rewrite (any owner). */
int fk_shp_is_tmp(const char *name);

/* Takes an exclusive flock on folder dir, waiting up to wait_s seconds for another in-place
 * run to let it go. Returns the descriptor that holds it (close it to release), -2 when the
 * filesystem has no flock (a warning was printed: concurrent runs are then not detected),
 * or -1 with the reason in err. */
/* stop (may be NULL) ends any wait early, as an interrupt does. */
int fk_shp_lock_dir(const char *dir, double wait_s, int (*stop)(void), char *err, size_t errlen);

/* Removes the temporary files in dir whose owner is gone (its pid is not alive or belongs to
 * a process started at another time, or the name has none), printing one warning line each to
 * warn, and a note for each one kept because its run is alive. Call it holding the folder's lock:
 * no other in-place run can be writing then. Returns how many. */
int fk_shp_remove_stale(const char *dir, FILE *warn);

/* Removes the temporary file name in the folder open as dfd, or the ogr variant's temporary
 * folder of that name with the files in it. Returns 0 or -1 (errno set). */
int fk_shp_remove_temp(int dfd, const char *name);

/* 1 when dir holds no temporary file of owner (0: of anyone); else 0 and its name in why. */
int fk_shp_no_temp_left(const char *dir, pid_t owner, char *why, size_t whylen);
/* Removes owner's temporary files in dir (0: everyone's; a scratch folder is all ours): the
 * run is over, nobody writes them any more, the originals beside them were never touched.
 * Returns how many. */
int fk_shp_remove_temps(const char *dir, pid_t owner);

/* Before rewriting path in place: refuses a symbolic link or a file with other hard links,
 * and waits up to wait_s seconds while another program holds an advisory lock on it
 * (flock, or lockf/fcntl). Returns a descriptor holding both kinds of lock on it (flock and
 * an open-file-description write lock, which lockf/fcntl locks wait for) until the rename:
 * take it before reading the file, close it after. Or -1 with the reason in err. */
int fk_shp_claim_file(const char *path, double wait_s, int (*stop)(void), char *err, size_t errlen);

#endif
