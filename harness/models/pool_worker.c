/* pool_worker.c: the worker's side of the pool (see pool.h and pool_int.h): run the
 * initializer once, then take the oldest shared job that has work for this slot, run this
 * slot's share of it (its static chunks, or dynamic chunks from the job's counter, with
 * cfg.threads OpenMP threads), and sleep on the slot's semaphore when there is nothing to do.
 *
 * A worker that reaches maxtasksperchild stops claiming and exits; what it had claimed but
 * not run stays marked with its slot, and its replacement finishes exactly that (the same
 * path a crashed worker's replacement takes), so recycling loses and repeats nothing. */
#include <errno.h>
#include <omp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "harness/models/pool_int.h"
#include "harness/engine/sys.h"
#include "kernels/common/util.h"

/* The exit status of a worker whose initializer failed (it also says so in its slot). */
#define INIT_FAILED_EXIT 120

/* Tasks this worker process has run, shared by its threads. */
static atomic_long tasks_run;

static int must_retire(const struct pool_shared *sh)
{
    return sh->maxtasks > 0 && atomic_load(&tasks_run) >= sh->maxtasks;
}

static void run_task(struct pool_shared *sh, struct pool_job *job, size_t i, int slot)
{
    if (!fk_run_one(&job->ts, i, slot))
        return;
    atomic_fetch_add(&tasks_run, 1);
    atomic_fetch_add(&sh->slots[slot].finished, 1);
    if (job->per_task_post)
        sem_post(&sh->done);
}

/* Runs tasks [begin, end); 0 when it stopped early to retire. */
static int run_range(struct pool_shared *sh, struct pool_job *job, size_t begin, size_t end,
                     int slot)
{
    for (size_t i = begin; i < end && i < job->ts.ntasks; i++) {
        if (must_retire(sh))
            return 0;
        run_task(sh, job, i, slot);
    }
    return 1;
}

/* One thread's share of a job: `resume` first finishes what a predecessor in this slot had
 * claimed; then the static round-robin chunks or the dynamic counter. The static share is
 * cut for the nominal cfg.threads per process; a team granted fewer threads (e.g.
 * OMP_DYNAMIC) still covers all of it, each thread taking every nthreads-th virtual thread.
 * Returns 0 when it stopped early to retire. */
static int share_thread(struct pool_shared *sh, struct pool_job *job, int slot, int t, int nthreads,
                        int resume)
{
    const fk_taskset_t *ts = &job->ts;
    size_t n = ts->ntasks, chunk = job->cfg.chunk;
    int nominal = job->cfg.threads > 0 ? job->cfg.threads : 1;
    if (sh->pin)
        fk_pin_to_core(slot * nominal + t);
    if (resume)
        for (size_t i = (size_t)t; i < n; i += (size_t)nthreads)
            if (__atomic_load_n(&ts->results[i].worker, __ATOMIC_ACQUIRE) == slot &&
                !run_range(sh, job, i, i + 1, slot))
                return 0;
    if (job->cfg.schedule == FK_SCHED_STATIC) {
        size_t stride = (size_t)sh->nslots * (size_t)nominal;
        for (int v = t; v < nominal; v += nthreads)
            for (size_t c = (size_t)(slot * nominal + v); c * chunk < n; c += stride)
                if (!run_range(sh, job, c * chunk, (c + 1) * chunk, slot))
                    return 0;
        return 1;
    }
    for (;;) {
        if (must_retire(sh))
            return 0;
        size_t c = atomic_fetch_add(&job->next_chunk, 1);
        if (c * chunk >= n)
            return 1;
        /* Mark the whole chunk as ours, so a successor can finish it if we die or retire. */
        for (size_t i = c * chunk; i < (c + 1) * chunk && i < n; i++)
            __atomic_store_n(&ts->results[i].worker, slot, __ATOMIC_RELEASE);
        if (!run_range(sh, job, c * chunk, (c + 1) * chunk, slot))
            return 0;
    }
}

/* This slot's share of job j; 0 when it stopped early to retire. */
static int run_share(struct pool_shared *sh, int j, int slot, int resume)
{
    struct pool_job *job = &sh->jobs[j];
    int threads = job->cfg.threads, ok = 1;
    if (threads <= 1) {
        ok = share_thread(sh, job, slot, 0, 1, resume);
    } else {
        atomic_int all = 1;
#pragma omp parallel num_threads(threads)
        if (!share_thread(sh, job, slot, omp_get_thread_num(), omp_get_num_threads(), resume))
            atomic_store(&all, 0);
        ok = atomic_load(&all);
    }
    if (ok && job->cfg.schedule == FK_SCHED_STATIC)
        atomic_store(&sh->slots[slot].share_done[j], 1);
    sem_post(&sh->done);
    return ok;
}

static int has_work(struct pool_shared *sh, int j, int slot)
{
    struct pool_job *job = &sh->jobs[j];
    if (job->cfg.schedule == FK_SCHED_STATIC)
        return !atomic_load(&sh->slots[slot].share_done[j]);
    return atomic_load(&job->next_chunk) * job->cfg.chunk < job->ts.ntasks;
}

/* The oldest active job with work for this slot, or -1. */
static int pick_job(struct pool_shared *sh, int slot, uint64_t *seq)
{
    int best = -1;
    for (int j = 0; j < FK_POOL_JOBS; j++) {
        if (atomic_load(&sh->jobs[j].state) != JOB_ACTIVE)
            continue;
        uint64_t s = atomic_load(&sh->jobs[j].seq);
        if ((best < 0 || s < *seq) && has_work(sh, j, slot)) {
            best = j;
            *seq = s;
        }
    }
    return best;
}

/* Publishes that this slot is inside job j, then checks the job is still the one it saw
 * (the parent may have finished and reused the descriptor meanwhile). */
static int enter_job(struct pool_shared *sh, int slot, int j, uint64_t seq)
{
    atomic_store(&sh->slots[slot].in_job, j);
    if (atomic_load(&sh->jobs[j].state) == JOB_ACTIVE && atomic_load(&sh->jobs[j].seq) == seq)
        return 1;
    atomic_store(&sh->slots[slot].in_job, -1);
    return 0;
}

/* maxtasksperchild reached: in_job stays set, so the parent hands it to the replacement. */
static _Noreturn void retire(struct pool_shared *sh, int slot)
{
    atomic_store(&sh->slots[slot].wstate, WORKER_RETIRING);
    sem_post(&sh->done); /* the parent wakes now and waits for this exit */
    _exit(0);
}

static void run_initializer(struct pool_shared *sh, int slot)
{
    struct pool_slot *me = &sh->slots[slot];
    char why[FK_POOL_WHY] = "";
    if (sh->init && sh->init(sh->init_arg, why, sizeof why) != 0) {
        snprintf(me->why, sizeof me->why, "%s", why[0] ? why : "it returned non-zero");
        atomic_store(&me->wstate, WORKER_INIT_FAILED);
        sem_post(&sh->done);
        _exit(INIT_FAILED_EXIT);
    }
    atomic_store(&me->wstate, WORKER_READY);
}

static void sem_wait_retry(sem_t *s)
{
    while (sem_wait(s) != 0 && errno == EINTR)
        ;
}

_Noreturn void fk_pool__worker_main(struct pool_shared *sh, int slot, int resume_job,
                                    uint64_t resume_seq)
{
    struct pool_slot *me = &sh->slots[slot];
    /* Die with the parent: a killed run must never leave orphans behind. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != sh->parent)
        _exit(1);
    /* the parent's handlers only set a flag the worker never reads: a signal must kill it */
    fk_default_interrupt_handlers();
    /* and a crash must be a crash, never a handler of the parent's (a test framework's
     * longjmp would carry on as a copy of the parent) */
    static const int crashes[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    for (size_t k = 0; k < sizeof crashes / sizeof *crashes; k++)
        signal(crashes[k], SIG_DFL);
    atomic_store(&tasks_run, 0);
    run_initializer(sh, slot);
    if (resume_job >= 0 && enter_job(sh, slot, resume_job, resume_seq)) {
        if (!run_share(sh, resume_job, slot, 1))
            retire(sh, slot);
        atomic_store(&me->in_job, -1);
    }
    for (;;) {
        uint64_t seq = 0;
        if (must_retire(sh))
            retire(sh, slot);
        int j = pick_job(sh, slot, &seq);
        if (j >= 0) {
            if (enter_job(sh, slot, j, seq) && !run_share(sh, j, slot, 0))
                retire(sh, slot);
            atomic_store(&me->in_job, -1);
            continue;
        }
        /* idle first, then look again: the parent posts only idle slots, after publishing
         * a job, so either it sees idle or this look sees the job (both seq_cst) */
        atomic_store(&me->idle, 1);
        if (pick_job(sh, slot, &seq) >= 0) {
            atomic_store(&me->idle, 0);
            continue;
        }
        if (atomic_load(&sh->quit))
            _exit(0);
        sem_wait_retry(&me->start);
        atomic_store(&me->idle, 0);
    }
}
