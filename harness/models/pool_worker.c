/* SPDX-License-Identifier: MIT */
/* pool_worker.c: the worker's side of the pool (see pool.c for the invariants): run the
 * initializer once and say "ready", then read one order at a time from the channel, run its
 * tasks (with the order's OpenMP threads, each publishing the task it runs in its claim
 * word), and say "done". The worker decides nothing: the parent alone hands out work, lands
 * results, kills and replaces. */
#include <errno.h>
#include <omp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "harness/base/sys.h"
#include "harness/models/pool_int.h"
#include "kernels/common/util.h"

/* The parent set our claim to STOP: it is killing this process for a timeout. Start
 * nothing more, say nothing more, wait for SIGKILL. */
static _Noreturn void stopped(void)
{
    for (;;)
        pause();
}

static int apply_trampoline(void *ctx, size_t i, fk_result_t *out)
{
    const struct pool_order *o = ctx;
    (void)i;
    return o->ts.fn(o->ts.ctx, o->apply_index, out);
}

/* Runs task i as thread t: claim it, run it, release the claim. */
static void run_task(struct pool_seat *seat, const struct pool_order *o, int t, size_t i, int s)
{
    long idle = FK_POOL_IDLE, mine = (long)i;
    atomic_store(&seat->started[t], fk_now_ns());
    if (!atomic_compare_exchange_strong(&seat->claim[t], &idle, mine))
        stopped();
    if (o->apply) {
        fk_taskset_t one = {apply_trampoline, (void *)o, 1, &seat->rec, {0, 0}};
        fk_run_one(&one, 0, s);
    } else {
        fk_run_one(&o->ts, i, s);
    }
    if (!atomic_compare_exchange_strong(&seat->claim[t], &mine, FK_POOL_IDLE))
        stopped();
}

/* Thread t of nthreads takes chunks of the order: in turn (static) or from a counter. */
static void run_thread(fk_pool_t *pool, int s, const struct pool_order *o, int t, int nthreads,
                       atomic_size_t *next)
{
    struct pool_seat *seat = &pool->seats[s];
    if (pool->pin && o->threads > 1)
        fk_pin_to_core(s * o->threads + t);
    for (size_t k = (size_t)t;; k += (size_t)nthreads) {
        size_t b = o->schedule == FK_SCHED_STATIC ? o->begin + k * o->chunk
                                                  : atomic_fetch_add(next, o->chunk);
        for (size_t i = b; i < b + o->chunk && i < o->end; i++)
            run_task(seat, o, t, i, s);
        if (b + o->chunk >= o->end)
            return;
    }
}

static void run_order(fk_pool_t *pool, int s, const struct pool_order *o)
{
    atomic_size_t next = o->begin;
    if (o->threads <= 1) {
        run_thread(pool, s, o, 0, 1, &next);
        return;
    }
#pragma omp parallel num_threads(o->threads)
    run_thread(pool, s, o, omp_get_thread_num(), omp_get_num_threads(), &next);
}

static void say(int fd, const void *msg, size_t len)
{
    if (write(fd, msg, len) != (ssize_t)len)
        _exit(1); /* the parent is gone */
}

/* The worker's start: die with the parent, default signal actions, the initializer. */
static void start(fk_pool_t *pool, int s, int in, int out)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() == 1)
        _exit(1);
    /* the parent's handlers only set a flag the worker never reads: a signal must kill it,
     * and a crash must be a crash (a test framework's longjmp would carry on as a copy) */
    fk_default_interrupt_handlers();
    static const int crashes[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    for (size_t k = 0; k < sizeof crashes / sizeof *crashes; k++)
        signal(crashes[k], SIG_DFL);
    for (int k = 0; k < pool->nslots; k++) { /* the parent's ends are not ours to hold */
        struct pool_slot *sl = &pool->slots[k];
        if (sl->fd >= 0)
            close(sl->fd), close(sl->order_fd); /* our own slot's too: set before the fork */
        if (sl->keep_fd >= 0 && sl->keep_fd != in)
            close(sl->keep_fd);
    }
    if (pool->pin)
        fk_pin_to_core(s);
    char msg[1 + FK_POOL_WHY] = {MSG_INIT_FAILED};
    if (pool->init && pool->init(pool->init_arg, msg + 1, sizeof msg - 1) != 0) {
        if (!msg[1])
            snprintf(msg + 1, sizeof msg - 1, "it returned non-zero");
        msg[FK_POOL_WHY] = '\0';
        say(out, msg, sizeof msg);
        _exit(120);
    }
    say(out, &(char){MSG_READY}, 1);
}

_Noreturn void fk_pool__worker_main(fk_pool_t *pool, int s, int in, int out)
{
    start(pool, s, in, out);
    for (;;) {
        struct pool_order o;
        ssize_t r = read(in, &o, sizeof o);
        if (r < 0 && errno == EINTR)
            continue;
        if (r != (ssize_t)sizeof o || !o.ts.fn)
            _exit(0); /* told to exit, or the parent is gone */
        run_order(pool, s, &o);
        say(out, &(char){MSG_DONE}, 1);
    }
}
