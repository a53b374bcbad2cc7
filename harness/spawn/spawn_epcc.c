/* SPDX-License-Identifier: MIT */
/* spawn_epcc.c: the EPCC timing method of `forkomp spawn` (see spawn.h), run in a fresh child
 * through harness/engine/measure.c: the probe poses as a model whose "run" is the whole
 * measurement, so the deadline, the interrupt handling, the rusage and the crash reports are
 * the same as for every other run of the suite. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "harness/engine/measure.h"
#include "harness/spawn/spawn.h"
#include "kernels/common/util.h"

#define MAX_INNER (1L << 24)

/* gcc's noipa keeps the optimiser from looking through a function; clang has no such
 * attribute, and noinline suffices there (clang -O2 clones no specialised copies). */
#if defined(__clang__)
#define FK_NOIPA __attribute__((noinline))
#else
#define FK_NOIPA __attribute__((noipa))
#endif

typedef int (*op_fn)(void *state, char *err, size_t errlen);

/* The reference operation: nothing, behind the same indirect call as the real ones. */
FK_NOIPA static int ref_op(void *state, char *err, size_t errlen)
{
    (void)state, (void)err, (void)errlen;
    return 0;
}

/* Times `inner` calls of op; counts successes in *ok and keeps the first failure's reason.
 * FK_NOIPA: a clone specialised for ref_op would make the reference cheaper than the loop the
 * real operations run in. */
FK_NOIPA static double time_loop(op_fn op, void *state, long inner, long *ok, char *err,
                                 size_t errlen)
{
    long good = 0;
    double t0 = fk_now();
    for (long i = 0; i < inner; i++)
        good += op(state, good == i ? err : NULL, errlen) == 0;
    double t = fk_now() - t0;
    *ok = good;
    return t;
}

/* EPCC's calibration: double the inner repetitions until one loop takes the target time
 * (this is also the warm-up). Stops early at the first failure. */
static long calibrate(const fk_spawn_probe_t *p, void *state, char *err, size_t errlen)
{
    long inner = 1, ok;
    for (;;) {
        double t = time_loop(p->mech->op, state, inner, &ok, err, errlen);
        if (t >= p->target_s || inner >= MAX_INNER || ok < inner)
            return inner;
        inner *= 2;
    }
}

static double cpu_s(const struct timeval *tv)
{
    return (double)tv->tv_sec + (double)tv->tv_usec * 1e-6;
}

/* The CPU time (user, sys) of this process plus its reaped children so far. */
static void cpu_now(double *user, double *sys)
{
    struct rusage self, kids;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &kids);
    *user = cpu_s(&self.ru_utime) + cpu_s(&kids.ru_utime);
    *sys = cpu_s(&self.ru_stime) + cpu_s(&kids.ru_stime);
}

/* One outer repetition: the reference loop, then the timed loop, same inner count. */
static void run_rep(const fk_spawn_probe_t *p, void *state, long inner, fk_spawn_rep_t *rep,
                    fk_result_t *res)
{
    long ref_ok;
    double u0, s0, u1, s1;
    rep->inner = inner;
    rep->ref_s = time_loop(ref_op, NULL, inner, &ref_ok, NULL, 0);
    cpu_now(&u0, &s0);
    rep->test_s = time_loop(p->mech->op, state, inner, &rep->ok, res->msg, sizeof res->msg);
    cpu_now(&u1, &s1);
    rep->user_s = u1 - u0;
    rep->sys_s = s1 - s0;
    res->value = (uint64_t)rep->ok;
    res->aux = (uint64_t)inner;
    res->status = rep->ok == inner ? FK_TASK_OK : FK_TASK_FAILED;
}

/* A parent of a given resident size: anonymous memory, every page written. Small pages on
 * purpose (a Python heap is mostly small pages): fork copies one page-table entry per page. */
static void *touch_resident(size_t bytes, char *err, size_t errlen)
{
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        fk_err(err, errlen, "cannot map %zu bytes for the resident size", bytes);
        return NULL;
    }
    madvise(p, bytes, MADV_NOHUGEPAGE);
    memset(p, 0x5a, bytes);
    return p;
}

static void fail_all(const fk_taskset_t *ts, const char *why)
{
    for (size_t i = 0; i < ts->ntasks; i++) {
        ts->results[i].status = FK_TASK_FAILED;
        snprintf(ts->results[i].msg, sizeof ts->results[i].msg, "%s", why);
    }
}

/* The "model": the whole measurement of one probe, inside the child of fk_measure. */
static int probe_run(const fk_taskset_t *ts, const fk_model_cfg_t *cfg, fk_model_out_t *out)
{
    (void)cfg, (void)out;
    const fk_spawn_probe_t *p = ts->ctx;
    char err[FK_RESULT_MSG] = "";
    void *resident = NULL, *state = NULL;
    if (p->resident && !(resident = touch_resident(p->resident, err, sizeof err))) {
        fail_all(ts, err);
        return 0;
    }
    if (p->mech->setup && !(state = p->mech->setup(p->workers, err, sizeof err))) {
        fail_all(ts, err);
    } else {
        long inner = calibrate(p, state, err, sizeof err);
        for (size_t r = 0; r < ts->ntasks; r++)
            run_rep(p, state, inner, &p->reps_out[r], &ts->results[r]);
        if (p->mech->teardown)
            p->mech->teardown(state);
    }
    if (resident)
        munmap(resident, p->resident);
    return 0;
}

static void probe_verify(void *ctx, const fk_result_t *res, size_t n, fk_verdict_t *v)
{
    (void)ctx;
    v->checksum = 0;
    v->verified = 1;
    for (size_t i = 0; i < n; i++) {
        v->checksum += res[i].value;
        if (v->verified && (res[i].status != FK_TASK_OK || res[i].value != res[i].aux)) {
            v->verified = 0;
            snprintf(v->why, sizeof v->why, "repetition %zu: %llu of %llu operations failed", i + 1,
                     (unsigned long long)(res[i].aux - res[i].value),
                     (unsigned long long)res[i].aux);
        }
    }
}

static const fk_kernel_ops_t probe_kernel = {
    .name = "spawn",
    .summary = "one spawn-overhead measurement",
    .verify = probe_verify,
};

static const fk_model_ops_t probe_model = {
    .name = "spawn probe",
    .summary = "times one mechanism, EPCC style",
    .run = probe_run,
};

double fk_spawn_per_op(const fk_spawn_rep_t *rep)
{
    return rep->inner > 0 ? (rep->test_s - rep->ref_s) / (double)rep->inner : 0;
}

int fk_spawn_measure(fk_spawn_probe_t *probe, double timeout_s, char (*status)[FK_SPAWN_STATUS],
                     long *maxrss_kib)
{
    fk_shared_area_t *area = fk_shared_area_new((size_t)probe->reps);
    if (!area) {
        for (int i = 0; i < probe->reps; i++)
            snprintf(status[i], FK_SPAWN_STATUS, "failed:cannot map shared memory");
        return 0;
    }
    fk_run_spec_t spec = {&probe_kernel,
                          probe,
                          (size_t)probe->reps,
                          &probe_model,
                          {.workers = probe->workers, .procs = 1, .threads = 1},
                          {0, 0},
                          timeout_s,
                          0};
    fk_measurement_t m;
    int rc = fk_measure(&spec, area, &m);
    const fk_result_t *res = fk_shared_area_results(area);
    for (int i = 0; i < probe->reps; i++) {
        if (res[i].status == FK_TASK_OK)
            snprintf(status[i], FK_SPAWN_STATUS, "ok");
        else if (res[i].status == FK_TASK_FAILED && res[i].msg[0])
            snprintf(status[i], FK_SPAWN_STATUS, "failed:%s", res[i].msg);
        else
            snprintf(status[i], FK_SPAWN_STATUS, "%s", m.ok ? "failed:no result" : m.status);
    }
    *maxrss_kib = m.maxrss_kib;
    fk_shared_area_free(area);
    return rc;
}
