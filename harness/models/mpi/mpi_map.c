/* SPDX-License-Identifier: MIT */
/* mpi_map.c: runs a task set across MPI ranks (x OpenMP threads), the MPI form of the fork
 * pool's map (pool.c): the same static round-robin chunks, and for the dynamic schedule the
 * same atomic chunk counter, kept by rank 0 and handed to the other ranks on request. Each
 * rank fills its own copy of the result array; a reduction that keeps the record of whoever
 * ran each task brings them together on rank 0. Timed with MPI_Wtime between barriers. */
#include "harness/models/mpi/mpi_map.h"

#include <omp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

enum { TAG_ASK = 7301, TAG_CHUNK = 7302 };
enum { ASK_CHUNK = 0, ASK_DONE = 1 };

/* The dispatcher sleeps between polls so that it costs no core; the sleep doubles while idle
 * up to this bound (a request waits at most this long, small against any real chunk). */
#define POLL_MIN_NS 2000
#define POLL_MAX_NS 200000

typedef struct map_state {
    const fk_taskset_t *ts;
    const fk_model_cfg_t *cfg;
    int rank, size, local_rank;
    atomic_long next_chunk; /* rank 0: the dynamic schedule's counter */
} map_state_t;

static void run_chunk(const map_state_t *m, long c, int worker)
{
    size_t n = m->ts->ntasks, chunk = m->cfg->chunk;
    for (size_t i = (size_t)c * chunk; i < (size_t)(c + 1) * chunk && i < n; i++)
        fk_run_one(m->ts, i, worker);
}

/* The next chunk for rank 0's own threads and for the dispatcher's replies; -1: none left. */
static long take_chunk(map_state_t *m)
{
    long c = atomic_fetch_add(&m->next_chunk, 1);
    return (size_t)c * m->cfg->chunk < m->ts->ntasks ? c : -1;
}

/* A rank other than 0 asks rank 0 for a chunk; its threads take turns (SERIALIZED). */
static long ask_chunk(void)
{
    long c;
    int ask = ASK_CHUNK;
#pragma omp critical(fk_mpi_ask)
    {
        MPI_Send(&ask, 1, MPI_INT, 0, TAG_ASK, MPI_COMM_WORLD);
        MPI_Recv(&c, 1, MPI_LONG, 0, TAG_CHUNK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
    return c;
}

/* Rank 0's dispatcher thread: answers requests until every other rank said it is done. */
static void *dispatcher(void *arg)
{
    map_state_t *m = arg;
    long sleep_ns = POLL_MIN_NS;
    for (int done = 0; done < m->size - 1;) {
        int flag, ask;
        MPI_Status st;
        MPI_Iprobe(MPI_ANY_SOURCE, TAG_ASK, MPI_COMM_WORLD, &flag, &st);
        if (!flag) {
            struct timespec ts = {0, sleep_ns};
            nanosleep(&ts, NULL);
            sleep_ns = sleep_ns * 2 > POLL_MAX_NS ? POLL_MAX_NS : sleep_ns * 2;
            continue;
        }
        sleep_ns = POLL_MIN_NS;
        MPI_Recv(&ask, 1, MPI_INT, st.MPI_SOURCE, TAG_ASK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (ask == ASK_DONE) {
            done++;
            continue;
        }
        long c = take_chunk(m);
        MPI_Send(&c, 1, MPI_LONG, st.MPI_SOURCE, TAG_CHUNK, MPI_COMM_WORLD);
    }
    return NULL;
}

/* One thread's share: worker w = rank x threads + t, as the pool numbers its workers. */
static void share_thread(map_state_t *m, int t, int nthreads)
{
    int worker = m->rank * nthreads + t;
    if (m->cfg->pin)
        fk_pin_to_core(m->local_rank * nthreads + t);
    if (m->cfg->schedule == FK_SCHED_STATIC) {
        long stride = (long)m->size * nthreads;
        for (long c = worker; (size_t)c * m->cfg->chunk < m->ts->ntasks; c += stride)
            run_chunk(m, c, worker);
        return;
    }
    for (;;) {
        long c = m->rank == 0 ? take_chunk(m) : ask_chunk();
        if (c < 0)
            break;
        run_chunk(m, c, worker);
    }
}

static void run_shares(map_state_t *m)
{
    int threads = m->cfg->threads > 1 ? m->cfg->threads : 1;
    if (threads == 1) {
        share_thread(m, 0, 1);
        return;
    }
#pragma omp parallel num_threads(threads)
    share_thread(m, omp_get_thread_num(), threads);
}

/* The rank's part of the map; rank 0 serves the others from a thread meanwhile. */
static void map_tasks(map_state_t *m)
{
    int dynamic = m->cfg->schedule == FK_SCHED_DYNAMIC && m->size > 1;
    pthread_t tid;
    if (dynamic && m->rank == 0 && pthread_create(&tid, NULL, dispatcher, m) != 0) {
        fprintf(stderr, "forkomp: rank 0 cannot start its dispatcher thread\n");
        MPI_Abort(MPI_COMM_WORLD, 1); /* the other ranks would wait for chunks forever */
    }
    run_shares(m);
    if (dynamic && m->rank == 0)
        pthread_join(tid, NULL);
    else if (dynamic) {
        int done = ASK_DONE;
        MPI_Send(&done, 1, MPI_INT, 0, TAG_ASK, MPI_COMM_WORLD);
    }
}

/* The reduction: keeps, for each task, the record of the rank that ran it. */
static void merge_records(void *in, void *inout, int *len, MPI_Datatype *type)
{
    (void)type;
    const fk_result_t *a = in;
    fk_result_t *b = inout;
    for (int i = 0; i < *len; i++)
        if (b[i].status == FK_TASK_PENDING && a[i].status != FK_TASK_PENDING)
            b[i] = a[i];
}

static int gather_results(const fk_taskset_t *ts, int rank)
{
    MPI_Datatype rec;
    MPI_Op op;
    MPI_Type_contiguous((int)sizeof(fk_result_t), MPI_BYTE, &rec);
    MPI_Type_commit(&rec);
    MPI_Op_create(merge_records, 1, &op);
    int rc = MPI_Reduce(rank == 0 ? MPI_IN_PLACE : ts->results, ts->results, (int)ts->ntasks, rec,
                        op, 0, MPI_COMM_WORLD);
    MPI_Op_free(&op);
    MPI_Type_free(&rec);
    return rc == MPI_SUCCESS ? 0 : -1;
}

/* Every rank's processor name, each once, in rank order. */
static void gather_hosts(int rank, int size, char *hosts, size_t len)
{
    char name[MPI_MAX_PROCESSOR_NAME] = "", *all = NULL;
    int n;
    MPI_Get_processor_name(name, &n);
    if (rank == 0)
        all = calloc((size_t)size, MPI_MAX_PROCESSOR_NAME);
    MPI_Gather(name, MPI_MAX_PROCESSOR_NAME, MPI_CHAR, all, MPI_MAX_PROCESSOR_NAME, MPI_CHAR, 0,
               MPI_COMM_WORLD);
    hosts[0] = '\0';
    for (int r = 0; all && r < size; r++)
        fk_mpi_hosts_add(hosts, len, all + (size_t)r * MPI_MAX_PROCESSOR_NAME);
    free(all);
}

static double cpu_seconds(const struct timeval *tv)
{
    return (double)tv->tv_sec + (double)tv->tv_usec * 1e-6;
}

/* CPU time and peak memory of every rank, summed (and the peak's maximum) on rank 0. */
static void gather_usage(const struct rusage *before, fk_mpi_stats_t *st)
{
    struct rusage now;
    getrusage(RUSAGE_SELF, &now); /* the whole process: every thread of the rank */
    double cpu[2] = {cpu_seconds(&now.ru_utime) - cpu_seconds(&before->ru_utime),
                     cpu_seconds(&now.ru_stime) - cpu_seconds(&before->ru_stime)};
    double sum[2] = {0, 0};
    MPI_Reduce(cpu, sum, 2, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    MPI_Reduce(&now.ru_maxrss, &st->maxrss_kib, 1, MPI_LONG, MPI_MAX, 0, MPI_COMM_WORLD);
    MPI_Reduce(&now.ru_maxrss, &st->rss_sum_kib, 1, MPI_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
    st->user_s = sum[0];
    st->sys_s = sum[1];
}

static int local_rank(void)
{
    MPI_Comm node;
    int r = 0;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
    MPI_Comm_rank(node, &r);
    MPI_Comm_free(&node);
    return r;
}

int fk_mpi_map(const fk_taskset_t *ts, const fk_model_cfg_t *cfg, fk_mpi_stats_t *st)
{
    map_state_t m = {.ts = ts, .cfg = cfg};
    struct rusage before;
    memset(st, 0, sizeof *st);
    MPI_Comm_rank(MPI_COMM_WORLD, &m.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &m.size);
    m.local_rank = cfg->pin ? local_rank() : 0;
    atomic_init(&m.next_chunk, 0);
    fk_results_reset(ts->results, ts->ntasks);
    getrusage(RUSAGE_SELF, &before);
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    map_tasks(&m);
    int rc = gather_results(ts, m.rank);
    MPI_Barrier(MPI_COMM_WORLD);
    st->wall_s = MPI_Wtime() - t0;
    gather_usage(&before, st);
    gather_hosts(m.rank, m.size, st->hosts, sizeof st->hosts);
    return rc;
}
