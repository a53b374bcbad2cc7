/* SPDX-License-Identifier: MIT */
/* role.h: what a model is, as data: the harness, the report and the plots find the baseline,
 * "the processes" and "the threads" by role, so nothing outside a model compares its name.
 * Plain declarations (no kernel or model types), so the report can use them too. */
#ifndef FK_ROLE_H
#define FK_ROLE_H

enum fk_model_role {
    FK_ROLE_ONE = 0,       /* one worker in the measuring process: the baseline */
    FK_ROLE_PROCESSES,     /* W processes of one thread */
    FK_ROLE_THREADS,       /* W threads in one process */
    FK_ROLE_BOTH,          /* P processes x T threads */
    FK_ROLE_RANKS,         /* W MPI ranks of one thread */
    FK_ROLE_RANKS_THREADS, /* P MPI ranks x T threads */
};

/* From the registry (harness/cli/registry.c): the role of the model called name, -1 for a
 * name it does not know (a CSV from another version); the first registered model of a role,
 * or NULL; and where a model stands in the registry (its teaching order), 99 when unknown. */
int fk_model_role(const char *name);
const char *fk_model_with_role(int role);
int fk_model_rank(const char *name);
/* The threads a model of processes is compared with: forkomp's own threads model for its
 * own process models, the same API's threads for a Python model; NULL when none. */
const char *fk_model_peer(const char *name);

#endif
