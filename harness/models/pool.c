/* pool.c: the pool's life (see pool.h for the contract, pool_int.h for the shared layout):
 * create, fork workers (never after the parent has started threads), close, terminate,
 * join, destroy. What happens when a worker dies is pool_reap.c's. */
#include "harness/models/pool_int.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/engine/counters.h"
#include "harness/engine/sys.h"
#include "kernels/common/util.h"

/* The calling process's thread count (/proc/self/stat field 20), 1 when unreadable. */
static int threads_now(void)
{
    long long n = fk_self_stat_field(20);
    return n > 0 ? (int)n : 1;
}

int fk_pool__spawn(fk_pool_t *pool, int slot, int resume_job, uint64_t resume_seq)
{
    struct pool_slot *s = &pool->sh->slots[slot];
    if (threads_now() > pool->base_threads) {
        errno = EDEADLK; /* threads started in this process since create: GCC PR 60035 */
        return -1;
    }
    atomic_store(&s->wstate, WORKER_STARTING);
    /* a replacement is inside its predecessor's job from the start, so the job is not
     * swept (fk_pool__sweep) before it has finished the claims it inherits */
    atomic_store(&s->in_job, resume_job);
    atomic_store(&s->idle, 0);
    s->why[0] = '\0';
    fflush(NULL); /* or buffered output would be written twice */
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0)
        fk_pool__worker_main(pool->sh, slot, resume_job, resume_seq);
    s->pid = pid;
    return 0;
}

fk_pool_t *fk_pool_create(int workers, int pin)
{
    fk_pool_opts_t opts = {.pin = pin};
    return fk_pool_create_opts(workers, &opts);
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
    pool->shlen = sizeof(struct pool_shared) + (size_t)workers * sizeof(struct pool_slot);
    pool->sh = mmap(NULL, pool->shlen, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (pool->sh == MAP_FAILED) {
        free(pool);
        return NULL;
    }
    struct pool_shared *sh = pool->sh;
    sh->nslots = workers;
    sh->pin = opts->pin;
    sh->maxtasks = opts->maxtasksperchild;
    sh->init = opts->init;
    sh->init_arg = opts->init_arg;
    sh->parent = getpid();
    pool->base_threads = threads_now();
    sem_init(&sh->done, 1, 0);
    for (int s = 0; s < workers; s++)
        sem_init(&sh->slots[s].start, 1, 0);
    for (int s = 0; s < workers; s++) {
        if (fk_pool__spawn(pool, s, -1, 0) != 0) {
            int e = errno;
            fk_pool_destroy(pool);
            errno = e;
            return NULL;
        }
    }
    return pool;
}

fk_result_t *fk_pool__results(const fk_pool_t *pool, const fk_pool_async_t *ar)
{
    return ar->apply && ar->job >= 0 ? &pool->sh->jobs[ar->job].own : ar->ts.results;
}

int fk_pool__any_worker(const fk_pool_t *pool)
{
    for (int s = 0; s < pool->sh->nslots; s++)
        if (pool->sh->slots[s].pid > 0)
            return 1;
    return 0;
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
    for (int s = 0; s < pool->sh->nslots; s++)
        if (pool->sh->slots[s].pid > 0)
            kill(pool->sh->slots[s].pid, SIGKILL);
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
        fk_pool__pump(pool, fk_now_ns() + FK_POOL_POLL_MS * 1000000LL);
    atomic_store(&pool->sh->quit, 1);
    for (int s = 0; s < pool->sh->nslots; s++)
        sem_post(&pool->sh->slots[s].start);
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
    if (pool->state == POOL_OPEN || pool->state == POOL_CLOSED)
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
    for (int s = 0; s < pool->sh->nslots; s++) {
        pid_t pid = pool->sh->slots[s].pid;
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
