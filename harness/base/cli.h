/* SPDX-License-Identifier: MIT */
/* cli.h: parsing a command line against the option tables of one command (its own, and for
 * the kernel commands the kernel's and the dataset's), the help generated from them, and the
 * one-line usage errors every command prints. */
#ifndef FK_CLI_H
#define FK_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "kernels/common/opt.h"

/* One table and the struct its options fill. */
typedef struct fk_opt_group {
    const fk_opt_t *opts; /* FK_OPT_END-terminated; NULL: an empty group */
    void *dest;
} fk_opt_group_t;

/* What a command line held besides its options. */
typedef struct fk_cli_rest {
    int help;                /* --help or -h was given */
    const char **positional; /* words that are not options (e.g. report's CSV files) */
    size_t cap, n;           /* room in positional (0: none allowed), and how many */
} fk_cli_rest_t;

/* Parses argv[0..argc) (the words after the command name) against the groups. An option no
 * group declares is a usage error naming it, even when another command has it. Returns
 * FK_EXIT_OK, or FK_EXIT_USAGE with a one-line message in err. */
int fk_cli_parse(const char *command, int argc, char **argv, const fk_opt_group_t *groups,
                 size_t ngroups, fk_cli_rest_t *rest, char *err, size_t errlen);

/* 1 when the option called name (without "--") appears in argv[0..argc). */
int fk_cli_given(int argc, char **argv, const char *name);

/* Prints one help line (or more) per option of the table, aligned. */
void fk_cli_print_options(FILE *out, const fk_opt_t *opts);

/* "a, b, c" from a NULL-terminated list of names, into buf. Returns buf. */
char *fk_cli_join(char *buf, size_t len, const char *const *names, const char *sep);

/* Prints "forkomp COMMAND: MESSAGE" and a hint to use --help, on stderr; returns
 * FK_EXIT_USAGE. A message that names packages to install, "... (make deps)", is the one
 * line printed. */
#define FK_CLI_INSTALL_HINT "(make deps)"
int fk_cli_usage_error(const char *command, const char *message);

#endif
