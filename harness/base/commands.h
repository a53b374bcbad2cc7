/* SPDX-License-Identifier: MIT */
/* commands.h: the entry points of forkomp's subcommands; main.c dispatches on this table. */
#ifndef FK_COMMANDS_H
#define FK_COMMANDS_H

/* argv[0] is the command name; returns the process exit code. */
typedef int (*fk_command_fn)(int argc, char **argv);

typedef struct fk_command {
    const char *name;
    fk_command_fn run;
    const char *summary;
} fk_command_t;

int fk_cmd_kernel(int argc, char **argv);   /* primes, shapefiles: the kernel runners */
int fk_cmd_gen(int argc, char **argv);      /* harness/cli/cmd_gen.c */
int fk_cmd_report(int argc, char **argv);   /* harness/report/report.c */
int fk_cmd_spawn(int argc, char **argv);    /* harness/spawn/spawn.c */
int fk_cmd_python(int argc, char **argv);   /* harness/python/py_cmd.c */
int fk_cmd_new_task(int argc, char **argv); /* harness/cli/cmd_new_task.c */

#endif
