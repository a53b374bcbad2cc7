/* SPDX-License-Identifier: MIT */
/* py_models.c: the models of `forkomp python` (see py_models.h). */
#include "harness/python/py_models.h"

#include <string.h>

static const fk_model_ops_t serial = {
    .name = "serial",
    .summary = "the function over the inputs in a loop, one interpreter",
    .role = FK_ROLE_ONE,
};
static const fk_model_ops_t pool_fork = {
    .name = "pool-fork",
    .summary = "multiprocessing.Pool(W).map, start method fork",
    .role = FK_ROLE_PROCESSES,
};
static const fk_model_ops_t pool_forkserver = {
    .name = "pool-forkserver",
    .summary = "multiprocessing.Pool(W).map, start method forkserver",
    .role = FK_ROLE_PROCESSES,
};
static const fk_model_ops_t pool_spawn = {
    .name = "pool-spawn",
    .summary = "multiprocessing.Pool(W).map, start method spawn",
    .role = FK_ROLE_PROCESSES,
};
static const fk_model_ops_t threadpool = {
    .name = "threadpool",
    .summary = "multiprocessing.pool.ThreadPool(W).map",
    .role = FK_ROLE_THREADS,
};
static const fk_model_ops_t ppe = {
    .name = "ppe",
    .summary = "concurrent.futures.ProcessPoolExecutor(W).map (the default start method)",
    .role = FK_ROLE_PROCESSES,
};
static const fk_model_ops_t tpe = {
    .name = "tpe",
    .summary = "concurrent.futures.ThreadPoolExecutor(W).map",
    .role = FK_ROLE_THREADS,
};

const fk_model_ops_t *const fk_py_models[] = {
    &serial, &pool_fork, &pool_forkserver, &pool_spawn, &threadpool, &ppe, &tpe, NULL,
};

const fk_model_ops_t *fk_py_find_model(const char *name)
{
    for (size_t i = 0; fk_py_models[i]; i++)
        if (strcmp(fk_py_models[i]->name, name) == 0)
            return fk_py_models[i];
    return NULL;
}

const char *fk_py_model_peer(const char *name)
{
    static const char *const pairs[][2] = {{"pool-fork", "threadpool"},
                                           {"pool-forkserver", "threadpool"},
                                           {"pool-spawn", "threadpool"},
                                           {"ppe", "tpe"}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if (strcmp(pairs[i][0], name) == 0)
            return pairs[i][1];
    return NULL;
}

int fk_py_model_role(const char *name)
{
    const fk_model_ops_t *m = fk_py_find_model(name);
    return m ? m->role : -1;
}
