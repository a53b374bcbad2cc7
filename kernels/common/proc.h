/* SPDX-License-Identifier: MIT */
/* proc.h: who a process is, for leftovers named after their owner: a pid is reused, so a
 * process is its pid and its start time (field 22 of /proc/PID/stat, in clock ticks after
 * boot), which together never name two processes. */
#ifndef FK_PROC_H
#define FK_PROC_H

#include <sys/types.h>

/* Field `field` (1-based, as proc(5) numbers them, 3 or above) of /proc/PID/stat (pid 0:
 * this process) as a number, or -1 when it cannot be read (no such process). */
long long fk_proc_stat_field(pid_t pid, int field);

/* The start time of pid (0: this process), or -1 when there is no such process. */
long long fk_proc_start(pid_t pid);

/* 1 when process pid still runs and, when start >= 0, is the one that started at start (not
 * a later process given the same pid). */
int fk_proc_alive(pid_t pid, long long start);

#endif
