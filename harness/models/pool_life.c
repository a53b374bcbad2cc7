/* SPDX-License-Identifier: MIT */
/* pool_life.c: the workers' lives (see pool.c for the invariants): create the pool, fork a
 * worker into a slot (with its channel), reap one, close, terminate, join, destroy, and the
 * pool's counters. */
#include "harness/models/pool_int.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness/base/counters.h"
#include "harness/base/sys.h"
#include "kernels/common/util.h"

#define FK_POOL_MAX_BACKOFF_NS 100000000LL

int fk_pool__wants_workers(const fk_pool_t *pool)
{
    return (pool->state == POOL_OPEN || pool->state == POOL_CLOSED) && !pool->error[0];
}

/* The calling process's thread count (/proc/self/stat field 20), 1 when unreadable. */
static int threads_now(void)
{
    long long n = fk_self_stat_field(20);
    return n > 0 ? (int)n : 1;
}

/* A worker's channel: two pipes, orders down (the parent also keeps the read end open, so
 * an order to a worker that just died is never a SIGPIPE: its end of file on the other pipe
 * tells) and what the worker says up. 0, or -1 with nothing left open. */
static int open_channel(int down[2], int up[2])
{
    if (pipe2(down, O_CLOEXEC) != 0)
        return -1;
    if (pipe2(up, O_CLOEXEC) == 0)
        return 0;
    int e = errno;
    close(down[0]);
    close(down[1]);
    errno = e;
    return -1;
}

/* Forks a worker into slot s (which holds nothing); on failure, when to try again. */
int fk_pool__spawn(fk_pool_t *pool, int s)
{
    struct pool_slot *sl = &pool->slots[s];
    int down[2], up[2];
    int64_t backoff = sl->backoff_ns;
    if (!fk_pool__wants_workers(pool))
        return errno = ECANCELED, -1;
    if (threads_now() > pool->base_threads) {
        errno = EDEADLK; /* threads started in this process since create: GCC PR 60035 */
    } else if (open_channel(down, up) == 0) {
        for (int t = 0; t < FK_POOL_MAX_THREADS; t++)
            atomic_store(&pool->seats[s].claim[t], FK_POOL_IDLE);
        *sl = (struct pool_slot){.fd = up[0], .order_fd = down[1], .keep_fd = down[0]};
        fflush(NULL); /* or buffered output would be written twice */
        pid_t pid = fork();
        if (pid == 0)
            fk_pool__worker_main(pool, s, down[0], up[1]);
        int e = errno;
        close(up[1]);
        if (pid > 0) {
            sl->pid = pid;
            return 0;
        }
        fk_pool__reap(pool, s, -1); /* closes the channel */
        errno = e;
    }
    sl->fork_errno = errno;
    sl->backoff_ns = backoff ? 2 * backoff : 1000000;
    if (sl->backoff_ns > FK_POOL_MAX_BACKOFF_NS)
        sl->backoff_ns = FK_POOL_MAX_BACKOFF_NS;
    sl->retry_at = fk_now_ns() + sl->backoff_ns;
    return -1;
}

/* Sends worker fd the order for batch b (NULL: exit). A failure means the worker is gone:
 * its end of file settles the batch. */
void fk_pool__order(int fd, const struct pool_batch *b)
{
    struct pool_order o;
    memset(&o, 0, sizeof o); /* no uninitialised padding goes out */
    if (b) {
        const fk_taskset_t *ts = &b->ar->ts; /* field by field: padding stays zero */
        o.ts.fn = ts->fn;
        o.ts.ctx = ts->ctx;
        o.ts.ntasks = ts->ntasks;
        o.ts.results = ts->results;
        o.ts.fault.kind = ts->fault.kind;
        o.ts.fault.task = ts->fault.task;
        o.begin = b->begin;
        o.end = b->end;
        o.chunk = b->ar->cfg.chunk;
        o.threads = b->threads;
        o.schedule = b->ar->cfg.schedule;
        o.apply = b->ar->apply;
        o.apply_index = b->ar->apply_index;
    }
    if (write(fd, &o, sizeof o) < 0) /* whole (below PIPE_BUF); never a SIGPIPE (keep_fd) */
        return;
}

/* Waits for worker s to be dead (killing it first with kill_it > 0; < 0: there is none,
 * only the channel to close): its wait status. */
int fk_pool__reap(fk_pool_t *pool, int s, int kill_it)
{
    struct pool_slot *sl = &pool->slots[s];
    int wstatus = 0;
    struct rusage ru;
    if (kill_it > 0)
        kill(sl->pid, SIGKILL);
    pid_t r = 0;
    while (kill_it >= 0 && (r = wait4(sl->pid, &wstatus, 0, &ru)) < 0 && errno == EINTR)
        ;
    if (r == sl->pid && r > 0)
        pool->rss_sum_kib += ru.ru_maxrss;
    close(sl->fd);
    close(sl->order_fd);
    close(sl->keep_fd);
    sl->fd = sl->order_fd = sl->keep_fd = -1;
    sl->pid = 0;
    return wstatus;
}

/* Stops the pool: its initializer failed in slot s (msg: what it said), or the worker died
 * before it was ready. Every worker is killed; what was submitted fails with the reason. */
void fk_pool__stop(fk_pool_t *pool, int s, const char *msg, int wstatus)
{
    if (msg)
        snprintf(pool->error, sizeof pool->error, "the initializer failed in worker %d: %s", s,
                 msg);
    else if (WIFSIGNALED(wstatus))
        snprintf(pool->error, sizeof pool->error, "worker %d died in its initializer (SIG%s)", s,
                 fk_signame(WTERMSIG(wstatus)));
    else
        snprintf(pool->error, sizeof pool->error, "worker %d exited in its initializer (status %d)",
                 s, WEXITSTATUS(wstatus));
    char why[sizeof pool->error + 16];
    snprintf(why, sizeof why, "not run: %s", pool->error);
    fk_pool__fail_pending(pool, why);
}

fk_pool_t *fk_pool_create(int workers, int pin)
{
    fk_pool_opts_t opts = {.pin = pin};
    return fk_pool_create_opts(workers, &opts);
}

/* Forks every slot's first worker, each retried (transient EAGAIN) within the patience. */
static int start_all(fk_pool_t *pool)
{
    int64_t give_up = fk_now_ns() + FK_POOL_PATIENCE_NS;
    for (int s = 0; s < pool->nslots; s++)
        while (fk_pool__spawn(pool, s) != 0) {
            int64_t wait = pool->slots[s].retry_at - fk_now_ns();
            if (errno == EDEADLK || fk_now_ns() + wait > give_up)
                return -1;
            nanosleep(&(struct timespec){0, wait > 0 ? (long)wait : 0}, NULL);
        }
    return 0;
}

fk_pool_t *fk_pool_create_opts(int workers, const fk_pool_opts_t *opts)
{
    static const fk_pool_opts_t none;
    opts = opts ? opts : &none;
    if (workers < 1 || opts->maxtasksperchild < 0) {
        errno = EINVAL;
        return NULL;
    }
    fk_pool_t *pool = calloc(1, sizeof *pool);
    if (!pool)
        return NULL;
    *pool = (fk_pool_t){.nslots = workers,
                        .pin = opts->pin,
                        .maxtasks = opts->maxtasksperchild,
                        .init = opts->init,
                        .init_arg = opts->init_arg};
    pool->seats = mmap(NULL, (size_t)workers * sizeof *pool->seats, PROT_READ | PROT_WRITE,
                       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pool->slots = calloc((size_t)workers, sizeof *pool->slots);
    pool->pfds = calloc((size_t)workers, sizeof *pool->pfds);
    pool->pfd_slot = calloc((size_t)workers, sizeof *pool->pfd_slot);
    int e = ENOMEM;
    if (pool->seats != MAP_FAILED && pool->slots && pool->pfds && pool->pfd_slot) {
        for (int s = 0; s < workers; s++)
            pool->slots[s].fd = pool->slots[s].order_fd = pool->slots[s].keep_fd = -1;
        pool->base_threads = threads_now();
        if (start_all(pool) == 0)
            return pool;
        e = errno;
    }
    if (pool->seats == MAP_FAILED)
        pool->seats = NULL;
    fk_pool_destroy(pool);
    errno = e;
    return NULL;
}

int fk_pool_close(fk_pool_t *pool)
{
    if (!pool || pool->state != POOL_OPEN) {
        errno = EINVAL;
        return -1;
    }
    pool->state = POOL_CLOSED; /* join tells the workers to exit, once all is delivered */
    return 0;
}

void fk_pool_terminate(fk_pool_t *pool)
{
    if (!pool || pool->state == POOL_JOINED || pool->state == POOL_TERMINATED)
        return;
    pool->state = POOL_TERMINATED;
    fk_pool__fail_pending(pool, "did not finish: the pool was terminated");
}

int fk_pool_join(fk_pool_t *pool)
{
    if (!pool || (pool->state != POOL_CLOSED && pool->state != POOL_TERMINATED)) {
        errno = EINVAL;
        return -1;
    }
    if (pool->in_callback) {
        errno = EDEADLK;
        return -1;
    }
    while (pool->head) /* every result delivered first */
        fk_pool__pump(pool, -1);
    for (int s = 0; s < pool->nslots; s++)
        if (pool->slots[s].pid > 0)
            fk_pool__order(pool->slots[s].order_fd, NULL);
    for (int s = 0; s < pool->nslots; s++)
        if (pool->slots[s].pid > 0)
            fk_pool__reap(pool, s, 0);
    pool->state = POOL_JOINED;
    return 0;
}

void fk_pool_destroy(fk_pool_t *pool)
{
    if (!pool)
        return;
    if (pool->slots) {
        if (pool->state == POOL_OPEN || pool->state == POOL_CLOSED)
            fk_pool_terminate(pool);
        if (pool->state != POOL_JOINED)
            fk_pool_join(pool);
    }
    if (pool->seats)
        munmap(pool->seats, (size_t)pool->nslots * sizeof *pool->seats);
    free(pool->slots);
    free(pool->pfds);
    free(pool->pfd_slot);
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

int fk_pool_recycled(const fk_pool_t *pool)
{
    return pool->recycled;
}

void fk_pool_memory(const fk_pool_t *pool, long *pss_sum_kib, long *uss_sum_kib)
{
    long pss, uss, p, u;
    *pss_sum_kib = *uss_sum_kib = -1;
    if (fk_procmem_read(0, &pss, &uss) != 0)
        return;
    for (int s = 0; s < pool->nslots; s++) {
        pid_t pid = pool->slots[s].pid;
        if (pid <= 0 || fk_procmem_read(pid, &p, &u) != 0)
            return;
        pss += p;
        uss += u;
    }
    *pss_sum_kib = pss;
    *uss_sum_kib = uss;
}

const char *fk_pool_error(const fk_pool_t *pool)
{
    return pool->error[0] ? pool->error : NULL;
}
