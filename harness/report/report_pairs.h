/* SPDX-License-Identifier: MIT */
/* report_pairs.h: the runs of two groups that ran in the same round of the engine (the
 * same file, seed and round), paired for the comparison of report_compare.c. */
#ifndef FK_REPORT_PAIRS_H
#define FK_REPORT_PAIRS_H

#include <stddef.h>

#include "harness/report/report.h"

/* The wall times of a's and b's ok runs of the same rounds, in round order, into new arrays
 * *x and *y (the caller frees both); *n the pairs. A round one arm ran twice (a file written
 * twice with one --order-seed) pairs its k-th run of a with its k-th of b. Runs without a round
 * (older files) pair with nothing. Returns 0, or -1 when memory is short. */
int fk_report_pairs(const fk_report_group_t *a, const fk_report_group_t *b, double **x, double **y,
                    size_t *n);

#endif
