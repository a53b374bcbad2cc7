/* SPDX-License-Identifier: MIT */
/* model_serial.c: the baseline: every task in order, in the measuring process itself. */
#include "harness/models/model.h"
#include "kernels/common/util.h"

static int serial_shape(fk_model_cfg_t *cfg, char *err, size_t errlen)
{
    if (cfg->workers != 1)
        return fk_err(err, errlen, "serial runs on exactly one worker (got %d)", cfg->workers);
    return fk_shape_threads(cfg, err, errlen);
}

static int serial_run(const fk_taskset_t *ts, const fk_model_cfg_t *cfg, fk_model_out_t *out)
{
    (void)out;
    if (cfg->pin)
        fk_pin_to_core(0);
    for (size_t i = 0; i < ts->ntasks; i++)
        if (fk_run_one(ts, i, 0))
            fk_task_landed(cfg, ts, i);
    return 0;
}

const fk_model_ops_t fk_model_serial = {
    .name = "serial",
    .summary = "one worker, tasks in order: the baseline",
    .role = FK_ROLE_ONE,
    .by_default = 1,
    .shape = serial_shape,
    .run = serial_run,
};
