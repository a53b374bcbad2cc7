/* report_answer.h: the short answer of a report, from the data in front of it: processes
 * against threads for each job, memory per extra worker, start-up cost and, when `make lab`
 * or `make compare` left compare.csv beside summary.csv, Python's threads against its
 * processes. report_answer.c computes the facts and writes them as five plain lines (the
 * end of `make lab`, DIR/answer.txt) and as the table that opens report.md;
 * report_answers.c answers the worksheet (docs/worksheet.md) from the same facts. */
#ifndef FK_REPORT_ANSWER_H
#define FK_REPORT_ANSWER_H

#include <stddef.h>
#include <stdio.h>

#include "harness/report/report.h"

/* One job (kernel and class) on the first host that ran it: its groups at 1 and W workers. */
typedef struct {
    const fk_report_group_t *any; /* NULL: the data has no such job */
    const fk_report_group_t *serial, *fork, *omp, *fork1, *omp1;
} fk_answer_job_t;

/* One command of compare.csv: hyperfine's summary of its runs, seconds; NaN when absent. */
typedef struct {
    double median_s, min_s, max_s;
    int runs;
} fk_answer_timing_t;

/* Python's threads and processes on the lab's prime job (compare.csv). */
typedef struct {
    int found;
    fk_answer_timing_t procs, threads, serial;
    char procs_label[48], threads_label[48]; /* their labels in compare.csv */
} fk_answer_python_t;

typedef struct {
    /* shapes: the lab's class L where the workers pay off (else the first shapefile case);
     * shapes_small: class S, what starting workers costs, when it is another case */
    fk_answer_job_t primes, shapes, shapes_small, primes4;
    const fk_report_group_t *spawn_fork, *spawn_thread; /* `forkomp spawn` fork, pthread */
    double task_s; /* one task of the primes job: serial median / tasks; NaN when unknown */
    fk_answer_python_t py;
} fk_answer_t;

/* Finds the facts; never fails (missing ones stay NULL or NaN). */
void fk_answer_find(const fk_report_t *r, fk_answer_t *a);

/* The verdict of comparisons.csv for fork against omp, with the medians: "threads faster by
 * 4.1% (95% CI 2.0% to 6.3%): fork 36.7 ms vs omp 35.2 ms", or why it cannot be said. */
void fk_answer_versus(const fk_report_t *r, const fk_answer_job_t *j, char *buf, size_t len);
/* "class L (raw), where processes and threads pay off": the job's case, and the lesson of
 * the lab's two shapefile classes when it is one of them. */
const char *fk_answer_case(const fk_answer_job_t *j, char *buf, size_t len);
/* "fork 1.52, omp 1.24 (serial 89.1 ms)": the speedups at the job's worker count. */
void fk_answer_speedups(const fk_report_t *r, const fk_answer_job_t *j, char *buf, size_t len);
/* "processes 3.9 MiB, threads 0.2 MiB" per extra worker, or why not. */
void fk_answer_memory(const fk_report_t *r, const fk_answer_job_t *j, char *buf, size_t len);
/* "a process (fork) 1.2 ms, a thread (pthread) 24 us: 50x; one task here 9 ms". */
void fk_answer_startup(const fk_answer_t *a, char *buf, size_t len);
/* "processes 0.80 s, threads 1.41 s: processes 1.8x faster (the GIL)". */
void fk_answer_python(const fk_answer_t *a, char *buf, size_t len);

/* The five lines (question: answer), one per line, to out. */
void fk_answer_lines(const fk_report_t *r, FILE *out);
/* "## The answer first": the five lines as a table, at the top of report.md. */
void fk_answer_table(const fk_report_t *r, FILE *md);
/* DIR/answer.txt: the five lines. Returns 0 or -1 with err. */
int fk_answer_write(const fk_report_t *r, char *err, size_t errlen);

#endif
