/* SPDX-License-Identifier: MIT */
/* noise.c: the machine's noise during each run (noise.h): CPU time used by processes outside
 * the run, time tasks waited for a CPU, and other forkomps measuring at the same time. */
#include "harness/engine/noise.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* Busy ticks of all CPUs: user, nice, system, irq, softirq and steal of /proc/stat's first
 * line (idle and iowait are not busy; guest time is inside user already). 0: unreadable. */
static unsigned long long stat_busy_ticks(void)
{
    unsigned long long v[8] = {0};
    FILE *f = fopen("/proc/stat", "re");
    if (!f)
        return 0;
    int n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3],
                   &v[4], &v[5], &v[6], &v[7]);
    fclose(f);
    return n == 8 ? v[0] + v[1] + v[2] + v[5] + v[6] + v[7] : 0;
}

/* /proc/pressure/cpu's "some" total, seconds; NaN where the kernel has no PSI. */
static double psi_cpu_some_s(void)
{
    unsigned long long total;
    FILE *f = fopen("/proc/pressure/cpu", "re");
    if (!f)
        return NAN;
    int n = fscanf(f, "some avg10=%*f avg60=%*f avg300=%*f total=%llu", &total);
    fclose(f);
    return n == 1 ? (double)total * 1e-6 : NAN;
}

/* This process's own CPU time (the harness: it waits for the run and reads its memory). */
static double self_cpu_s(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return 0;
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

void fk_noise_start(fk_engine_t *eng)
{
    eng->stat_busy = stat_busy_ticks();
    eng->psi_total = psi_cpu_some_s();
    eng->self_cpu = self_cpu_s();
}

void fk_noise_finish(const fk_engine_t *eng, fk_csv_row_t *row)
{
    unsigned long long busy = stat_busy_ticks();
    long tck = sysconf(_SC_CLK_TCK);
    if (!eng->stat_busy || !busy || tck <= 0)
        return;
    double all = (double)(busy - eng->stat_busy) / (double)tck;
    double others = all - row->user_s - row->sys_s - (self_cpu_s() - eng->self_cpu);
    row->noise_measured = 1;
    row->others_cpu_s = others > 0 ? others : 0; /* ticks are 10 ms: a small run reads < 0 */
    double psi = psi_cpu_some_s();
    row->psi_cpu_some_s = isnan(psi) || isnan(eng->psi_total) ? NAN : psi - eng->psi_total;
    row->disturbed = fk_noise_disturbed(row->others_cpu_s, row->wall_s);
    row->others_measuring = fk_noise_others_measuring(eng, NULL, 0);
}

int fk_noise_disturbed(double others_cpu_s, double wall_s)
{
    return others_cpu_s >= FK_NOISE_MIN_S && others_cpu_s > FK_NOISE_CPUS * wall_s;
}

/* The lock: every forkomp that measures holds a read lock (fcntl) on the byte of the lock
 * file at its pid; F_GETLK then names the holder of any other byte. Read locks need only
 * read access, so users who did not create the file take part too; the kernel drops a lock
 * when its process ends, so a crash leaves nothing stale. */
#define LOCK_PATH "/tmp/forkomp-measuring.lock"

void fk_noise_lock(fk_engine_t *eng)
{
    eng->lock_fd = -1;
    if (eng->no_lock)
        return;
    int fd = open(LOCK_PATH, O_RDONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0)
        return; /* no lock: nobody can see us, and that is all */
    struct flock fl = {.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = getpid(), .l_len = 1};
    if (fcntl(fd, F_SETLK, &fl) != 0) {
        close(fd);
        return;
    }
    eng->lock_fd = fd;
}

int fk_noise_others_measuring(const fk_engine_t *eng, int *pids, int max)
{
    int n = 0;
    off_t from = 0;
    if (eng->lock_fd < 0)
        return 0;
    for (int guard = 0; guard < 1024; guard++) {
        struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = from, .l_len = 0};
        if (fcntl(eng->lock_fd, F_GETLK, &fl) != 0 || fl.l_type == F_UNLCK)
            break;
        if (pids && n < max)
            pids[n] = fl.l_pid;
        n++;
        from = fl.l_start + (fl.l_len > 0 ? fl.l_len : 1);
    }
    return n;
}

void fk_noise_warn_others(const fk_engine_t *eng)
{
    int pids[8];
    int n = fk_noise_others_measuring(eng, pids, 8);
    if (n == 0)
        return;
    fprintf(stderr, "%s: warning: %d other forkomp%s measuring on this machine now (pid", eng->who,
            n, n == 1 ? " is" : "s are");
    for (int i = 0; i < n && i < 8; i++)
        fprintf(stderr, " %d", pids[i]);
    fprintf(stderr, "): both compete for the CPUs; their rows say so (others_measuring)\n");
}

void fk_noise_unlock(fk_engine_t *eng)
{
    if (eng->lock_fd >= 0)
        close(eng->lock_fd);
    eng->lock_fd = -1;
}
