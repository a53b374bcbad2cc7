/* SPDX-License-Identifier: MIT */
/* pool.c: the pool's dispatcher (pool.h is the contract; docs/pool.md the design). The
 * parent is the only process that hands out work and lands results, as CPython's Pool does;
 * every worker has a channel of its own (two pipes) that carries one order at a time,
 * "run tasks [begin, end) of submission j", and back "ready" and "done".
 *
 * The invariants, each kept in one place:
 *  1. A task is in exactly one of: not handed out (its submission's cursor or redo list),
 *     held (inside the one batch of the one slot that holds it), landed. Only the parent
 *     moves it, and only along hand_out (dispatch), batch_done and settle.
 *  2. One writer per record: while a worker holds a batch, only it writes the batch's
 *     records; the parent reads them only after "done" (the worker has stopped writing) or
 *     after the worker is dead and reaped (fk_pool__reap waits for it), and only then lands
 *     or rewrites them. A killed worker is reaped before anything else happens.
 *  3. A worker never starts a task after the parent decided to kill it: each thread claims
 *     a task by CAS in its claim word before starting it, the parent CASes the word to STOP
 *     before the kill (pool_int.h, struct pool_seat).
 *  4. A dead worker is noticed at once, by its channel's end of file in the parent's poll;
 *     its batch is settled: finished tasks land; tasks never started go back to be handed
 *     out; a task running alone (one thread) is reported CRASHED, TIMEOUT or FAILED with
 *     the reason; tasks running beside others (hybrid) are run again alone, once each.
 *  5. A slot is never given up: a dead worker is replaced at once; a failed fork is tried
 *     again with backoff, every slot on its own; work waiting with no live worker fails
 *     only after FK_POOL_PATIENCE_NS of failed forks, with the fork's reason. Only an
 *     initializer that fails (or a worker that dies before it is ready) stops the pool.
 *  6. A submission is done when all its tasks have landed; then no worker holds any of its
 *     records, so the caller may free them (D1).
 * The parent sleeps in ppoll on the channels, until the next task's timeout or fork retry:
 * there is no polling interval. */
#include "harness/models/pool_int.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness/base/sys.h"
#include "kernels/common/util.h"

#define FK_POOL_MAX_TRIES 3 /* deaths in a row with no task running before tasks fail */

/* Slot v's next static batch of ar: its chunks go round-robin, T (threads) at a time. */
static int take_static(fk_pool_t *pool, fk_pool_async_t *ar, int v, size_t cap,
                       struct pool_batch *b)
{
    size_t n = ar->ts.ntasks, chunk = ar->cfg.chunk, T = (size_t)ar->cfg.threads;
    size_t round = chunk * T * (size_t)pool->nslots, p = ar->static_next[v];
    if (p >= n)
        return 0;
    size_t mine = p / round * round + (size_t)v * T * chunk, end = mine + T * chunk;
    *b = (struct pool_batch){ar, p, end < n ? end : n, (int)T, 0};
    if (b->end - p > cap)
        b->end = p + cap;
    ar->static_next[v] = b->end == end ? mine + round : b->end;
    return 1;
}

/* The next batch of ar for slot s (at most cap tasks): what must run again first, then
 * the slot's static share (or that of a slot with no worker; of any slot with `all`), or
 * the dynamic cursor. */
static int take(fk_pool_t *pool, fk_pool_async_t *ar, int s, size_t cap, int all,
                struct pool_batch *b)
{
    if (ar->nredo) {
        struct pool_batch *r = &ar->redo[ar->nredo - 1];
        *b = *r;
        if (b->end - b->begin > cap)
            r->begin = b->end = b->begin + cap;
        else
            ar->nredo--;
        return 1;
    }
    if (ar->static_next) {
        for (int k = 0; k < pool->nslots; k++) {
            int v = (s + k) % pool->nslots;
            if ((!k || all || pool->slots[v].pid <= 0) && take_static(pool, ar, v, cap, b))
                return 1;
        }
        return 0;
    }
    size_t n = ar->ts.ntasks, span = ar->cfg.chunk * (size_t)ar->cfg.threads;
    if (ar->next >= n)
        return 0;
    *b = (struct pool_batch){ar, ar->next, n - ar->next > span ? ar->next + span : n,
                             ar->cfg.threads, 0};
    if (b->end - b->begin > cap)
        b->end = b->begin + cap;
    ar->next = b->end;
    return 1;
}

/* Hands each idle worker its next batch, oldest submission first. */
void fk_pool__dispatch(fk_pool_t *pool)
{
    for (int s = 0; s < pool->nslots && fk_pool__wants_workers(pool); s++) {
        struct pool_slot *sl = &pool->slots[s];
        size_t cap = pool->maxtasks ? (size_t)(pool->maxtasks - sl->tasks) : SIZE_MAX;
        if (sl->pid <= 0 || sl->batch.ar)
            continue;
        fk_pool_async_t *ar = pool->head;
        while (ar && !take(pool, ar, s, cap, 0, &sl->batch))
            ar = ar->next_ar;
        if (!ar)
            continue;
        if (ar->apply)
            fk_results_reset(&pool->seats[s].rec, 1);
        fk_pool__order(sl->order_fd, &sl->batch);
    }
}

/* Writes why a task that ran alone did not finish into its record, and lands it. */
static void blame(fk_pool_t *pool, fk_pool_async_t *ar, size_t i, fk_result_t *r, int wstatus,
                  long overdue)
{
    size_t label = fk_pool__label(ar, i);
    if ((long)i == overdue) {
        r->status = FK_TASK_TIMEOUT;
        snprintf(r->msg, sizeof r->msg, "task %zu timed out after %g s", label, ar->cfg.timeout_s);
    } else if (WIFSIGNALED(wstatus)) {
        r->status = FK_TASK_CRASHED;
        r->signal = WTERMSIG(wstatus);
        snprintf(r->msg, sizeof r->msg, "task %zu crashed (SIG%s)", label, fk_signame(r->signal));
    } else {
        r->status = FK_TASK_FAILED;
        snprintf(r->msg, sizeof r->msg, "task %zu exited early (status %d)", label,
                 WEXITSTATUS(wstatus));
    }
    fk_pool__land(pool, ar, i, r);
}

static void fail_task(fk_pool_t *pool, fk_pool_async_t *ar, size_t i, fk_result_t *r,
                      const char *why)
{
    r->status = FK_TASK_FAILED;
    snprintf(r->msg, sizeof r->msg, "task %zu %.180s", fk_pool__label(ar, i), why);
    fk_pool__land(pool, ar, i, r);
}

static void requeue(fk_pool_async_t *ar, size_t i, fk_result_t *r, int threads, int tries)
{
    fk_results_reset(r, 1);
    fk_pool__redo(ar, (struct pool_batch){ar, i, i + 1, threads, tries});
}

/* The batch of slot s, whose worker is dead and reaped (invariant 4); `why`: fail what did
 * not finish with it instead. */
static void settle(fk_pool_t *pool, int s, int wstatus, long overdue, const char *why)
{
    struct pool_batch b = pool->slots[s].batch;
    fk_pool_async_t *ar = b.ar;
    pool->slots[s].batch.ar = NULL;
    if (!ar)
        return;
    int running = 0;
    for (size_t i = b.begin; i < b.end; i++)
        running += fk_pool__record(pool, s, ar, i)->status == FK_TASK_RUNNING;
    char lost[120];
    snprintf(lost, sizeof lost,
             "lost: its worker died %d times in a row without finishing a task (last: %s%s)",
             FK_POOL_MAX_TRIES, WIFSIGNALED(wstatus) ? "SIG" : "exit status ",
             WIFSIGNALED(wstatus) ? fk_signame(WTERMSIG(wstatus)) : "");
    /* a death with no task running (and not our kill) is the worker's own: bounded */
    int tries = running || overdue != FK_POOL_IDLE ? 0 : b.tries + 1;
    if (!why && tries >= FK_POOL_MAX_TRIES)
        why = lost;
    for (size_t i = b.begin; i < b.end; i++) {
        fk_result_t *r = fk_pool__record(pool, s, ar, i);
        int st = r->status;
        if (!why && !fk_pool__wants_workers(pool)) /* a callback stopped the pool */
            why = pool->stop_why;
        if (st == FK_TASK_PENDING || st == FK_TASK_RUNNING) {
            if (why)
                fail_task(pool, ar, i, r, why);
            else if (st == FK_TASK_RUNNING && b.threads <= 1)
                blame(pool, ar, i, r, wstatus, overdue);
            else /* never started, or beside the culprit: again, alone if it was running */
                requeue(ar, i, r, st == FK_TASK_RUNNING ? 1 : b.threads, tries);
        } else {
            fk_pool__land(pool, ar, i, r);
        }
    }
    fk_pool__finish_if_done(pool, ar);
}

/* Worker s is dead and reaped: settle its batch, replace it. overdue: the task it was
 * killed for (FK_POOL_IDLE: none). */
static void worker_gone(fk_pool_t *pool, int s, int wstatus, long overdue)
{
    if (!pool->slots[s].ready && pool->init && fk_pool__wants_workers(pool)) {
        fk_pool__stop(pool, s, NULL, wstatus);
        return;
    }
    settle(pool, s, wstatus, overdue, NULL);
    if (fk_pool__wants_workers(pool)) {
        pool->replacements++;
        fk_pool__spawn(pool, s);
    }
}

/* Worker s said "done": every record of its batch is final (invariant 2). */
static void batch_done(fk_pool_t *pool, int s)
{
    struct pool_slot *sl = &pool->slots[s];
    struct pool_batch b = sl->batch;
    pid_t pid = sl->pid;
    sl->batch.ar = NULL;
    sl->tasks += (long)(b.end - b.begin);
    for (size_t i = b.begin; b.ar && i < b.end; i++)
        fk_pool__land(pool, b.ar, i, fk_pool__record(pool, s, b.ar, i));
    if (b.ar)
        fk_pool__finish_if_done(pool, b.ar);
    /* maxtasksperchild: the worker is told to exit, reaped, and replaced */
    if (pool->maxtasks && sl->tasks >= pool->maxtasks && sl->pid == pid && pid > 0 &&
        fk_pool__wants_workers(pool)) {
        fk_pool__order(sl->order_fd, NULL);
        fk_pool__reap(pool, s, 0);
        pool->recycled++;
        fk_pool__spawn(pool, s);
    }
}

/* Reads one thing worker s said, or its end of file (the worker is dead). Called when the
 * poll saw it readable, or to sleep until it says something (a signal ends the sleep). */
static void read_channel(fk_pool_t *pool, int s)
{
    struct pool_slot *sl = &pool->slots[s];
    char msg[2 + FK_POOL_WHY] = "";
    ssize_t r = read(sl->fd, msg, 1);
    if (r < 0 && errno == EINTR)
        return;
    if (r <= 0) {
        worker_gone(pool, s, fk_pool__reap(pool, s, 0), FK_POOL_IDLE);
    } else if (msg[0] == MSG_READY) {
        sl->ready = 1;
    } else if (msg[0] == MSG_DONE) {
        batch_done(pool, s);
    } else if (msg[0] == MSG_INIT_FAILED) {
        if (read(sl->fd, msg + 1, FK_POOL_WHY) <= 0)
            msg[1] = '\0';
        fk_pool__stop(pool, s, msg + 1, 0);
    }
}

/* Kills (and reaps) the worker of every task running past its timeout (invariant 3). */
static void kill_overdue(fk_pool_t *pool)
{
    int64_t now = 0; /* read only when a timeout is to be checked */
    for (int s = 0; s < pool->nslots; s++) {
        struct pool_batch *b = &pool->slots[s].batch;
        struct pool_seat *seat = &pool->seats[s];
        if (!b->ar || b->ar->cfg.timeout_s <= 0 || pool->slots[s].pid <= 0)
            continue;
        now = now ? now : fk_now_ns();
        int64_t limit = (int64_t)(b->ar->cfg.timeout_s * 1e9);
        for (int t = 0; t < b->threads; t++) {
            long task = atomic_load(&seat->claim[t]);
            if (task < 0 || now - atomic_load(&seat->started[t]) < limit ||
                !atomic_compare_exchange_strong(&seat->claim[t], &task, FK_POOL_STOP))
                continue;
            for (int u = 0; u < b->threads; u++)
                atomic_store(&seat->claim[u], FK_POOL_STOP);
            worker_gone(pool, s, fk_pool__reap(pool, s, 1), task);
            break;
        }
    }
}

static int64_t earlier(int64_t a, int64_t b)
{
    return a < 0 || (b >= 0 && b < a) ? b : a;
}

/* When the parent must wake at the latest: until_ns, the next timeout, fork retry or the
 * end of the patience with no worker (-1: none). */
static int64_t next_wake(const fk_pool_t *pool, int64_t until_ns)
{
    int64_t wake = until_ns, now = 0;
    for (int s = 0; s < pool->nslots; s++) {
        const struct pool_batch *b = &pool->slots[s].batch;
        if (pool->slots[s].pid <= 0 && fk_pool__wants_workers(pool))
            wake = earlier(wake, pool->slots[s].retry_at);
        if (!b->ar || b->ar->cfg.timeout_s <= 0)
            continue;
        int64_t limit = (int64_t)(b->ar->cfg.timeout_s * 1e9);
        now = now ? now : fk_now_ns();
        for (int t = 0; t < b->threads; t++) {
            int busy = atomic_load(&pool->seats[s].claim[t]) >= 0;
            wake = earlier(wake, (busy ? atomic_load(&pool->seats[s].started[t]) : now) + limit);
        }
    }
    if (pool->starved_since)
        wake = earlier(wake, pool->starved_since + FK_POOL_PATIENCE_NS);
    return wake;
}

/* Forks again into empty slots whose retry time has come; fails the waiting work when no
 * worker lives and none could be started within the patience (invariant 5). */
static void refill(fk_pool_t *pool)
{
    int64_t now = 0; /* read only when a slot is empty */
    int live = 0, err = 0;
    for (int s = 0; s < pool->nslots && fk_pool__wants_workers(pool); s++) {
        struct pool_slot *sl = &pool->slots[s];
        if (sl->pid <= 0 && (now = now ? now : fk_now_ns()) >= sl->retry_at)
            fk_pool__spawn(pool, s);
        live += sl->pid > 0;
        err = sl->pid > 0 ? err : sl->fork_errno;
    }
    if (live || !pool->head || !fk_pool__wants_workers(pool)) {
        pool->starved_since = 0;
        return;
    }
    if (!pool->starved_since)
        pool->starved_since = now;
    if (err != EDEADLK && now - pool->starved_since < FK_POOL_PATIENCE_NS)
        return;
    char why[FK_POOL_WHY];
    if (err == EDEADLK)
        snprintf(why, sizeof why,
                 "lost: no worker could run it (the pool's parent has started "
                 "threads since create; forking now could deadlock (GCC PR 60035))");
    else
        snprintf(why, sizeof why, "lost: no worker could be started in %g s (fork: %s)",
                 FK_POOL_PATIENCE_NS / 1e9, strerror(err));
    pool->starved_since = 0;
    fk_pool__fail_pending(pool, why);
}

void fk_pool__fail_pending(fk_pool_t *pool, const char *why)
{
    if (!fk_pool__wants_workers(pool))
        snprintf(pool->stop_why, sizeof pool->stop_why, "%s", why);
    for (int s = 0; s < pool->nslots; s++) {
        int wstatus = pool->slots[s].pid > 0 ? fk_pool__reap(pool, s, 1) : 0;
        settle(pool, s, wstatus, FK_POOL_IDLE, why);
    }
    fk_pool_async_t *next;
    for (fk_pool_async_t *ar = pool->head; ar; ar = next) {
        struct pool_batch b;
        next = ar->next_ar;
        while (take(pool, ar, 0, SIZE_MAX, 1, &b))
            for (size_t i = b.begin; i < b.end; i++)
                fail_task(pool, ar, i, fk_pool__record(pool, -1, ar, i), why);
        fk_pool__finish_if_done(pool, ar);
    }
}

/* One round of the parent's side: hand out work, sleep until a worker speaks or until_ns
 * (< 0: no limit; 0 or past: just look), then read, kill the overdue, refill. Does nothing
 * inside a callback. */
void fk_pool__pump(fk_pool_t *pool, int64_t until_ns)
{
    if (pool->in_callback)
        return;
    refill(pool);
    fk_pool__dispatch(pool);
    int n = 0;
    for (int s = 0; s < pool->nslots; s++)
        if (pool->slots[s].fd >= 0) {
            pool->pfds[n] = (struct pollfd){pool->slots[s].fd, POLLIN, 0};
            pool->pfd_slot[n++] = s;
        }
    int64_t wake = next_wake(pool, until_ns), left = wake < 0 ? 0 : wake - fk_now_ns();
    if (n <= 1 && wake < 0) { /* one channel and no clock to watch: sleep in its read */
        if (n == 1)
            read_channel(pool, pool->pfd_slot[0]);
        return; /* (with none, nothing could ever wake us) */
    }
    struct timespec ts = {(time_t)(left > 0 ? left / 1000000000LL : 0),
                          (long)(left > 0 ? left % 1000000000LL : 0)};
    /* one channel per round, taken in turn: what it says may change every slot (a
     * callback may terminate the pool), so the poll's other answers are not trusted */
    if (ppoll(pool->pfds, (nfds_t)n, wake < 0 ? NULL : &ts, NULL) > 0)
        for (int k = 0, first = pool->turn++; k < n; k++)
            if (pool->pfds[(first + k) % n].revents) {
                read_channel(pool, pool->pfd_slot[(first + k) % n]);
                break;
            }
    kill_overdue(pool);
    refill(pool);
    fk_pool__dispatch(pool);
}
