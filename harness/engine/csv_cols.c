/* SPDX-License-Identifier: MIT */
/* csv_cols.c: the CSV's columns as one table (csv.h): name, kind, writer and meaning, from
 * which the header, every row, the report's checks and docs/csv-columns.md come. */
#include "harness/engine/csv.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "harness/engine/context.h"
#include "harness/engine/unit_cost.h"
#include "harness/base/placement.h"

struct fk_csv_out {
    char *buf;
    size_t cap, len;
    const fk_context_t *ctx;
};

/* Appends ",field" (or "field" first), quoted. */
static int put(fk_csv_out_t *o, const char *field)
{
    if (o->len > 0) {
        if (o->len + 1 >= o->cap)
            return -1;
        o->buf[o->len++] = ',';
    }
    return fk_csv_quote(o->buf, o->cap, &o->len, field);
}

static int putf(fk_csv_out_t *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int putf(fk_csv_out_t *o, const char *fmt, ...)
{
    char tmp[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    return put(o, tmp);
}

#define AT(base, off, type) (*(const type *)((const char *)(base) + (off)))

/* The generic writers: a field of the row or of the context, at offset arg. */
static int row_str(fk_csv_out_t *o, const fk_csv_row_t *r, size_t arg)
{
    return put(o, AT(r, arg, const char *));
}
static int row_stamp(fk_csv_out_t *o, const fk_csv_row_t *r, size_t arg)
{
    return put(o, (const char *)r + arg);
}
static int row_int(fk_csv_out_t *o, const fk_csv_row_t *r, size_t arg)
{
    return putf(o, "%d", AT(r, arg, int));
}
static int row_long(fk_csv_out_t *o, const fk_csv_row_t *r, size_t arg)
{
    return putf(o, "%ld", AT(r, arg, long));
}
/* Seconds to the microsecond; a positive time below half of one (spawn's loop of one
 * OpenMP region) to the nanosecond, as "0.000000" would read as no time at all. */
static int row_sec(fk_csv_out_t *o, const fk_csv_row_t *r, size_t arg)
{
    double v = AT(r, arg, double);
    return putf(o, v > 0 && v < 5e-7 ? "%.9f" : "%.6f", v);
}
/* A busy time: empty when not measured (0). */
static int row_busy(fk_csv_out_t *o, const fk_csv_row_t *r, size_t arg)
{
    return r->busy_max_s > 0 ? row_sec(o, r, arg) : put(o, "");
}
/* An engine stamp (round, order): empty when not run in rounds (0). */
static int row_stamp_int(fk_csv_out_t *o, const fk_csv_row_t *r, size_t arg)
{
    return AT(r, arg, int) > 0 ? row_int(o, r, arg) : put(o, "");
}
static int ctx_str(fk_csv_out_t *o, const fk_csv_row_t *r, size_t arg)
{
    (void)r;
    return put(o, (const char *)o->ctx + arg);
}
static int ctx_int(fk_csv_out_t *o, const fk_csv_row_t *r, size_t arg)
{
    (void)r;
    return putf(o, "%d", AT(o->ctx, arg, int));
}
static int ctx_long(fk_csv_out_t *o, const fk_csv_row_t *r, size_t arg)
{
    (void)r;
    return putf(o, "%ld", AT(o->ctx, arg, long));
}
/* A memory or rusage counter of the run: empty when unknown (< 0) or without counters. */
static int counter(fk_csv_out_t *o, const fk_csv_row_t *r, size_t arg)
{
    long v = r->counters ? AT(r->counters, arg, long) : -1;
    return v < 0 ? put(o, "") : putf(o, "%ld", v);
}
/* A perf counter (arg: its index); task_clock in seconds. */
static int perf(fk_csv_out_t *o, const fk_csv_row_t *r, size_t arg)
{
    int64_t v = r->counters ? r->counters->perf[arg] : -1;
    if (v < 0)
        return put(o, "");
    if (arg == FK_PERF_TASK_CLOCK)
        return putf(o, "%.6f", (double)v * 1e-9);
    return putf(o, "%" PRId64, v);
}

/* The writers of one column each. */
/* Exact in every reader: decimal up to 2^53 (a double holds it), else "x" and 16 hex
 * digits, text that R's read.csv keeps as it is (a 64-bit hash would lose its low bits as a
 * number, and "0x..." would be converted). */
static int w_result(fk_csv_out_t *o, const fk_csv_row_t *r, size_t arg)
{
    (void)arg;
    if (r->result <= (UINT64_C(1) << 53))
        return putf(o, "%" PRIu64, r->result);
    return putf(o, "x%016" PRIx64, r->result);
}
static int w_pin(fk_csv_out_t *o, const fk_csv_row_t *r, size_t arg)
{
    (void)arg;
    return put(o, fk_pin_name(r->pin));
}
static int w_hosts(fk_csv_out_t *o, const fk_csv_row_t *r, size_t arg)
{
    (void)arg;
    return put(o, r->hosts ? r->hosts : o->ctx->machine);
}
/* Empty where it does not apply (every kernel but spawn, whose overhead may be 0 or below
 * the reference loop's: written as measured). */
static int w_per_op(fk_csv_out_t *o, const fk_csv_row_t *r, size_t arg)
{
    (void)arg;
    return r->kernel && strcmp(r->kernel, "spawn") == 0 ? putf(o, "%.9g", r->per_op_s) : put(o, "");
}
static int w_target(fk_csv_out_t *o, const fk_csv_row_t *r, size_t arg)
{
    (void)arg;
    return r->precision_target_pct > 0 ? putf(o, "%g", r->precision_target_pct) : put(o, "");
}
static int w_seed(fk_csv_out_t *o, const fk_csv_row_t *r, size_t arg)
{
    (void)arg;
    return r->seeded ? putf(o, "%lu", r->seed) : put(o, "");
}
static int w_arm(fk_csv_out_t *o, const fk_csv_row_t *r, size_t arg)
{
    (void)arg;
    return put(o, r->arm ? r->arm : "");
}
/* A noise figure: empty when not measured (or, PSI, where the kernel has none). */
static int w_noise(fk_csv_out_t *o, const fk_csv_row_t *r, size_t arg)
{
    double v = AT(r, arg, double);
    return r->noise_measured && !isnan(v) ? putf(o, "%.3f", v) : put(o, "");
}
/* A noise count or flag: empty when not measured. */
static int w_disturbed(fk_csv_out_t *o, const fk_csv_row_t *r, size_t arg)
{
    return r->noise_measured ? row_int(o, r, arg) : put(o, "");
}

/* The machine's unit cost, measured once per process (unit_cost.h). */
static int w_cow(fk_csv_out_t *o, const fk_csv_row_t *r, size_t arg)
{
    (void)r, (void)arg;
    double v = fk_unit_cow_fault_s();
    return isnan(v) ? put(o, "") : putf(o, "%.9f", v);
}

#define ROW(f) offsetof(fk_csv_row_t, f)
#define CTX(f) offsetof(fk_context_t, f)
#define RC(f) offsetof(fk_run_counters_t, f)

const fk_csv_column_t fk_csv_columns[] = {
    {"timestamp", "text", row_stamp, ROW(timestamp), "UTC time of the run, ISO 8601"},
    {"host", "text", row_str, ROW(host), "host name of the harness, or the --label"},
    {"kernel", "text", row_str, ROW(kernel), "primes, shapefiles or spawn"},
    {"variant", "text", row_str, ROW(variant), "the kernel's way: trial/sieve, raw/ogr"},
    {"class", "text", row_str, ROW(class_name), "the input class (dir-HASH-NAME for --dir)"},
    {"model", "text", row_str, ROW(model), "the model that ran"},
    {"workers", "integer", row_int, ROW(workers), "workers = procs x threads"},
    {"procs", "integer", row_int, ROW(procs), "processes of the run"},
    {"threads", "integer", row_int, ROW(threads), "threads per process"},
    {"schedule", "text", row_str, ROW(schedule), "static or dynamic; none for serial"},
    {"chunk", "integer", row_long, ROW(chunk), "tasks per hand-out"},
    {"tasks", "integer", row_long, ROW(tasks), "number of tasks"},
    {"rep", "integer", row_int, ROW(rep), "this configuration's timed run, from 1"},
    {"wall_s", "seconds", row_sec, ROW(wall_s), "wall time of the kernel region"},
    {"user_s", "seconds", row_sec, ROW(user_s), "user CPU time of every process and thread"},
    {"sys_s", "seconds", row_sec, ROW(sys_s), "system CPU time of every process and thread"},
    {"maxrss_kib", "KiB", row_long, ROW(maxrss_kib), "peak RSS of the largest process"},
    {"rss_sum_kib", "KiB", row_long, ROW(rss_sum_kib), "sum of the peak RSS of all processes"},
    {"result", "integer or text", w_result, 0,
     "checksum of the output, identical across models; above 2^53, x and 16 hex digits"},
    {"verified", "0/1", row_int, ROW(verified), "1 when every task's answer is the right one"},
    {"status", "text", row_str, ROW(status), "ok, failed:<why>, crashed:<SIGNAL>, timeout"},
    {"cpus", "integer", ctx_int, CTX(cpus), "context: online CPUs"},
    {"cpu_model", "text", ctx_str, CTX(cpu_model), "context: the CPU"},
    {"cc", "text", ctx_str, CTX(cc), "context: the compiler"},
    {"cflags", "text", ctx_str, CTX(cflags), "context: the compiler flags"},
    {"omp_runtime", "text", ctx_str, CTX(omp_runtime), "context: the OpenMP runtime"},
    {"gdal", "text", ctx_str, CTX(gdal), "context: GDAL's version, or unused"},
    {"rev", "text", ctx_str, CTX(rev), "context: git revision of the build"},
    {"governor", "text", ctx_str, CTX(governor), "context: CPU frequency governor"},
    {"loadavg", "number", ctx_str, CTX(loadavg), "context: 1-minute load average at the run"},
    {"omp_env", "text", ctx_str, CTX(omp_env), "context: the OMP_* variables set"},
    {"pin", "text", w_pin, 0, "the --pin policy: none, linear, compact, scatter"},
    {"hosts", "text", w_hosts, 0, "hosts that ran the run (MPI: every rank's host)"},
    {"per_op_s", "seconds", w_per_op, 0, "spawn only: the cost of one operation; else empty"},
    {"pss_sum_kib", "KiB", counter, RC(pss_sum_kib), "PSS summed over the run's processes"},
    {"uss_sum_kib", "KiB", counter, RC(uss_sum_kib), "USS (private pages) summed likewise"},
    {"minflt", "count", counter, RC(minflt), "minor page faults (rusage)"},
    {"majflt", "count", counter, RC(majflt), "major page faults (rusage)"},
    {"nvcsw", "count", counter, RC(nvcsw), "voluntary context switches (rusage)"},
    {"nivcsw", "count", counter, RC(nivcsw), "involuntary context switches (rusage)"},
    {"task_clock_s", "seconds", perf, FK_PERF_TASK_CLOCK, "perf: CPU time of the run"},
    {"context_switches", "count", perf, FK_PERF_CONTEXT_SWITCHES, "perf: context switches"},
    {"cpu_migrations", "count", perf, FK_PERF_CPU_MIGRATIONS, "perf: CPU migrations"},
    {"page_faults", "count", perf, FK_PERF_PAGE_FAULTS, "perf: page faults"},
    {"cycles", "count", perf, FK_PERF_CYCLES, "perf: cycles, where a PMU exists"},
    {"instructions", "count", perf, FK_PERF_INSTRUCTIONS, "perf: instructions, likewise"},
    {"cache_misses", "count", perf, FK_PERF_CACHE_MISSES, "perf: cache misses, likewise"},
    {"counters", "text", ctx_str, CTX(counters), "context: which counters exist here, and why"},
    {"packages", "integer", ctx_int, CTX(packages), "context (hwloc): sockets"},
    {"cores", "integer", ctx_int, CTX(cores), "context (hwloc): physical cores"},
    {"pus", "integer", ctx_int, CTX(pus), "context (hwloc): hardware threads"},
    {"numa_nodes", "integer", ctx_int, CTX(numa_nodes), "context (hwloc): NUMA nodes"},
    {"l2_kib", "KiB", ctx_long, CTX(l2_kib), "context (hwloc): one L2 cache, 0: none"},
    {"l3_kib", "KiB", ctx_long, CTX(l3_kib), "context (hwloc): one L3 cache, 0: none"},
    {"precision_target_pct", "percent", w_target, 0, "--reps auto:PCT's target; else empty"},
    {"busy_max_s", "seconds", row_busy, ROW(busy_max_s), "the busiest worker's busy time"},
    {"busy_min_s", "seconds", row_busy, ROW(busy_min_s), "the idlest worker's busy time"},
    {"container", "text", ctx_str, CTX(container),
     "context: the container engine the run was in (podman, docker, ...), or none"},
    {"cpu_quota", "text", ctx_str, CTX(cpu_quota),
     "context: CPUs the cgroup quota allows (1.50), none or unknown"},
    {"round", "integer", row_stamp_int, ROW(round), "the round the run belongs to, from 1"},
    {"order", "integer", row_stamp_int, ROW(order), "its place in the round's random order"},
    {"order_seed", "integer", w_seed, 0, "--order-seed of the rounds' random orders"},
    {"arm", "text", w_arm, 0, "control: the A/A control's copy of a model; else empty"},
    {"others_cpu_s", "seconds", w_noise, ROW(others_cpu_s),
     "CPU time other processes used during the run"},
    {"psi_cpu_some_s", "seconds", w_noise, ROW(psi_cpu_some_s),
     "time tasks waited for a CPU during the run (/proc/pressure/cpu)"},
    {"disturbed", "0/1", w_disturbed, ROW(disturbed),
     "1: others used over half a CPU during the run"},
    {"others_measuring", "count", w_disturbed, ROW(others_measuring),
     "other forkomps measuring on this machine at the run's end"},
    {"cow_fault_s", "seconds", w_cow, 0,
     "context: CPU time of one copy-on-write page fault here (measured once)"},
};
const size_t fk_csv_ncolumns = sizeof fk_csv_columns / sizeof *fk_csv_columns;

const char *fk_csv_header(void)
{
    static char header[2048];
    if (!header[0]) {
        size_t len = 0;
        for (size_t i = 0; i < fk_csv_ncolumns; i++)
            len += (size_t)snprintf(header + len, sizeof header - len, "%s%s", i ? "," : "",
                                    fk_csv_columns[i].name);
    }
    return header;
}

int fk_csv_column_index(const char *name)
{
    for (size_t i = 0; i < fk_csv_ncolumns; i++)
        if (strcmp(fk_csv_columns[i].name, name) == 0)
            return (int)i;
    return -1;
}

int fk_csv_format_row(const fk_csv_row_t *r, char *buf, size_t cap)
{
    fk_csv_out_t o = {buf, cap, 0, fk_context()};
    int bad = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < fk_csv_ncolumns; i++)
        bad |= fk_csv_columns[i].put(&o, r, fk_csv_columns[i].arg);
    if (bad || o.len + 2 > cap)
        return -1;
    buf[o.len++] = '\n';
    buf[o.len] = '\0';
    return 0;
}
