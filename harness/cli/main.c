/* SPDX-License-Identifier: MIT */
/* main.c: forkomp's entry point: dispatches to the subcommand named by argv[1]. */
#include <stdio.h>
#include <string.h>

#include "harness/base/commands.h"
#include "harness/models/mpi/mpi.h"
#include "kernels/common/opt.h"
#include "kernels/common/suggest.h"
#include "harness/cli/registry.h"

#define FK_VERSION "0.1.0"

static const fk_command_t commands[] = {
    {"gen", fk_cmd_gen, "write a synthetic shapefile dataset (forkomp gen --class S --out DIR)"},
    {"report", fk_cmd_report, "summarise CSV files: statistics, report.md and plots"},
    {"spawn", fk_cmd_spawn, "what a process or a thread costs: spawn and hand-off overheads"},
    {"python", fk_cmd_python, "your Python function: FILE.py:FUNC over your inputs, each pool"},
    {"new-task", fk_cmd_new_task, "write a template of your own C task for forkomp plugin"},
};

static void print_help(void)
{
    printf("usage: forkomp COMMAND [options]   (forkomp COMMAND --help for its options)\n\n"
           "Sub-processes or threads? Runs the same jobs serially, in a pre-forked process\n"
           "pool, in OpenMP threads and in a hybrid, verifies every run and writes CSV.\n\n"
           "commands:\n");
    for (size_t i = 0; fk_kernels[i]; i++)
        printf("  %-11s %s\n", fk_kernels[i]->name, fk_kernels[i]->summary);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        printf("  %-11s %s\n", commands[i].name, commands[i].summary);
    printf("\n  --help      this text\n  --version   the version and build\n");
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        print_help();
        return argc < 2 ? FK_EXIT_USAGE : FK_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("forkomp %s (rev %s)\n", FK_VERSION, FK_GIT_REV);
        return FK_EXIT_OK;
    }
    if (fk_find_kernel(argv[1]) && fk_mpi_launched()) /* one rank of an MPI measurement */
        return fk_mpi_rank(argc - 1, argv + 1);
    if (fk_find_kernel(argv[1])) {
        fk_mpi_keep_argv(argc, argv); /* the MPI models start mpirun on this command line */
        return fk_cmd_kernel(argc - 1, argv + 1);
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    const char *names[64];
    size_t n = 0;
    for (size_t i = 0; fk_kernels[i] && n < 32; i++)
        names[n++] = fk_kernels[i]->name;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0] && n < 64; i++)
        names[n++] = commands[i].name;
    char hint[96];
    fprintf(stderr, "forkomp: unknown command '%s'%s (see 'forkomp --help')\n", argv[1],
            fk_did_you_mean(hint, sizeof hint, "", argv[1], strlen(argv[1]), names, n));
    return FK_EXIT_USAGE;
}
