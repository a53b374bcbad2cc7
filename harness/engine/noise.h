/* SPDX-License-Identifier: MIT */
/* noise.h: how much the machine disturbed each run, measured rather than guessed from the
 * load average:
 *  - others_cpu_s: CPU time the whole machine used during the run (/proc/stat's busy ticks,
 *    10 ms each) less the run's own (its rusage: every process and thread of it) and the
 *    harness's (its own rusage: it waits for the run and reads its memory);
 *  - psi_cpu_some_s: time some task waited for a CPU during the run (/proc/pressure/cpu's
 *    "some" total, where the kernel has PSI; it counts the run's own workers when they
 *    outnumber the CPUs);
 *  - disturbed: others used more than FK_NOISE_CPUS of a CPU on average over the run (and
 *    at least FK_NOISE_MIN_S, above the ticks' resolution);
 *  - others_measuring: how many other forkomps were measuring on this machine (each one
 *    holds a lock while it measures), named on stderr when the command starts. */
#ifndef FK_NOISE_H
#define FK_NOISE_H

#include "harness/engine/csv.h"
#include "harness/engine/engine.h"

/* FK_NOISE_CPUS and FK_NOISE_MIN_S: csv.h (the disturbed column's meaning) */

/* Notes /proc/stat and PSI before a run. */
void fk_noise_start(fk_engine_t *eng);
/* After the run: fills row's noise columns (row's user_s and sys_s are the run's own). */
void fk_noise_finish(const fk_engine_t *eng, fk_csv_row_t *row);
/* 1 when others_cpu_s over a run of wall_s seconds is beyond the threshold above. */
int fk_noise_disturbed(double others_cpu_s, double wall_s);

/* Takes the measuring lock (unless eng->no_lock); without one, nothing is detected. */
void fk_noise_lock(fk_engine_t *eng);
/* The other forkomps holding the lock now; up to max of their pids into pids (may be NULL). */
int fk_noise_others_measuring(const fk_engine_t *eng, int *pids, int max);
/* Names them on stderr, when there are any. */
void fk_noise_warn_others(const fk_engine_t *eng);
void fk_noise_unlock(fk_engine_t *eng);

#endif
