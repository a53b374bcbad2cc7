/* SPDX-License-Identifier: MIT */
/* forkomp_task.h: the contract between forkomp and a task of your own in a shared object,
 * for `forkomp plugin ./libtask.so (--inputs A,B,... | --inputs-file FILE)`. Installed by
 * `make install` as PREFIX/include/forkomp_task.h; `forkomp new-task NAME` writes a
 * template that builds against it. Plain C99, no other header of forkomp's.
 *
 * Your shared object exports one function, forkomp_task(), returning a table of four
 * functions. forkomp runs them as it runs its own kernels, in every model (`forkomp plugin
 * --help` lists them: a loop, processes, threads, both, and processes on several hosts):
 *   prepare  once per process that runs the tasks, outside the clock: read the inputs (text,
 *            one per --inputs item or --inputs-file line), build your state, say how many
 *            tasks there are (usually one per input);
 *   run      task i, into a result record; called from several threads at once (omp,
 *            hybrid) and in forked processes (fork, hybrid): touch only your state (read it)
 *            and what you allocate inside the call; return the answer in the record (its
 *            value is compared between the models);
 *   verify   after every run, outside the clock: are the n results right? (against answers
 *            you know, or a second, plain computation of your own: forkomp's own kernels
 *            are verified against independent values);
 *   release  frees the state.
 * forkomp refuses an object whose version differs from the one its own copy of this header
 * says, naming both: bump FORKOMP_TASK_VERSION whenever anything below changes.
 *
 * Version history: 1 (forkomp 0.1): the first contract. */
#ifndef FORKOMP_TASK_H
#define FORKOMP_TASK_H

#include <stddef.h>
#include <stdint.h>

#define FORKOMP_TASK_VERSION 1
#define FORKOMP_TASK_ENTRY "forkomp_task" /* the name of the function the object exports */
#define FORKOMP_TASK_MSG 200

/* What task i answers. */
typedef struct forkomp_task_result {
    uint64_t value;             /* the answer: a sum, a checksum of what it wrote */
    uint64_t aux;               /* a second number of your own (records done, ...) */
    char msg[FORKOMP_TASK_MSG]; /* why it failed, when run returns non-zero */
} forkomp_task_result_t;

typedef struct forkomp_task {
    int version;      /* FORKOMP_TASK_VERSION: the version of the header it was built with */
    const char *name; /* short, [A-Za-z0-9_.-]: the CSV's variant column */
    /* Returns 0 with *state and *ntasks set, or non-zero with a one-line message in err (a
     * bad input: forkomp prints it and exits 2, nothing run). */
    int (*prepare)(const char *const *inputs, size_t ninputs, void **state, size_t *ntasks,
                   char *err, size_t errlen);
    /* Returns 0, or non-zero with out->msg saying why (the run fails, the others go on). */
    int (*run)(void *state, size_t i, forkomp_task_result_t *out);
    /* values[i] and aux[i] are task i's answer. Returns 1 when every one is right, else 0
     * with the first reason in why. */
    int (*verify)(void *state, const uint64_t *values, const uint64_t *aux, size_t n, char *why,
                  size_t whylen);
    void (*release)(void *state);
} forkomp_task_t;

/* The entry point: `const forkomp_task_t *forkomp_task(void)` in your object. */
typedef const forkomp_task_t *(*forkomp_task_entry_fn)(void);

#endif
