/* SPDX-License-Identifier: MIT */
/* model_reverse.c: a model only the test build has (bin/forkomp-test, `make test`): one
 * worker running the tasks last to first. It shows that adding a model is this one file and
 * one line: the registry's weak slot (harness/cli/registry.c) takes it, and --models help,
 * the error lists, the CSV and the report see it like any other model. */
#include "harness/models/model.h"
#include "kernels/common/util.h"

static int reverse_shape(fk_model_cfg_t *cfg, char *err, size_t errlen)
{
    if (cfg->workers != 1)
        return fk_err(err, errlen, "reverse runs on exactly one worker (got %d)", cfg->workers);
    return fk_shape_threads(cfg, err, errlen);
}

static int reverse_run(const fk_taskset_t *ts, const fk_model_cfg_t *cfg, fk_model_out_t *out)
{
    (void)cfg, (void)out;
    for (size_t i = ts->ntasks; i-- > 0;)
        fk_run_one(ts, i, 0);
    return 0;
}

const fk_model_ops_t fk_model_extra = {
    .name = "reverse",
    .summary = "test build only: one worker, the tasks last to first",
    .role = FK_ROLE_ONE,
    .shape = reverse_shape,
    .run = reverse_run,
};
