/* pool_int.h: the pool's insides, shared by pool.c (lifecycle), pool_reap.c (workers'
 * deaths and replacements, timeouts), pool_worker.c (the worker's side), pool_async.c
 * (submissions, results, callbacks) and pool_imap.c (iterators). Not for use outside
 * harness/models/pool*.c.
 *
 * A job is one submission (a map or one apply). Its descriptor lives in shared memory while
 * it runs; the parent's fk_pool_async_t follows it. The protocol that lets a descriptor be
 * reused safely: a worker publishes the job it is inside (slot.in_job) and then re-checks
 * that the job is still ACTIVE with the sequence number it saw; the parent marks a finished
 * job DRAINING and frees it only once no live worker is inside it (both sides seq_cst). */
#ifndef FK_POOL_INT_H
#define FK_POOL_INT_H

#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/types.h>

#include "harness/models/pool.h"

#define FK_POOL_POLL_MS 10
#define FK_POOL_WHY 160

enum pool_state { POOL_OPEN, POOL_CLOSED, POOL_TERMINATED, POOL_JOINED };
enum job_state { JOB_FREE = 0, JOB_ACTIVE, JOB_DRAINING };
/* What a worker says of itself, for the parent reading its death. */
enum worker_state { WORKER_STARTING = 0, WORKER_READY, WORKER_RETIRING, WORKER_INIT_FAILED };

struct pool_job {
    atomic_int state; /* enum job_state */
    atomic_ullong seq;
    int per_task_post; /* workers post `done` after every task, not once per share */
    fk_taskset_t ts;
    fk_pool_map_cfg_t cfg; /* chunk resolved */
    atomic_size_t next_chunk;
    fk_result_t own;     /* apply_async's result record: ts.results points here */
    fk_task_fn apply_fn; /* apply_async: ts runs apply_fn(apply_ctx, apply_index, &own) */
    void *apply_ctx;
    size_t apply_index;
};

struct pool_slot {
    sem_t start;
    atomic_int idle;   /* the worker is (about to be) asleep on start */
    atomic_int in_job; /* the job the worker is inside, -1: none */
    atomic_int wstate; /* enum worker_state */
    char why[FK_POOL_WHY];
    atomic_uchar share_done[FK_POOL_JOBS]; /* static schedule: this slot's share is done */
    atomic_long finished;                  /* tasks the slot's workers have run */
    /* the parent's own: */
    pid_t pid;          /* 0 when the slot has no live worker */
    int killed;         /* it killed this worker for a task's timeout */
    int strikes;        /* deaths in a row with no task finished between */
    long finished_seen; /* `finished` at the last death */
    int given_up;       /* struck out: never refilled */
};

struct pool_shared {
    sem_t done; /* posted by workers as work lands; the parent sleeps on it */
    atomic_int quit;
    int pin;
    int nslots;
    long maxtasks;
    fk_pool_init_fn init;
    void *init_arg;
    pid_t parent;
    struct pool_job jobs[FK_POOL_JOBS];
    struct pool_slot slots[];
};

struct fk_pool_async {
    fk_pool_t *pool;
    fk_taskset_t ts; /* ts.results: the caller's array, or &result (apply) */
    fk_pool_map_cfg_t cfg;
    fk_pool_cbs_t cbs;
    int apply; /* one call, its result in the job's own record */
    fk_task_fn apply_fn;
    void *apply_ctx;
    size_t apply_index; /* the index apply_fn gets, and callbacks report */
    int job;            /* the shared descriptor, -1 while queued in the parent or done */
    uint64_t seq;
    size_t *unreported; /* tasks not yet landed, compacted as they land */
    size_t nunreported;
    size_t failed;
    int done, orphan;
    int cb_failures;
    char cb_error[FK_POOL_WHY];
    fk_result_t result;    /* apply: the landed result */
    fk_pool_async_t *next; /* the pool's list of unfinished submissions, oldest first */
};

struct fk_pool {
    struct pool_shared *sh;
    size_t shlen;
    int state;
    long rss_sum_kib;
    int replacements, recycled;
    int base_threads; /* threads of the parent at create: more later means no fork */
    int in_callback;  /* a callback is running: waiting now would deadlock */
    int forced;       /* tasks not yet handed over were failed: look at queued jobs too */
    uint64_t next_seq;
    fk_pool_async_t *head, *tail; /* unfinished submissions, in order */
    char error[2 * FK_POOL_WHY];
};

/* pool.c */
int fk_pool__spawn(fk_pool_t *pool, int slot, int resume_job, uint64_t resume_seq);
int fk_pool__any_worker(const fk_pool_t *pool);
fk_result_t *fk_pool__results(const fk_pool_t *pool, const fk_pool_async_t *ar);

/* pool_reap.c */
void fk_pool__reap(fk_pool_t *pool);
void fk_pool__kill_overdue(fk_pool_t *pool);
void fk_pool__sweep(fk_pool_t *pool);
/* Fails every task not yet landed of every submission (e.g. "did not finish: ..."). */
void fk_pool__fail_pending(fk_pool_t *pool, const char *why);

/* pool_worker.c */
_Noreturn void fk_pool__worker_main(struct pool_shared *sh, int slot, int resume_job,
                                    uint64_t resume_seq);

/* pool_async.c */
/* One round of the parent's side: sleeps up to until_ns (0: do not sleep; at most
 * FK_POOL_POLL_MS) on `done`, then reaps, enforces timeouts, delivers landed results and
 * hands queued jobs over. Does nothing inside a callback. */
void fk_pool__pump(fk_pool_t *pool, int64_t until_ns);
/* apply_async; `closed_ok` lets an iterator go on submitting after close (until join). */
fk_pool_async_t *fk_pool__apply(fk_pool_t *pool, fk_task_fn fn, void *ctx, size_t index,
                                double timeout_s, const fk_pool_cbs_t *cbs, int closed_ok);
/* Waits (pumping) until ar is done or the deadline (< 0: none): 0 or -1 with errno. */
int fk_pool__wait_until(fk_pool_async_t *ar, int64_t deadline_ns);
int64_t fk_pool__deadline(double timeout_s);

#endif
