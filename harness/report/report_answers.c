/* report_answers.c: DIR/answers.md, the key of the worksheet (docs/worksheet.md) computed from
 * the data in front of the report, so that one machine's key is not another's. Each question
 * of the worksheet is a line of the table below, with the same number and words; its answer
 * comes from the facts of report_answer.c. A question the data cannot answer says so and
 * names the command that would answer it. */
#include "harness/report/report_answers.h"
#include "harness/models/role.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "harness/report/report_answer.h"
#include "kernels/common/util.h"

typedef void (*answer_fn)(const fk_report_t *r, const fk_answer_t *a, FILE *md);

typedef struct {
    const char *question, *where;
    answer_fn answer;
} question_t;

/* "fork 1.85 (efficiency 0.93, Karp-Flatt 0.081); omp ..." for the plain parallel groups of
 * job's case at its worker count. */
static void speedups(FILE *md, const fk_report_t *r, const fk_answer_job_t *j)
{
    int w = j->fork ? j->fork->workers : j->omp ? j->omp->workers : 2, any = 0;
    for (size_t i = 0; j->any && i < r->ngroups; i++) {
        const fk_report_group_t *g = &r->groups[i];
        if (!fk_report_same_case(g, j->any) || g->workers != w || strcmp(g->label, g->model) ||
            fk_model_role(g->model) == FK_ROLE_ONE || isnan(g->speedup))
            continue;
        fprintf(md, "%s%s %.2f (efficiency %.2f, Karp-Flatt %.3f)", any ? "; " : "", g->label,
                g->speedup, g->efficiency, g->karp_flatt);
        any = 1;
    }
    if (!any)
        fprintf(md, "no speedups here (it needs serial and parallel runs of the same job)");
}

static void q_versus(const fk_report_t *r, const fk_answer_t *a, FILE *md)
{
    char buf[512];
    (void)r;
    fk_answer_versus(r, &a->primes, buf, sizeof buf);
    fprintf(md, "%s.", buf);
}

static void q_speedup(const fk_report_t *r, const fk_answer_t *a, FILE *md)
{
    fprintf(md, "Speedup at 2 workers: ");
    speedups(md, r, &a->primes);
    fprintf(md, ". Karp-Flatt e = (1/S - 1/p) / (1 - 1/p): the share of the work that behaved "
                "as if serial (start-up, hand-out, imbalance). It is at most 1 while the "
                "parallel run beats serial; a value above 1 (1.05, 1.10) means the parallel run "
                "took longer than the whole serial run: the overhead outweighed all the work "
                "the other workers took over, so running in parallel gained nothing.");
}

static void q_memory(const fk_report_t *r, const fk_answer_t *a, FILE *md)
{
    char buf[512];
    fk_answer_memory(r, &a->primes, buf, sizeof buf);
    fprintf(md, "Prime sums: %s.", buf);
    if (a->shapes.any) {
        fk_answer_memory(r, &a->shapes, buf, sizeof buf);
        fprintf(md, " Shapefiles: %s.", buf);
    }
}

static void q_startup(const fk_report_t *r, const fk_answer_t *a, FILE *md)
{
    char buf[512], s[32];
    (void)r;
    fk_answer_startup(a, buf, sizeof buf);
    fprintf(md, "%s.", buf);
    if (a->spawn_fork && !isnan(a->task_s))
        fprintf(md,
                " Starting one process per task would add %s%% to each task; the pool "
                "starts its workers once.",
                fk_report_fmt_num(100.0 * a->spawn_fork->per_op_s / a->task_s, 1, s, sizeof s));
}

static void q_oversubscribed(const fk_report_t *r, const fk_answer_t *a, FILE *md)
{
    char buf[512];
    (void)r;
    const fk_report_group_t *g = a->primes4.fork ? a->primes4.fork : a->primes4.omp;
    if (!g) {
        fprintf(md, "Not in this data: run `bin/forkomp primes --class lab --models "
                    "serial,fork,omp --workers 1,4 --reps 6 --csv FILE` and report it.");
        return;
    }
    fk_answer_versus(r, &a->primes4, buf, sizeof buf);
    fprintf(md, "At 4 workers on %d cores%s: %s.", g->cpus,
            fk_report_oversubscribed(g) ? " (oversubscribed)" : " (not oversubscribed here)", buf);
}

/* Each shapefile case the data has (the lab's L, then S), named with its class and
 * variant as measured, so that the key never labels one case with another's numbers. */
static void q_shapes(const fk_report_t *r, const fk_answer_t *a, FILE *md)
{
    char buf[512], c[128];
    const fk_answer_job_t *jobs[2] = {&a->shapes, &a->shapes_small};
    if (!a->shapes.any) {
        fprintf(md, "Not in this data: run `bin/forkomp shapefiles --class L --models "
                    "serial,fork,omp --workers 2 --reps 6 --csv FILE` and report it.");
        return;
    }
    for (int i = 0; i < 2 && jobs[i]->any; i++) {
        fk_answer_versus(r, jobs[i], buf, sizeof buf);
        fprintf(md, "%sThe shapefiles' %s: %s. Speedup at 2 workers: ", i ? " " : "",
                fk_answer_case(jobs[i], c, sizeof c), buf);
        speedups(md, r, jobs[i]);
        fprintf(md, ".");
    }
    if (!a->shapes_small.any || strcmp(a->shapes.any->class_name, "L"))
        return;
    fprintf(md,
            " Class S takes about %s serially: less than starting and feeding the "
            "workers, so it measures that cost. Class L gives each worker enough bytes to "
            "rewrite that the start-up is small beside it.",
            a->shapes_small.serial
                ? fk_report_fmt_time(a->shapes_small.serial->wall.median, c, sizeof c)
                : "?");
}

static void q_python(const fk_report_t *r, const fk_answer_t *a, FILE *md)
{
    char buf[512], s[32];
    (void)r;
    fk_answer_python(a, buf, sizeof buf);
    fprintf(md, "%s.", buf);
    const fk_answer_python_t *py = &a->py;
    if (!isnan(py->serial.median_s) && !isnan(py->threads.median_s))
        fprintf(md, " Against Python serial (medians): threads %sx, processes %sx.",
                fk_report_fmt_num(py->serial.median_s / py->threads.median_s, 2, s, sizeof s),
                fk_report_fmt_num(py->serial.median_s / py->procs.median_s, 2, buf, sizeof buf));
}

static void q_mpi(const fk_report_t *r, const fk_answer_t *a, FILE *md)
{
    const fk_report_group_t *f = a->primes.fork;
    const fk_report_group_t *m = NULL;
    for (size_t i = 0; f && i < r->ngroups; i++)
        if (fk_report_same_case(&r->groups[i], f) && r->groups[i].workers == 2 &&
            fk_model_role(r->groups[i].label) == FK_ROLE_RANKS)
            m = &r->groups[i];
    char x[32], y[32];
    if (!f || !m || !f->runs || !m->runs) {
        fprintf(md, "Not in this data: run `bin/forkomp primes --class lab --models fork,mpi "
                    "--workers 2 --reps 6 --csv FILE` (forkomp built with mpicc) and report it.");
        return;
    }
    fprintf(md,
            "mpi %s vs fork %s at 2 workers: mpi takes %.2fx the time of the pool. The "
            "kernel region of mpi includes handing the inputs to the ranks and gathering "
            "the results over MPI; starting mpirun is outside it.",
            fk_report_fmt_time(m->wall.median, x, sizeof x),
            fk_report_fmt_time(f->wall.median, y, sizeof y), m->wall.median / f->wall.median);
}

/* The worksheet's questions, in its order (docs/worksheet.md has the same numbers). */
static const question_t questions[] = {
    {"At 2 workers on the lab's prime job, will processes (fork) or threads (omp) be faster, "
     "and by how much?",
     "report.md, \"The answer first\" and \"The answer\", 2 workers", q_versus},
    {"What speedup over serial will each model reach at 2 workers, and what serial fraction "
     "(Karp-Flatt) does that imply?",
     "report.md, Results, primes (trial), class lab: speedup and KF columns", q_speedup},
    {"How much memory does one more worker cost with processes, and with threads?",
     "report.md, Results: RSS sum at 1 and 2 workers; the memory plot", q_memory},
    {"How long does it take to start a process, and a thread, against one task of the lab "
     "(about 9 ms)?",
     "report.md, \"What a process costs (forkomp spawn)\"", q_startup},
    {"At 4 workers on 2 cores, will threads or processes be faster?",
     "report.md, The answer, 4 workers (oversubscribed)", q_oversubscribed},
    {"Does the shapefile job gain from a second worker, on the tiny class S and on class L, "
     "and do processes or threads do better?",
     "report.md, Results, shapefiles: the classes and variants named in the answer", q_shapes},
    {"In Python, will the lab's prime script run faster with threads or with processes?",
     "compare.md beside report.md; \"The answer first\", last line", q_python},
    {"On one machine, are MPI ranks faster or slower than the fork pool at 2 workers?",
     "report.md, Results, primes (trial), class lab: mpi against fork", q_mpi},
};

size_t fk_answers_count(void)
{
    return sizeof questions / sizeof *questions;
}

int fk_answers_write(const fk_report_t *r, char *err, size_t errlen)
{
    char path[4096 + 16];
    fk_answer_t a;
    snprintf(path, sizeof path, "%s/answers.md", r->out_dir);
    FILE *md = fopen(path, "w");
    if (!md)
        return fk_err(err, errlen, "%s: %s", path, strerror(errno));
    fk_answer_find(r, &a);
    fprintf(md,
            "# Worksheet answers\n\nThe key of docs/worksheet.md, computed by `forkomp "
            "report` from this data (summary.csv beside this file)%s%s%s: another machine "
            "gives other numbers. Compare them with your predictions.\n\n",
            a.primes.any ? ", host `" : "", a.primes.any ? a.primes.any->host : "",
            a.primes.any ? "`" : "");
    for (size_t i = 0; i < fk_answers_count(); i++) {
        fprintf(md, "## Q%zu. %s\n\n*Where:* %s.\n\n**Answer:** ", i + 1, questions[i].question,
                questions[i].where);
        questions[i].answer(r, &a, md);
        fprintf(md, "\n\n");
    }
    if (ferror(md) | fclose(md))
        return fk_err(err, errlen, "%s: write error", path);
    return 0;
}
