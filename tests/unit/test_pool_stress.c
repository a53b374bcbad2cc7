/* SPDX-License-Identifier: MIT */
/* test_pool_stress.c: the pool proved by counting (issue 23). Random rounds, for
 * FK_STRESS_SECONDS (default 40; `make stress` runs longer), each on a fresh pool: map and
 * map_async with callbacks (both schedules, chunk sizes 0..n, 1 or 2 OpenMP threads per
 * worker), apply_async with get(timeout), imap and imap_unordered, an initializer,
 * maxtasksperchild 0..3, tasks that abort, segfault, _exit, SIGKILL themselves, hang past
 * their timeout or sleep just their timeout, terminate mid-map, and forks that fail
 * (through -Wl,--wrap=fork, pool_forkfail.h). Every task counts its starts and finishes in
 * shared memory and answers with its round and index; after each round every task must
 * have landed once with the status its behaviour calls for: 0 lost, 0 run twice (a hybrid
 * task that ran beside a crash or a timeout may run once more, alone), 0 stale answers,
 * 0 hung (an alarm bounds each round), and at the end no child, descriptor or shared
 * mapping is left. FK_STRESS_SEED repeats a run. No assertion depends on timing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "kernels/common/util.h"
#include "tests/unit/pool_forkfail.h"
#include "tests/unit/pool_test.h"
#include "tests/unit/unit_test.h"

#define MAXN 96
#define TIMEOUT_S 0.25

enum { OK_TASK, NAP, ABORT, SEGV, EXIT, KILL, HANG, EDGE, REFUSE, NACTIONS };

typedef struct shm {
    atomic_int starts[MAXN], finishes[MAXN], init_calls;
    int action[MAXN];
    uint64_t round;
} shm_t;

static shm_t *shm; /* MAP_SHARED, before any pool: every worker sees it */
static uint64_t rng;

static unsigned pick(unsigned n)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static int stress_task(void *ctx, size_t i, fk_result_t *out)
{
    (void)ctx;
    atomic_fetch_add(&shm->starts[i], 1);
    struct timespec nap = {0, (long)(i % 3) * 300000L}, edge = {0, (long)(TIMEOUT_S * 1e9)};
    switch (shm->action[i]) {
    case NAP:
        nanosleep(&nap, NULL);
        break;
    case ABORT:
        abort();
    case SEGV:
        raise(SIGSEGV);
        break;
    case EXIT:
        _exit(7);
    case KILL:
        kill(getpid(), SIGKILL);
        break;
    case HANG:
        sleep(20);
        break;
    case EDGE:
        nanosleep(&edge, NULL);
        break; /* ends at its timeout: either verdict */
    case REFUSE:
        snprintf(out->msg, sizeof out->msg, "refused");
        return 1;
    }
    out->value = shm->round * 1000 + i;
    atomic_fetch_add(&shm->finishes[i], 1);
    return 0;
}

static int count_init(void *arg, char *why, size_t len)
{
    (void)arg, (void)why, (void)len;
    atomic_fetch_add(&shm->init_calls, 1);
    return 0;
}

static int landed_count[MAXN];

static int on_land(void *arg, size_t i, const fk_result_t *r)
{
    (void)arg, (void)r;
    landed_count[i]++;
    return 0;
}

typedef struct round {
    int workers, threads, schedule, maxtasks, kind;
    size_t n, chunk;
    double timeout;
    int faults, terminate, forkfail;
} round_t;

enum { MAP, APPLY, IMAP, IMAP_UNORDERED, NKINDS };

static char where[256]; /* the round, for the messages */

static void bad(size_t i, const fk_result_t *r, const char *what)
{
    fail_msg("%s: task %zu: %s (status %d, starts %d, finishes %d, msg \"%s\")", where, i, what,
             r->status, atomic_load(&shm->starts[i]), atomic_load(&shm->finishes[i]), r->msg);
}

/* Task i's landed record r against what its action calls for. */
static void check_task(const round_t *rd, size_t i, const fk_result_t *r)
{
    int a = shm->action[i], st = r->status, again = rd->threads > 1 && rd->faults;
    int starts = atomic_load(&shm->starts[i]), fins = atomic_load(&shm->finishes[i]);
    if (starts > 1 + again || fins > 1 + again)
        bad(i, r, "run twice");
    if (st == FK_TASK_OK && (fins < 1 || r->value != shm->round * 1000 + i))
        bad(i, r, "OK without its own answer (stale)");
    if (rd->terminate && st == FK_TASK_FAILED && strstr(r->msg, "pool was terminated"))
        return;
    if (rd->forkfail && st == FK_TASK_FAILED && strstr(r->msg, "no worker could be started"))
        return;
    if (a == OK_TASK || a == NAP || (a == EDGE && st == FK_TASK_OK))
        st == FK_TASK_OK ? (void)0 : bad(i, r, "should be OK");
    else if (a == EDGE || a == HANG)
        st == FK_TASK_TIMEOUT ? (void)0 : bad(i, r, "should be TIMEOUT");
    else if (a == EXIT)
        strstr(r->msg, "exited early (status 7)") ? (void)0 : bad(i, r, "should have exited");
    else if (a == REFUSE)
        strcmp(r->msg, "refused") == 0 ? (void)0 : bad(i, r, "should be refused");
    else if (st != FK_TASK_CRASHED || r->signal != (a == ABORT  ? SIGABRT
                                                    : a == SEGV ? SIGSEGV
                                                                : SIGKILL))
        bad(i, r, "should have crashed with its signal");
}

static void plan(round_t *rd)
{
    memset(shm->starts, 0, sizeof shm->starts);
    memset(shm->finishes, 0, sizeof shm->finishes);
    memset(landed_count, 0, sizeof landed_count);
    shm->round++;
    for (size_t i = 0; i < MAXN; i++)
        shm->action[i] = pick(3) ? OK_TASK : NAP;
    for (int f = 0; f < rd->faults; f++) {
        int a = ABORT + (int)pick(NACTIONS - ABORT);
        if ((a == HANG || a == EDGE) && rd->timeout == 0)
            a = REFUSE;
        shm->action[pick((unsigned)rd->n)] = a;
    }
}

static void run_map(fk_pool_t *pool, const round_t *rd, fk_result_t *res)
{
    fk_taskset_t ts = {stress_task, NULL, rd->n, res, {0, 0}};
    fk_pool_map_cfg_t cfg = {rd->schedule, rd->chunk, rd->threads, rd->timeout, 0};
    fk_pool_cbs_t cbs = {on_land, on_land, NULL};
    fk_pool_async_t *ar = fk_pool_map_async(pool, &ts, &cfg, &cbs);
    assert_non_null(ar);
    if (rd->terminate) {
        fk_pool_async_get(ar, 0.001 * pick(20)); /* mid-map, or not yet, or done */
        fk_pool_terminate(pool);
    }
    assert_true(fk_pool_async_get(ar, pick(2) ? -1 : 600) >= 0);
    for (size_t i = 0; i < rd->n; i++)
        if (landed_count[i] != 1)
            bad(i, &res[i], "landed other than once");
    fk_pool_async_free(ar);
}

static void run_apply(fk_pool_t *pool, const round_t *rd, fk_result_t *res)
{
    fk_pool_async_t *ars[MAXN];
    const fk_result_t *early[MAXN];
    fk_pool_cbs_t cbs = {on_land, on_land, NULL};
    for (size_t i = 0; i < rd->n; i++) {
        ars[i] = fk_pool_apply_async(pool, stress_task, NULL, i, rd->timeout, &cbs);
        assert_non_null(ars[i]);
        early[i] = fk_pool_async_result(ars[i], 0); /* the caller's own copy (D8) */
        if (pick(4) == 0 && fk_pool_async_get(ars[i], 0.001 * pick(3)) < 0)
            assert_int_equal(errno, ETIMEDOUT);
    }
    for (size_t k = rd->n; k-- > 0;) {
        assert_true(fk_pool_async_get(ars[k], -1) >= 0);
        res[k] = *fk_pool_async_result(ars[k], 0);
        assert_ptr_equal(early[k], fk_pool_async_result(ars[k], 0));
        if (landed_count[k] != 1)
            bad(k, &res[k], "landed other than once");
    }
    for (size_t i = 0; i < rd->n; i++) {
        assert_int_equal(memcmp(early[i], &res[i], sizeof res[i]), 0);
        fk_pool_async_free(ars[i]);
    }
}

static void run_imap(fk_pool_t *pool, const round_t *rd, fk_result_t *res)
{
    fk_pool_imap_cfg_t cfg = {1 + pick(8), rd->timeout, rd->kind == IMAP_UNORDERED};
    fk_pool_imap_t *it = fk_pool_imap(pool, stress_task, NULL, rd->n, &cfg);
    assert_non_null(it);
    size_t index, k = 0;
    fk_result_t r;
    while (fk_pool_imap_next(it, -1, &index, &r) == 0) {
        assert_true(index < rd->n);
        if (rd->kind != IMAP_UNORDERED)
            assert_int_equal(index, k);
        landed_count[index]++;
        res[index] = r;
        k++;
    }
    assert_int_equal(k, rd->n);
    for (size_t i = 0; i < rd->n; i++)
        if (landed_count[i] != 1)
            bad(i, &res[i], "returned other than once");
    fk_pool_imap_free(it);
}

static round_t draw(void)
{
    round_t rd = {.workers = 1 + (int)pick(4),
                  .threads = 1 + (int)pick(2),
                  .schedule = (int)pick(2),
                  .maxtasks = (int)pick(4),
                  .kind = (int)pick(NKINDS),
                  .n = 1 + pick(MAXN)};
    rd.chunk = pick((unsigned)rd.n + 2);
    rd.timeout = pick(2) ? TIMEOUT_S : 0;
    rd.faults = pick(2) ? (int)pick(4) : 0;
    rd.terminate = rd.kind == MAP && pick(6) == 0;
    rd.forkfail = pick(5) == 0 ? (pick(3) ? 300 : 1000) : 0;
    if (rd.kind != MAP)
        rd.threads = 1;
    return rd;
}

static void one_round(const round_t *rd, fk_result_t *res)
{
    snprintf(where, sizeof where,
             "round %llu: kind %d W %d T %d sched %d chunk %zu n %zu maxtasks %d timeout %g "
             "faults %d terminate %d forkfail %d",
             (unsigned long long)shm->round, rd->kind, rd->workers, rd->threads, rd->schedule,
             rd->chunk, rd->n, rd->maxtasks, rd->timeout, rd->faults, rd->terminate, rd->forkfail);
    fk_pool_opts_t opts = {0, pick(2) ? count_init : NULL, NULL, rd->maxtasks};
    fk_pool_t *pool = fk_pool_create_opts(rd->workers, &opts);
    assert_non_null(pool);
    fork_fail_permille = rd->forkfail; /* replacements: recycled or crashed workers */
    if (rd->kind == MAP)
        run_map(pool, rd, res);
    else if (rd->kind == APPLY)
        run_apply(pool, rd, res);
    else
        run_imap(pool, rd, res);
    fork_fail_permille = 0;
    for (size_t i = 0; i < rd->n; i++)
        check_task(rd, i, &res[i]);
    if (!rd->terminate)
        assert_int_equal(fk_pool_close(pool), 0);
    assert_int_equal(fk_pool_join(pool), 0);
    fk_pool_destroy(pool);
}

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "test_pool_stress: a round hung (see the last round printed)\n";
    if (write(2, msg, sizeof msg - 1) < 0)
        _exit(3);
    _exit(3);
}

/* Shared mappings of this process (rw-s lines of /proc/self/maps). */
static int shared_mappings(void)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    int n = 0;
    assert_non_null(f);
    while (fgets(line, sizeof line, f))
        n += strstr(line, " rw-s ") != NULL;
    fclose(f);
    return n;
}

static void test_stress(void **state)
{
    (void)state;
    const char *secs = getenv("FK_STRESS_SECONDS"), *seed = getenv("FK_STRESS_SEED");
    double budget = secs ? atof(secs) : 40;
    rng = seed ? strtoull(seed, NULL, 10) : (uint64_t)fk_now_ns();
    rng = rng ? rng : 1;
    print_message("test_pool_stress: FK_STRESS_SEED=%llu, %g s\n", (unsigned long long)rng, budget);
    int fds = count_fds(), maps = shared_mappings();
    shm = shared_new(sizeof *shm);
    fk_result_t *res = results_new(MAXN);
    signal(SIGALRM, on_alarm);
    int64_t end = fk_now_ns() + (int64_t)(budget * 1e9);
    long rounds = 0, tasks = 0;
    while (fk_now_ns() < end || rounds < 20) {
        round_t rd = draw();
        plan(&rd);
        alarm(120); /* generous: a round takes well under a second unloaded */
        one_round(&rd, res);
        alarm(0);
        rounds++;
        tasks += (long)rd.n;
    }
    print_message("test_pool_stress: %ld rounds, %ld tasks, %ld forks failed on purpose: 0 lost, "
                  "0 run twice, 0 stale, 0 hung\n",
                  rounds, tasks, forks_failed);
    munmap(shm, sizeof *shm);
    results_free(res, MAXN);
    assert_no_children();
    assert_int_equal(count_fds(), fds);
    assert_int_equal(shared_mappings(), maps);
}

FK_TEST_MAIN(cmocka_unit_test(test_stress))
