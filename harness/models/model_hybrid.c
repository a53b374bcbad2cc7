/* SPDX-License-Identifier: MIT */
/* model_hybrid.c: P pool processes x T OpenMP threads each; every thread takes chunks from
 * the same shared schedule, so only the mix of processes and threads changes. */
#include "harness/models/model.h"

/* The pool runs procs x threads already (fk_run_pool): the hybrid differs in its shape. */
const fk_model_ops_t fk_model_hybrid = {
    .name = "hybrid",
    .summary = "P processes x T OpenMP threads each (--procs P)",
    .role = FK_ROLE_BOTH,
    .by_default = 1,
    .bounds_tasks = 1,
    .uses_procs = 1,
    .shape = fk_shape_even,
    .run = fk_run_pool,
};
