/* model_hybrid.c: P pool processes x T OpenMP threads each; every thread takes chunks from
 * the same shared schedule, so only the mix of processes and threads changes. */
#include "harness/models/model.h"
#include "kernels/common/util.h"

/* fork_run in model_fork.c already runs procs x threads: the hybrid differs in its shape. */
extern const fk_model_ops_t fk_model_fork;

/* The most even split of W: the largest divisor P <= sqrt(W) gives P x W/P. */
static int hybrid_shape(fk_model_cfg_t *cfg, char *err, size_t errlen)
{
    int w = cfg->workers, p = cfg->procs;
    if (p == 0) {
        p = 1;
        for (int d = 1; d * d <= w; d++)
            if (w % d == 0)
                p = d;
    }
    if (p < 1 || w % p != 0)
        return fk_err(err, errlen, "--procs %d does not divide workers %d", p, w);
    cfg->procs = p;
    cfg->threads = w / p;
    return 0;
}

static int hybrid_run(const fk_taskset_t *ts, const fk_model_cfg_t *cfg, fk_model_out_t *out)
{
    return fk_model_fork.run(ts, cfg, out);
}

const fk_model_ops_t fk_model_hybrid = {
    .name = "hybrid",
    .summary = "P processes x T OpenMP threads each (--procs P)",
    .role = FK_ROLE_BOTH,
    .by_default = 1,
    .bounds_tasks = 1,
    .uses_procs = 1,
    .shape = hybrid_shape,
    .run = hybrid_run,
};
