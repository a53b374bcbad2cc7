/* pool_reap.c: the pool's parent reading its workers' deaths (see pool.h): a crash fails
 * the task it was running and a new worker takes the slot; a timeout kill requeues the
 * innocent tasks that worker held; a worker recycled by maxtasksperchild hands its claims
 * to its replacement; a failed initializer stops the pool; a slot that cannot be refilled
 * loses only the work nobody else can do. Also the task timeouts and the sweep of tasks no
 * worker will ever reach, so that no wait on the pool can hang. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "harness/models/pool_int.h"
#include "kernels/common/util.h"

/* Task i of job j as the user knows it: an apply's own index. */
static size_t label(const struct pool_job *job, size_t i)
{
    return job->apply_fn ? job->apply_index : i;
}

/* Marks task r failed with a message, unless it already ended (a CAS: a worker may be
 * finishing it right now). */
static void fail_task(fk_result_t *r, int32_t final, const char *fmt, size_t i, const char *why)
{
    for (int32_t st = FK_TASK_PENDING; st <= FK_TASK_RUNNING; st++) {
        int32_t expected = st;
        if (__atomic_compare_exchange_n(&r->status, &expected, final, 0, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE)) {
            snprintf(r->msg, sizeof r->msg, fmt, i, why);
            return;
        }
    }
}

void fk_pool__fail_pending(fk_pool_t *pool, const char *why)
{
    pool->forced = 1;
    for (fk_pool_async_t *ar = pool->head; ar; ar = ar->next) {
        fk_result_t *res = fk_pool__results(pool, ar);
        for (size_t k = 0; k < ar->nunreported; k++)
            fail_task(&res[ar->unreported[k]], FK_TASK_FAILED, "task %zu %s",
                      ar->apply ? ar->apply_index : ar->unreported[k], why);
    }
}

/* The tasks a dead worker was running in job j can never finish: say why, with its signal.
 * When the pool itself killed the worker for another task's timeout (`requeue`), they were
 * innocent: they go back to pending, for the slot's replacement to run again. */
static void fail_running_tasks(fk_pool_t *pool, int slot, int j, int wstatus, int requeue)
{
    const fk_taskset_t *ts = &pool->sh->jobs[j].ts;
    if (atomic_load(&pool->sh->jobs[j].state) == JOB_FREE)
        return;
    for (size_t i = 0; i < ts->ntasks; i++) {
        fk_result_t *r = &ts->results[i];
        if (__atomic_load_n(&r->worker, __ATOMIC_ACQUIRE) != slot ||
            __atomic_load_n(&r->status, __ATOMIC_ACQUIRE) != FK_TASK_RUNNING)
            continue;
        if (requeue) {
            /* the clock first, or kill_overdue would see a stale start and kill again */
            __atomic_store_n(&r->started_ns, 0, __ATOMIC_RELEASE);
            __atomic_store_n(&r->status, FK_TASK_PENDING, __ATOMIC_RELEASE);
            continue;
        }
        int32_t running = FK_TASK_RUNNING, signaled = WIFSIGNALED(wstatus);
        if (!__atomic_compare_exchange_n(&r->status, &running,
                                         signaled ? FK_TASK_CRASHED : FK_TASK_FAILED, 0,
                                         __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
            continue;
        if (signaled) {
            r->signal = WTERMSIG(wstatus);
            snprintf(r->msg, sizeof r->msg, "task %zu crashed (SIG%s)",
                     label(&pool->sh->jobs[j], i), fk_signame(r->signal));
        } else {
            snprintf(r->msg, sizeof r->msg, "task %zu exited early (status %d)",
                     label(&pool->sh->jobs[j], i), WEXITSTATUS(wstatus));
        }
    }
}

/* Slot s has no worker and none could be forked: the work only it could do is lost (its
 * static shares and its claims in job j), or all work when no worker is left at all. */
static void lose_slot_work(fk_pool_t *pool, int s, int j, const char *why)
{
    if (!fk_pool__any_worker(pool)) {
        fk_pool__fail_pending(pool, why);
        return;
    }
    struct pool_shared *sh = pool->sh;
    for (int k = 0; k < FK_POOL_JOBS; k++) {
        struct pool_job *job = &sh->jobs[k];
        size_t nominal = (size_t)(job->cfg.threads > 0 ? job->cfg.threads : 1);
        size_t stride = (size_t)sh->nslots * nominal;
        if (atomic_load(&job->state) != JOB_ACTIVE)
            continue;
        for (size_t i = 0; i < job->ts.ntasks; i++) {
            fk_result_t *r = &job->ts.results[i];
            int mine = job->cfg.schedule == FK_SCHED_STATIC
                           ? (i / job->cfg.chunk) % stride / nominal == (size_t)s
                           : k == j && __atomic_load_n(&r->worker, __ATOMIC_ACQUIRE) == s;
            if (mine)
                fail_task(r, FK_TASK_FAILED, "task %zu %s", label(job, i), why);
        }
    }
}

/* Why a slot could not be refilled, for the tasks only it could run. */
static void spawn_failed(fk_pool_t *pool, int s, int j, int err)
{
    char why[FK_POOL_WHY];
    snprintf(why, sizeof why, "lost: no worker could run it (%s)",
             err == EDEADLK ? "the pool's parent has started threads since create; forking "
                              "now could deadlock (GCC PR 60035)"
                            : strerror(err));
    lose_slot_work(pool, s, j, why);
}

/* A worker that dies again and again before finishing any task (threads that cannot start
 * under `ulimit -u`, a library that aborts at load) would be replaced forever: after this
 * many deaths in a row its slot is given up and the work only it could do reported lost. */
#define FK_POOL_MAX_STRIKES 3

static int struck_out(fk_pool_t *pool, int s, int wstatus)
{
    struct pool_slot *slot = &pool->sh->slots[s];
    long finished = atomic_load(&slot->finished);
    slot->strikes = slot->killed || finished != slot->finished_seen ? 0 : slot->strikes + 1;
    slot->finished_seen = finished;
    if (slot->strikes < FK_POOL_MAX_STRIKES)
        return 0;
    char how[32];
    if (WIFSIGNALED(wstatus))
        snprintf(how, sizeof how, "SIG%s", fk_signame(WTERMSIG(wstatus)));
    else
        snprintf(how, sizeof how, "status %d", WEXITSTATUS(wstatus));
    fprintf(stderr,
            "forkomp: pool worker %d died %d times in a row without finishing a task (last: "
            "%s); its share is given up\n",
            s, slot->strikes, how);
    slot->given_up = 1;
    return 1;
}

/* The pool stops: a worker's initializer failed. */
static void stop_broken(fk_pool_t *pool, int s, int wstatus)
{
    struct pool_slot *slot = &pool->sh->slots[s];
    if (atomic_load(&slot->wstate) == WORKER_INIT_FAILED)
        snprintf(pool->error, sizeof pool->error, "the initializer failed in worker %d: %s", s,
                 slot->why);
    else if (WIFSIGNALED(wstatus))
        snprintf(pool->error, sizeof pool->error, "worker %d died in its initializer (SIG%s)", s,
                 fk_signame(WTERMSIG(wstatus)));
    else
        snprintf(pool->error, sizeof pool->error, "worker %d exited in its initializer (status %d)",
                 s, WEXITSTATUS(wstatus));
    for (int k = 0; k < pool->sh->nslots; k++)
        if (pool->sh->slots[k].pid > 0)
            kill(pool->sh->slots[k].pid, SIGKILL);
    char why[sizeof pool->error + 32];
    snprintf(why, sizeof why, "not run: %s", pool->error);
    fk_pool__fail_pending(pool, why);
}

static int wants_workers(const fk_pool_t *pool)
{
    return (pool->state == POOL_OPEN || pool->state == POOL_CLOSED) && !pool->error[0] &&
           !atomic_load(&pool->sh->quit);
}

/* Reads worker s's death; replaces it while the pool still wants workers. */
static void worker_died(fk_pool_t *pool, int s, int wstatus)
{
    struct pool_shared *sh = pool->sh;
    struct pool_slot *slot = &sh->slots[s];
    int j = atomic_exchange(&slot->in_job, -1), ws = atomic_load(&slot->wstate);
    if (pool->error[0] || !wants_workers(pool)) {
        if (j >= 0 && pool->state != POOL_TERMINATED)
            fail_running_tasks(pool, s, j, wstatus, 0);
        return;
    }
    if (ws == WORKER_INIT_FAILED || (sh->init && ws == WORKER_STARTING)) {
        stop_broken(pool, s, wstatus);
        return;
    }
    if (j >= 0)
        fail_running_tasks(pool, s, j, wstatus, slot->killed);
    if (ws != WORKER_RETIRING && struck_out(pool, s, wstatus)) {
        lose_slot_work(pool, s, j, "lost: its worker died 3 times in a row without finishing");
        return;
    }
    if (ws == WORKER_RETIRING)
        pool->recycled++;
    else
        pool->replacements++;
    slot->killed = 0;
    uint64_t seq = j >= 0 ? atomic_load(&sh->jobs[j].seq) : 0;
    if (fk_pool__spawn(pool, s, j, seq) != 0)
        spawn_failed(pool, s, j, errno);
}

void fk_pool__reap(fk_pool_t *pool)
{
    struct pool_shared *sh = pool->sh;
    for (int s = 0; s < sh->nslots; s++) {
        int wstatus;
        struct rusage ru;
        if (sh->slots[s].pid <= 0) {
            /* a slot whose replacement could not be forked gets another chance */
            if (wants_workers(pool) && !sh->slots[s].given_up &&
                fk_pool__spawn(pool, s, -1, 0) != 0)
                spawn_failed(pool, s, -1, errno);
            continue;
        }
        /* a worker that said it is leaving is waited for: only its _exit is left to run */
        int ws = atomic_load(&sh->slots[s].wstate);
        int flags = ws == WORKER_RETIRING || ws == WORKER_INIT_FAILED ? 0 : WNOHANG;
        if (wait4(sh->slots[s].pid, &wstatus, flags, &ru) <= 0)
            continue;
        sh->slots[s].pid = 0;
        pool->rss_sum_kib += ru.ru_maxrss;
        worker_died(pool, s, wstatus);
    }
    /* every slot given up (or unforkable): nothing submitted can ever run */
    if (wants_workers(pool) && pool->head && !fk_pool__any_worker(pool))
        fk_pool__fail_pending(pool, "lost: no worker is left to run it");
}

/* Every chunk of job j handed out: the dynamic counter is past the end, or each slot's
 * static share is done (or its slot given up). */
static int all_handed_out(struct pool_shared *sh, int j)
{
    const struct pool_job *job = &sh->jobs[j];
    if (job->cfg.schedule != FK_SCHED_STATIC)
        return atomic_load(&job->next_chunk) * job->cfg.chunk >= job->ts.ntasks;
    for (int s = 0; s < sh->nslots; s++)
        if (!sh->slots[s].given_up && !atomic_load(&sh->slots[s].share_done[j]))
            return 0;
    return 1;
}

/* A job whose chunks are all handed out, with no worker inside it, can still hold pending
 * tasks: those of a chunk whose worker died between taking it and marking it as its own.
 * Nobody will ever run them: fail them rather than wait forever.
 *
 * The order of the reads is what makes this safe: "all handed out" first, "nobody inside"
 * second. A worker says it is inside (in_job) before it takes a chunk, so one that took a
 * chunk before the first read is still seen inside by the second, or has left with its
 * chunk run. Read the other way round, a worker could enter and take the last chunk between
 * the two reads, and its task, taken but not yet started, was failed here as lost (seen once
 * in about 5,000 apply_async round trips on a recycling pool of 4). */
void fk_pool__sweep(fk_pool_t *pool)
{
    struct pool_shared *sh = pool->sh;
    for (int j = 0; j < FK_POOL_JOBS; j++) {
        struct pool_job *job = &sh->jobs[j];
        if (atomic_load(&job->state) != JOB_ACTIVE || !all_handed_out(sh, j))
            continue;
        int nobody_inside = 1;
        for (int s = 0; s < sh->nslots && nobody_inside; s++)
            nobody_inside = atomic_load(&sh->slots[s].in_job) != j;
        if (!nobody_inside)
            continue;
        for (size_t i = 0; i < job->ts.ntasks; i++)
            if (__atomic_load_n(&job->ts.results[i].status, __ATOMIC_ACQUIRE) == FK_TASK_PENDING)
                fail_task(&job->ts.results[i], FK_TASK_FAILED, "task %zu %s", label(job, i),
                          "lost: its worker died before starting it");
    }
}

/* Kills the worker of every task running longer than its job's timeout (reaped and
 * replaced by fk_pool__reap). */
void fk_pool__kill_overdue(fk_pool_t *pool)
{
    int64_t now = fk_now_ns();
    for (int j = 0; j < FK_POOL_JOBS; j++) {
        struct pool_job *job = &pool->sh->jobs[j];
        if (atomic_load(&job->state) != JOB_ACTIVE || job->cfg.timeout_s <= 0)
            continue;
        int64_t limit = (int64_t)(job->cfg.timeout_s * 1e9);
        for (size_t i = 0; i < job->ts.ntasks; i++) {
            fk_result_t *r = &job->ts.results[i];
            int32_t running = FK_TASK_RUNNING;
            int64_t started = __atomic_load_n(&r->started_ns, __ATOMIC_ACQUIRE);
            /* started == 0: claimed an instant ago, its clock not yet set */
            if (__atomic_load_n(&r->status, __ATOMIC_ACQUIRE) != FK_TASK_RUNNING || started == 0 ||
                now - started < limit)
                continue;
            if (!__atomic_compare_exchange_n(&r->status, &running, FK_TASK_TIMEOUT, 0,
                                             __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
                continue;
            snprintf(r->msg, sizeof r->msg, "task %zu timed out after %g s", label(job, i),
                     job->cfg.timeout_s);
            struct pool_slot *slot = &pool->sh->slots[r->worker];
            if (slot->pid > 0) {
                slot->killed = 1;
                kill(slot->pid, SIGKILL);
            }
        }
    }
}
