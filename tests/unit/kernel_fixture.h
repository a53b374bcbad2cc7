/* SPDX-License-Identifier: MIT */
/* kernel_fixture.h: the unit tests' prime kernel, prepared as forkomp prepares it (the
 * command line's own path: the kernel's option table, then its prepare) with a shared
 * result area, for the tests that run models through the harness's measuring path
 * (test_models.c, test_busy.c). Included by test files only, after cmocka.h. */
#ifndef FK_KERNEL_FIXTURE_H
#define FK_KERNEL_FIXTURE_H

#include <stdio.h>

#include "harness/cli/kernel_cmd.h"
#include "harness/engine/measure.h"

typedef struct fixture {
    const fk_kernel_ops_t *kernel;
    void *ctx;
    size_t ntasks;
    fk_shared_area_t *area;
} fixture_t;

/* cmocka group setup: the primes kernel on class cls. */
static inline int fixture_setup_primes(void **state, const char *cls)
{
    static fixture_t f;
    static fk_kernel_cmd_t cmd;
    char err[256], a0[] = "primes", a1[] = "--class", a2[16];
    snprintf(a2, sizeof a2, "%s", cls);
    char *argv[] = {a0, a1, a2};
    if (fk_kernel_cmd_parse(&cmd, 3, argv, err, sizeof err) != 0 ||
        fk_kernel_cmd_prepare(&cmd, &f.ctx, &f.ntasks, err, sizeof err) != 0)
        return -1;
    fk_kernel_cmd_free(&cmd);
    f.kernel = cmd.kernel;
    f.area = fk_shared_area_new(f.ntasks);
    *state = &f;
    return f.area ? 0 : -1;
}

/* cmocka group teardown of fixture_setup_primes. */
static inline int fixture_teardown(void **state)
{
    fixture_t *f = *state;
    fk_shared_area_free(f->area);
    f->kernel->release(f->ctx);
    return 0;
}

#endif
