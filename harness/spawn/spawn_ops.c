/* SPDX-License-Identifier: MIT */
/* spawn_ops.c: the start-a-worker mechanisms of `forkomp spawn`: fork + _exit + waitpid,
 * posix_spawn and fork + exec of a tiny program, pthread_create + join, and an OpenMP
 * parallel region. Each operation starts a worker that does nothing and waits for it, so
 * what is timed is the mechanism alone. */
#include <errno.h>
#include <omp.h>
#include <pthread.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/spawn/spawn.h"
#include "kernels/common/util.h"

extern char **environ;

/* The tiny program the exec mechanisms start. */
#define TINY_PROGRAM "/bin/true"

/* Waits for pid; 0 when it exited with status 0. */
static int reap(pid_t pid, const char *what, char *err, size_t errlen)
{
    int st;
    pid_t r;
    while ((r = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
        ;
    if (r != pid)
        return fk_err(err, errlen, "%s: waitpid: %s", what, strerror(errno));
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        return fk_err(err, errlen, "%s: the child ended with status 0x%x", what, st);
    return 0;
}

static int fork_op(void *state, char *err, size_t errlen)
{
    (void)state;
    pid_t pid = fork();
    if (pid < 0)
        return fk_err(err, errlen, "fork: %s", strerror(errno));
    if (pid == 0)
        _exit(0);
    return reap(pid, "fork", err, errlen);
}

static int posix_spawn_op(void *state, char *err, size_t errlen)
{
    (void)state;
    char *argv[] = {TINY_PROGRAM, NULL};
    pid_t pid;
    int rc = posix_spawn(&pid, TINY_PROGRAM, NULL, NULL, argv, environ);
    if (rc != 0)
        return fk_err(err, errlen, "posix_spawn %s: %s", TINY_PROGRAM, strerror(rc));
    return reap(pid, "posix_spawn " TINY_PROGRAM, err, errlen);
}

static int fork_exec_op(void *state, char *err, size_t errlen)
{
    (void)state;
    char *argv[] = {TINY_PROGRAM, NULL};
    pid_t pid = fork();
    if (pid < 0)
        return fk_err(err, errlen, "fork: %s", strerror(errno));
    if (pid == 0) {
        execve(TINY_PROGRAM, argv, environ);
        _exit(127);
    }
    return reap(pid, "fork+exec " TINY_PROGRAM, err, errlen);
}

static void *empty_thread(void *arg)
{
    return arg;
}

static int pthread_op(void *state, char *err, size_t errlen)
{
    (void)state;
    pthread_t t;
    int rc = pthread_create(&t, NULL, empty_thread, NULL);
    if (rc != 0)
        return fk_err(err, errlen, "pthread_create: %s", strerror(rc));
    rc = pthread_join(t, NULL);
    return rc ? fk_err(err, errlen, "pthread_join: %s", strerror(rc)) : 0;
}

/* The OpenMP state is just W; the runtime keeps its threads between regions, so after the
 * first region (the calibration warms it up) this is the cost EPCC's PARALLEL test measures:
 * waking W - 1 threads and the barrier at the end. */
static void *omp_setup(int workers, char *err, size_t errlen)
{
    int *w = malloc(sizeof *w);
    if (!w)
        return fk_err(err, errlen, "out of memory"), NULL;
    *w = workers;
    return w;
}

static int omp_op(void *state, char *err, size_t errlen)
{
    int want = *(int *)state, got = 0;
#pragma omp parallel num_threads(want)
    {
        if (omp_get_thread_num() == 0)
            got = omp_get_num_threads();
    }
    return got == want ? 0 : fk_err(err, errlen, "omp: a region got %d threads of %d", got, want);
}

const fk_spawn_mech_t fk_spawn_fork = {
    .name = "fork",
    .side = "process",
    .summary = "fork, the child calls _exit(0), the parent waitpid()s",
    .sized = 1,
    .op = fork_op,
};

const fk_spawn_mech_t fk_spawn_posix_spawn = {
    .name = "posix_spawn",
    .side = "process",
    .summary = "posix_spawn of " TINY_PROGRAM " (vfork-style: no page tables copied) + waitpid",
    .sized = 1,
    .op = posix_spawn_op,
};

const fk_spawn_mech_t fk_spawn_fork_exec = {
    .name = "fork-exec",
    .side = "process",
    .summary = "fork, the child execs " TINY_PROGRAM ", the parent waitpid()s",
    .op = fork_exec_op,
};

const fk_spawn_mech_t fk_spawn_pthread = {
    .name = "pthread",
    .side = "thread",
    .summary = "pthread_create of an empty function + pthread_join",
    .op = pthread_op,
};

const fk_spawn_mech_t fk_spawn_omp = {
    .name = "omp-region",
    .side = "thread",
    .summary = "enter and leave an empty OpenMP parallel region of W threads",
    .per_worker = 1,
    .setup = omp_setup,
    .op = omp_op,
    .teardown = free,
};
