/* SPDX-License-Identifier: MIT */
/* pool_int.h: the pool's insides, shared by pool.c (the dispatcher: its invariants are
 * written there), pool_life.c (create, close, terminate, join), pool_worker.c (the worker's
 * side), pool_async.c (submissions, landing, callbacks) and pool_imap.c (iterators). Not for
 * use outside harness/models/pool*.c. */
#ifndef FK_POOL_INT_H
#define FK_POOL_INT_H

#include <stdatomic.h>
#include <stdint.h>
#include <sys/types.h>

#include "harness/models/pool.h"

#define FK_POOL_WHY 160
#define FK_POOL_MAX_THREADS 256 /* OpenMP threads per worker process in one map */
#define FK_POOL_IDLE (-1L)      /* a thread's claim word: running nothing */
#define FK_POOL_STOP (-2L)      /* the parent is killing this worker: start nothing */

enum pool_state { POOL_OPEN, POOL_CLOSED, POOL_TERMINATED, POOL_JOINED };
/* What a worker says on its channel: one byte, or 'I' and FK_POOL_WHY bytes of the
 * initializer's message (in one write, below PIPE_BUF: it arrives whole). */
enum { MSG_READY = 'R', MSG_DONE = 'D', MSG_INIT_FAILED = 'I' };

/* One order down a worker's channel: run tasks [begin, end) of a task set with `threads`
 * threads taking `chunk` tasks at a time (fn NULL: exit). An apply runs
 * fn(ctx, apply_index, the seat's record). Plain values: the pointers are valid in the
 * worker because it is a fork of the parent. */
struct pool_order {
    fk_taskset_t ts;
    size_t begin, end, chunk;
    int threads, schedule, apply;
    size_t apply_index;
};

/* A worker's seat in shared memory. Thread t of the worker publishes the task it runs in
 * claim[t] (IDLE -> i before it starts task i, i -> IDLE after it ends, both by CAS) and
 * when it started; the parent CASes a claim to STOP before killing for a timeout, so a
 * worker never starts a task after the parent decided to kill it. */
struct pool_seat {
    atomic_long claim[FK_POOL_MAX_THREADS];
    _Atomic int64_t started[FK_POOL_MAX_THREADS];
    fk_result_t rec; /* an apply's record */
};

/* Tasks of one submission handed to a worker: [begin, end), `threads` at a time. */
struct pool_batch {
    fk_pool_async_t *ar; /* NULL: the worker holds nothing */
    size_t begin, end;
    int threads, tries;
};

/* The parent's own view of a slot. */
struct pool_slot {
    pid_t pid;    /* 0: no live worker */
    int fd;       /* what the worker says (read end), -1 without a worker */
    int order_fd; /* orders to it (write end) */
    int keep_fd;  /* the orders' read end, kept open: a write never raises SIGPIPE */
    int ready;    /* the worker passed its initializer */
    long tasks;
    struct pool_batch batch;
    int64_t retry_at, backoff_ns; /* a failed fork is tried again at retry_at */
    int fork_errno;
};

struct fk_pool_async {
    fk_pool_t *pool;
    fk_taskset_t ts; /* apply: ntasks 1, results NULL (the record is the seat's) */
    fk_pool_map_cfg_t cfg;
    fk_pool_cbs_t cbs;
    int apply;
    size_t apply_index;      /* the index apply's fn gets, and callbacks report */
    size_t next;             /* dynamic: the first task not yet handed out */
    size_t *static_next;     /* static: slot s's next task (its chunks, round-robin) */
    struct pool_batch *redo; /* tasks to run again: a dead worker's leftovers */
    size_t nredo, redo_cap;
    size_t landed, failed;
    int done, orphan;
    int cb_failures;
    char cb_error[FK_POOL_WHY];
    fk_result_t result;              /* apply: the caller's own copy of the landed record */
    fk_pool_async_t *prev, *next_ar; /* the pool's unfinished submissions, oldest first */
};

struct fk_pool {
    int nslots, state, pin;
    long maxtasks;
    fk_pool_init_fn init;
    void *init_arg;
    struct pool_seat *seats; /* MAP_SHARED, one per slot */
    struct pool_slot *slots;
    struct pollfd *pfds;
    int *pfd_slot;
    unsigned turn; /* the channel read first after the next poll */
    long rss_sum_kib;
    int replacements, recycled;
    int base_threads;      /* threads of the parent at create: more later means no fork */
    int in_callback;       /* a callback is running: waiting now would deadlock */
    int64_t starved_since; /* work waits and no worker lives since then (0: not starved) */
    fk_pool_async_t *head, *tail;
    char error[2 * FK_POOL_WHY];
    char stop_why[3 * FK_POOL_WHY]; /* why the tasks of a stopped pool fail */
};

#define FK_POOL_PATIENCE_NS 1000000000LL /* how long forks are retried before work fails */

/* pool_life.c */
int fk_pool__wants_workers(const fk_pool_t *pool);
int fk_pool__spawn(fk_pool_t *pool, int s);
int fk_pool__reap(fk_pool_t *pool, int s, int kill_it);
/* Stops the pool: the initializer failed in worker s (msg: what it said; NULL: the worker
 * died, wstatus says how). */
void fk_pool__stop(fk_pool_t *pool, int s, const char *msg, int wstatus);

/* pool.c: the dispatcher */
/* One round of the parent's side (see pool.c); until_ns < 0: no limit, 0: just look. */
void fk_pool__pump(fk_pool_t *pool, int64_t until_ns);
void fk_pool__dispatch(fk_pool_t *pool);
void fk_pool__order(int fd, const struct pool_batch *b);
/* Fails every task not yet landed (workers must be dead first): "task i <why>". */
void fk_pool__fail_pending(fk_pool_t *pool, const char *why);

/* pool_worker.c */
_Noreturn void fk_pool__worker_main(fk_pool_t *pool, int s, int in, int out);

/* pool_async.c */
fk_result_t *fk_pool__record(fk_pool_t *pool, int s, fk_pool_async_t *ar, size_t i);
/* Task i of ar has its final record r: counts it, runs its callback, finishes ar when it
 * was the last. */
void fk_pool__land(fk_pool_t *pool, fk_pool_async_t *ar, size_t i, const fk_result_t *r);
void fk_pool__finish_if_done(fk_pool_t *pool, fk_pool_async_t *ar);
void fk_pool__redo(fk_pool_async_t *ar, struct pool_batch b);
fk_pool_async_t *fk_pool__apply(fk_pool_t *pool, fk_task_fn fn, void *ctx, size_t index,
                                double timeout_s, const fk_pool_cbs_t *cbs, int closed_ok);
int fk_pool__wait_until(fk_pool_async_t *ar, int64_t deadline_ns);
int64_t fk_pool__deadline(double timeout_s);
/* Task i of ar as the user knows it: an apply's own index. */
size_t fk_pool__label(const fk_pool_async_t *ar, size_t i);

#endif
