/* SPDX-License-Identifier: MIT */
/* model_omp.c: W OpenMP threads in one process, schedule(static|dynamic, chunk). */
#include <omp.h>

#include "harness/models/model.h"

static int omp_run(const fk_taskset_t *ts, const fk_model_cfg_t *cfg, fk_model_out_t *out)
{
    (void)out;
    omp_set_schedule(cfg->schedule == FK_SCHED_DYNAMIC ? omp_sched_dynamic : omp_sched_static,
                     (int)cfg->chunk);
    long n = (long)ts->ntasks;
#pragma omp parallel num_threads(cfg->threads)
    {
        if (cfg->pin)
            fk_pin_to_core(omp_get_thread_num());
#pragma omp for schedule(runtime)
        for (long i = 0; i < n; i++)
            if (fk_run_one(ts, (size_t)i, omp_get_thread_num()) && cfg->landed) {
#pragma omp critical(fk_landed)
                fk_task_landed(cfg, ts, (size_t)i);
            }
    }
    return 0;
}

const fk_model_ops_t fk_model_omp = {
    .name = "omp",
    .summary = "W OpenMP threads in one process",
    .role = FK_ROLE_THREADS,
    .by_default = 1,
    .shape = fk_shape_threads,
    .run = omp_run,
};
