/* SPDX-License-Identifier: MIT */
/* pool_forkfail.h: fork failures on demand, for the pool tests linked with -Wl,--wrap=fork
 * (test_pool_stress, test_pool_regress: see the Makefile): every fork() the pool makes in
 * this process goes through __wrap_fork, which fails with EAGAIN (as under `ulimit -u`) for
 * fork_fail_permille of them, chosen by a fixed pseudo-random sequence, and for the next
 * fork_fail_next, else forks. Include
 * in one test file per program. */
#ifndef FK_POOL_FORKFAIL_H
#define FK_POOL_FORKFAIL_H

#include <errno.h>
#include <stdint.h>
#include <sys/types.h>

pid_t __real_fork(void);
pid_t __wrap_fork(void);

static int fork_fail_permille; /* 0: never fail, 1000: always */
static int fork_fail_next;     /* and the next this many forks fail, whatever the rate */
static long forks_failed, forks_made;
static uint64_t fork_rng = 88172645463325252ull;

pid_t __wrap_fork(void)
{
    fork_rng ^= fork_rng << 13, fork_rng ^= fork_rng >> 7, fork_rng ^= fork_rng << 17;
    if ((int)(fork_rng % 1000) < fork_fail_permille || fork_fail_next > 0) {
        fork_fail_next -= fork_fail_next > 0;
        forks_failed++;
        errno = EAGAIN;
        return -1;
    }
    forks_made++;
    return __real_fork();
}

#endif
