/* cli.h: parsing of forkomp's command-line options into fk_opts_t, shared by every command. */
#ifndef FK_CLI_H
#define FK_CLI_H

#include <stddef.h>

#include "harness/cli/opts.h"

/* Fills opts with the defaults: class NULL, models serial,fork,omp,hybrid, workers 1,2,4,
 * reps 5, warmup 1, static schedule, chunk 0 (Pool.map's default), seed 1. */
void fk_cli_defaults(fk_opts_t *opts);

/* Parses argv[0..argc) (the words after the command name). Positional words (e.g. the CSV
 * files of `report`) are collected into positional[], at most cap of them.
 * Returns FK_EXIT_OK, or FK_EXIT_USAGE with a one-line message naming the bad argument.
 * *help is set to 1 when --help was given. */
int fk_cli_parse(int argc, char **argv, fk_opts_t *opts, int *help, const char **positional,
                 size_t cap, size_t *npositional, char *err, size_t errlen);

/* Prints "forkomp: MESSAGE" and a hint to use --help, on stderr; returns FK_EXIT_USAGE. A
 * message that names packages to install, "... (make deps)", is the one line printed. */
#define FK_CLI_INSTALL_HINT "(make deps)"
int fk_cli_usage_error(const char *command, const char *message);

/* The option help shared by every run command (models, workers, reps, ...). */
extern const char fk_cli_common_help[];

#endif
