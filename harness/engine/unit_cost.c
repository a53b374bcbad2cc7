/* SPDX-License-Identifier: MIT */
/* unit_cost.c: unit costs measured on this machine (unit_cost.h). */
#include "harness/engine/unit_cost.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define COW_PAGES 1024
#define COW_TRIES 3

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One child's CPU time per copy-on-write fault over mem's pages; NaN when it failed. */
static double one_child(volatile char *mem, size_t page)
{
    int fds[2];
    double per = NAN;
    if (pipe(fds) != 0)
        return NAN;
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        double t0 = cpu_now();
        for (size_t i = 0; i < COW_PAGES; i++)
            mem[i * page] = 2; /* each write copies the parent's page */
        per = (cpu_now() - t0) / COW_PAGES;
        ssize_t w = write(fds[1], &per, sizeof per);
        _exit(w == (ssize_t)sizeof per ? 0 : 1);
    }
    close(fds[1]);
    if (pid > 0) {
        double got;
        if (read(fds[0], &got, sizeof got) == (ssize_t)sizeof got)
            per = got;
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    close(fds[0]);
    return per;
}

static double median3(double a, double b, double c)
{
    double lo = fmin(a, b), hi = fmax(a, b);
    return fmax(lo, fmin(hi, c));
}

double fk_unit_cow_fault_s(void)
{
    static int measured;
    static double cost = NAN;
    if (measured)
        return cost;
    measured = 1;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    char *mem =
        mmap(NULL, COW_PAGES * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED)
        return cost;
    memset(mem, 1, COW_PAGES * page); /* the parent's own pages, which the children copy */
    double t[COW_TRIES];
    for (int i = 0; i < COW_TRIES; i++)
        t[i] = one_child(mem, page);
    munmap(mem, COW_PAGES * page);
    if (!isnan(t[0]) && !isnan(t[1]) && !isnan(t[2]))
        cost = median3(t[0], t[1], t[2]);
    return cost;
}
