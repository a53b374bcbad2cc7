/* pool.c: the pre-forked process pool (see pool.h for the contract).
 *
 * Shared memory holds one control block: a start semaphore per worker slot (so a static
 * share is always run by its own slot), one `done` semaphore the parent sleeps on, the atomic
 * chunk counter and the job description. The parent wakes at least every POLL_MS to reap dead
 * workers and enforce timeouts, so a map can never hang on a worker that is gone. */
#include "harness/models/pool.h"

#include <errno.h>
#include <omp.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness/engine/counters.h"
#include "kernels/common/util.h"

#define POLL_MS 10

enum pool_state { POOL_OPEN, POOL_CLOSED, POOL_TERMINATED, POOL_JOINED };

struct pool_slot {
    sem_t start;
    atomic_int busy;       /* 1 from dispatch until the worker has finished its share */
    pid_t pid;             /* written by the parent only; 0 when the slot has no live worker */
    int killed;            /* parent only: it killed this worker for a task's timeout */
    int strikes;           /* parent only: deaths in a row with no task finished between */
    size_t finished;       /* parent only: tasks of this slot finished at its last death */
    long pss_kib, uss_kib; /* the worker's own reading when its share is done; -1: none */
};

struct pool_shared {
    sem_t done;
    atomic_size_t next_chunk;
    atomic_int quit;
    int pin;
    int nslots;
    pid_t parent;
    fk_taskset_t ts;
    fk_pool_map_cfg_t cfg;
    struct pool_slot slots[];
};

struct fk_pool {
    struct pool_shared *sh;
    size_t shlen;
    int state;
    long rss_sum_kib;
    long pss_sum_kib, uss_sum_kib; /* at the end of the last map; -1: unknown */
    int replacements;
};

static void run_range(const fk_taskset_t *ts, size_t begin, size_t end, int slot)
{
    for (size_t i = begin; i < end && i < ts->ntasks; i++)
        fk_run_one(ts, i, slot);
}

/* One thread's share of the map: `resume` first finishes what a dead predecessor in this
 * slot had claimed; then the static round-robin chunks or the dynamic counter. The static
 * share is cut for the nominal cfg.threads per process; a team granted fewer threads (e.g.
 * OMP_DYNAMIC) still covers all of it, each thread taking every nthreads-th virtual thread. */
static void share_thread(struct pool_shared *sh, int slot, int t, int nthreads, int resume)
{
    const fk_taskset_t *ts = &sh->ts;
    size_t n = ts->ntasks, chunk = sh->cfg.chunk;
    int nominal = sh->cfg.threads > 0 ? sh->cfg.threads : 1;
    if (sh->pin)
        fk_pin_to_core(slot * nominal + t);
    if (resume)
        for (size_t i = (size_t)t; i < n; i += (size_t)nthreads)
            if (__atomic_load_n(&ts->results[i].worker, __ATOMIC_ACQUIRE) == slot)
                fk_run_one(ts, i, slot);
    if (sh->cfg.schedule == FK_SCHED_STATIC) {
        size_t stride = (size_t)sh->nslots * (size_t)nominal;
        for (int v = t; v < nominal; v += nthreads)
            for (size_t c = (size_t)(slot * nominal + v); c * chunk < n; c += stride)
                run_range(ts, c * chunk, (c + 1) * chunk, slot);
        return;
    }
    for (;;) {
        size_t c = atomic_fetch_add(&sh->next_chunk, 1);
        if (c * chunk >= n)
            break;
        /* Mark the whole chunk as ours, so a successor can finish it if we die. */
        for (size_t i = c * chunk; i < (c + 1) * chunk && i < n; i++)
            __atomic_store_n(&ts->results[i].worker, slot, __ATOMIC_RELEASE);
        run_range(ts, c * chunk, (c + 1) * chunk, slot);
    }
}

static void run_share(struct pool_shared *sh, int slot, int resume)
{
    int threads = sh->cfg.threads;
    if (threads <= 1) {
        share_thread(sh, slot, 0, 1, resume);
    } else {
#pragma omp parallel num_threads(threads)
        share_thread(sh, slot, omp_get_thread_num(), omp_get_num_threads(), resume);
    }
    /* now, while every worker and the pool's threads are alive, so the shared pages are
     * split between all of them as an outside reader sees them during the map */
    fk_procmem_read(0, &sh->slots[slot].pss_kib, &sh->slots[slot].uss_kib);
    atomic_store(&sh->slots[slot].busy, 0);
    sem_post(&sh->done);
}

static void sem_wait_retry(sem_t *s)
{
    while (sem_wait(s) != 0 && errno == EINTR)
        ;
}

static _Noreturn void worker_main(struct pool_shared *sh, int slot, int resume)
{
    /* Die with the parent: a killed run must never leave orphans behind. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != sh->parent)
        _exit(1);
    /* the parent's handlers only set a flag the worker never reads: a signal must kill it */
    fk_default_interrupt_handlers();
    if (resume)
        run_share(sh, slot, 1);
    for (;;) {
        sem_wait_retry(&sh->slots[slot].start);
        if (atomic_load(&sh->quit))
            _exit(0);
        run_share(sh, slot, 0);
    }
}

static int spawn_worker(fk_pool_t *pool, int slot, int resume)
{
    fflush(NULL); /* or buffered output would be written twice */
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0)
        worker_main(pool->sh, slot, resume);
    pool->sh->slots[slot].pid = pid;
    return 0;
}

fk_pool_t *fk_pool_create(int workers, int pin)
{
    if (workers < 1) {
        errno = EINVAL;
        return NULL;
    }
    fk_pool_t *pool = calloc(1, sizeof *pool);
    if (!pool)
        return NULL;
    pool->shlen = sizeof(struct pool_shared) + (size_t)workers * sizeof(struct pool_slot);
    pool->sh = mmap(NULL, pool->shlen, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (pool->sh == MAP_FAILED) {
        free(pool);
        return NULL;
    }
    pool->pss_sum_kib = pool->uss_sum_kib = -1;
    struct pool_shared *sh = pool->sh;
    sh->nslots = workers;
    sh->pin = pin;
    sh->parent = getpid();
    sem_init(&sh->done, 1, 0);
    for (int s = 0; s < workers; s++)
        sem_init(&sh->slots[s].start, 1, 0);
    for (int s = 0; s < workers; s++) {
        if (spawn_worker(pool, s, 0) != 0) {
            int e = errno;
            fk_pool_destroy(pool);
            errno = e;
            return NULL;
        }
    }
    return pool;
}

/* The tasks a dead worker was running can never finish: say why, with its signal. When the
 * pool itself killed the worker for another task's timeout (`requeue`), they were innocent:
 * they go back to pending, for the slot's replacement to run again. */
static void fail_running_tasks(fk_pool_t *pool, int slot, int wstatus, int requeue)
{
    const fk_taskset_t *ts = &pool->sh->ts;
    for (size_t i = 0; i < ts->ntasks; i++) {
        fk_result_t *r = &ts->results[i];
        int32_t running = FK_TASK_RUNNING;
        if (__atomic_load_n(&r->worker, __ATOMIC_ACQUIRE) != slot)
            continue;
        if (requeue) {
            if (__atomic_load_n(&r->status, __ATOMIC_ACQUIRE) != FK_TASK_RUNNING)
                continue;
            /* the clock first, or kill_overdue would see a stale start and kill again */
            __atomic_store_n(&r->started_ns, 0, __ATOMIC_RELEASE);
            __atomic_store_n(&r->status, FK_TASK_PENDING, __ATOMIC_RELEASE);
            continue;
        }
        int32_t final = WIFSIGNALED(wstatus) ? FK_TASK_CRASHED : FK_TASK_FAILED;
        if (!__atomic_compare_exchange_n(&r->status, &running, final, 0, __ATOMIC_ACQ_REL,
                                         __ATOMIC_ACQUIRE))
            continue;
        if (WIFSIGNALED(wstatus)) {
            r->signal = WTERMSIG(wstatus);
            snprintf(r->msg, sizeof r->msg, "task %zu crashed (SIG%s)", i, fk_signame(r->signal));
        } else {
            snprintf(r->msg, sizeof r->msg, "task %zu exited early (status %d)", i,
                     WEXITSTATUS(wstatus));
        }
    }
}

/* A worker that dies again and again before finishing any task (threads that cannot start
 * under `ulimit -u`, a library that aborts at load) would be replaced forever: after this
 * many deaths in a row its slot is given up and its share reported lost. */
#define FK_POOL_MAX_STRIKES 3

static size_t finished_by(const fk_taskset_t *ts, int slot)
{
    size_t n = 0;
    for (size_t i = 0; i < ts->ntasks; i++) {
        int32_t st = __atomic_load_n(&ts->results[i].status, __ATOMIC_ACQUIRE);
        n += __atomic_load_n(&ts->results[i].worker, __ATOMIC_ACQUIRE) == slot &&
             st != FK_TASK_PENDING && st != FK_TASK_RUNNING;
    }
    return n;
}

/* Counts a death of slot's worker; 1 when the slot is to be given up. A worker the pool
 * killed itself (a timeout) is no strike. */
static int struck_out(fk_pool_t *pool, int slot, int killed, int wstatus)
{
    struct pool_slot *sl = &pool->sh->slots[slot];
    size_t finished = finished_by(&pool->sh->ts, slot);
    sl->strikes = killed || finished != sl->finished ? 0 : sl->strikes + 1;
    sl->finished = finished;
    if (sl->strikes < FK_POOL_MAX_STRIKES)
        return 0;
    char how[32];
    if (WIFSIGNALED(wstatus))
        snprintf(how, sizeof how, "SIG%s", fk_signame(WTERMSIG(wstatus)));
    else
        snprintf(how, sizeof how, "status %d", WEXITSTATUS(wstatus));
    fprintf(stderr,
            "forkomp: pool worker %d died %d times in a row without finishing a task (last: "
            "%s); its share is given up\n",
            slot, sl->strikes, how);
    return 1;
}

/* Reaps dead workers; during a map, fails their tasks and puts a new worker in their slot,
 * which first finishes what its predecessor had claimed. */
static void reap_workers(fk_pool_t *pool, int in_map)
{
    struct pool_shared *sh = pool->sh;
    for (int s = 0; s < sh->nslots; s++) {
        int wstatus;
        struct rusage ru;
        if (sh->slots[s].pid <= 0 || wait4(sh->slots[s].pid, &wstatus, WNOHANG, &ru) <= 0)
            continue;
        sh->slots[s].pid = 0;
        pool->rss_sum_kib += ru.ru_maxrss;
        if (!in_map)
            continue;
        int killed = sh->slots[s].killed;
        fail_running_tasks(pool, s, wstatus, killed);
        sh->slots[s].killed = 0;
        int resume = atomic_load(&sh->slots[s].busy);
        if (resume && struck_out(pool, s, killed, wstatus)) {
            atomic_store(&sh->slots[s].busy, 0);
            continue;
        }
        pool->replacements++;
        if (spawn_worker(pool, s, resume) != 0)
            atomic_store(&sh->slots[s].busy, 0); /* its share is reported lost below */
    }
}

/* Kills the worker of every task running longer than the timeout (reaped and replaced by
 * reap_workers). */
static void kill_overdue(fk_pool_t *pool)
{
    const fk_taskset_t *ts = &pool->sh->ts;
    int64_t limit = (int64_t)(pool->sh->cfg.timeout_s * 1e9), now = fk_now_ns();
    for (size_t i = 0; i < ts->ntasks; i++) {
        fk_result_t *r = &ts->results[i];
        int32_t running = FK_TASK_RUNNING;
        int64_t started = __atomic_load_n(&r->started_ns, __ATOMIC_ACQUIRE);
        /* started == 0: claimed an instant ago, its clock not yet set */
        if (__atomic_load_n(&r->status, __ATOMIC_ACQUIRE) != FK_TASK_RUNNING || started == 0 ||
            now - started < limit)
            continue;
        if (!__atomic_compare_exchange_n(&r->status, &running, FK_TASK_TIMEOUT, 0, __ATOMIC_ACQ_REL,
                                         __ATOMIC_ACQUIRE))
            continue;
        snprintf(r->msg, sizeof r->msg, "task %zu timed out after %g s", i,
                 pool->sh->cfg.timeout_s);
        pid_t pid = pool->sh->slots[r->worker].pid;
        if (pid > 0) {
            pool->sh->slots[r->worker].killed = 1;
            kill(pid, SIGKILL);
        }
    }
}

static int any_busy(const struct pool_shared *sh)
{
    for (int s = 0; s < sh->nslots; s++)
        if (atomic_load(&sh->slots[s].busy))
            return 1;
    return 0;
}

static void wait_for_map(fk_pool_t *pool)
{
    struct pool_shared *sh = pool->sh;
    while (any_busy(sh)) {
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_nsec += POLL_MS * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        sem_clockwait(&sh->done, CLOCK_MONOTONIC, &until);
        reap_workers(pool, 1);
        if (sh->cfg.timeout_s > 0)
            kill_overdue(pool);
    }
}

/* Counts the outcome; a task no worker reached (its slot could not be refilled) is failed. */
static int map_outcome(const fk_taskset_t *ts)
{
    int all_ok = 1;
    for (size_t i = 0; i < ts->ntasks; i++) {
        fk_result_t *r = &ts->results[i];
        int32_t st = __atomic_load_n(&r->status, __ATOMIC_ACQUIRE);
        if (st == FK_TASK_PENDING || st == FK_TASK_RUNNING) {
            r->status = FK_TASK_FAILED;
            snprintf(r->msg, sizeof r->msg, "task %zu lost: no worker could run it", i);
        }
        all_ok &= r->status == FK_TASK_OK;
    }
    return all_ok ? 0 : 1;
}

/* The pool's PSS and USS after a map: the workers' readings plus the parent's, taken now
 * while the workers still wait for the next map; unknown when a worker gave none (it died). */
static void sum_memory(fk_pool_t *pool)
{
    long pss, uss;
    pool->pss_sum_kib = pool->uss_sum_kib = -1;
    if (fk_procmem_read(0, &pss, &uss) != 0)
        return;
    for (int s = 0; s < pool->sh->nslots; s++) {
        if (pool->sh->slots[s].pss_kib < 0 || pool->sh->slots[s].uss_kib < 0)
            return;
        pss += pool->sh->slots[s].pss_kib;
        uss += pool->sh->slots[s].uss_kib;
    }
    pool->pss_sum_kib = pss;
    pool->uss_sum_kib = uss;
}

int fk_pool_map(fk_pool_t *pool, const fk_taskset_t *ts, const fk_pool_map_cfg_t *cfg)
{
    if (!pool || pool->state != POOL_OPEN || cfg->threads < 1) {
        errno = EINVAL;
        return -1;
    }
    struct pool_shared *sh = pool->sh;
    fk_results_reset(ts->results, ts->ntasks);
    if (ts->ntasks == 0)
        return 0;
    sh->ts = *ts;
    sh->cfg = *cfg;
    if (sh->cfg.chunk == 0)
        sh->cfg.chunk = fk_default_chunk(ts->ntasks, sh->nslots * cfg->threads);
    atomic_store(&sh->next_chunk, 0);
    while (sem_trywait(&sh->done) == 0)
        ;
    reap_workers(pool, 1); /* a worker that died between maps is replaced before dispatch */
    for (int s = 0; s < sh->nslots; s++) {
        /* a slot whose replacement could not be forked gets another chance; if that fails
         * too its share is reported lost by map_outcome rather than waited for forever */
        if (sh->slots[s].pid <= 0 && spawn_worker(pool, s, 0) != 0)
            continue;
        while (sem_trywait(&sh->slots[s].start) == 0)
            ; /* a post left by a worker that died before taking it */
        sh->slots[s].pss_kib = sh->slots[s].uss_kib = -1;
        sh->slots[s].strikes = 0;
        sh->slots[s].finished = 0;
        atomic_store(&sh->slots[s].busy, 1);
        sem_post(&sh->slots[s].start);
    }
    wait_for_map(pool);
    sum_memory(pool);
    return map_outcome(ts);
}

int fk_pool_close(fk_pool_t *pool)
{
    if (!pool || pool->state != POOL_OPEN) {
        errno = EINVAL;
        return -1;
    }
    pool->state = POOL_CLOSED;
    atomic_store(&pool->sh->quit, 1);
    for (int s = 0; s < pool->sh->nslots; s++)
        sem_post(&pool->sh->slots[s].start);
    return 0;
}

void fk_pool_terminate(fk_pool_t *pool)
{
    if (!pool || pool->state == POOL_JOINED)
        return;
    for (int s = 0; s < pool->sh->nslots; s++)
        if (pool->sh->slots[s].pid > 0)
            kill(pool->sh->slots[s].pid, SIGKILL);
    pool->state = POOL_TERMINATED;
}

int fk_pool_join(fk_pool_t *pool)
{
    if (!pool || (pool->state != POOL_CLOSED && pool->state != POOL_TERMINATED)) {
        errno = EINVAL;
        return -1;
    }
    for (int s = 0; s < pool->sh->nslots; s++) {
        pid_t pid = pool->sh->slots[s].pid;
        int wstatus;
        struct rusage ru;
        if (pid <= 0)
            continue;
        pid_t r;
        while ((r = wait4(pid, &wstatus, 0, &ru)) < 0 && errno == EINTR)
            ;
        if (r == pid)
            pool->rss_sum_kib += ru.ru_maxrss;
        pool->sh->slots[s].pid = 0;
    }
    pool->state = POOL_JOINED;
    return 0;
}

void fk_pool_destroy(fk_pool_t *pool)
{
    if (!pool)
        return;
    if (pool->state == POOL_OPEN)
        fk_pool_terminate(pool);
    if (pool->state != POOL_JOINED)
        fk_pool_join(pool);
    sem_destroy(&pool->sh->done);
    for (int s = 0; s < pool->sh->nslots; s++)
        sem_destroy(&pool->sh->slots[s].start);
    munmap(pool->sh, pool->shlen);
    free(pool);
}

long fk_pool_rss_sum_kib(const fk_pool_t *pool)
{
    return pool->rss_sum_kib;
}

int fk_pool_replacements(const fk_pool_t *pool)
{
    return pool->replacements;
}

void fk_pool_memory(const fk_pool_t *pool, long *pss_sum_kib, long *uss_sum_kib)
{
    *pss_sum_kib = pool->pss_sum_kib;
    *uss_sum_kib = pool->uss_sum_kib;
}
