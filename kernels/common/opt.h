/* SPDX-License-Identifier: MIT */
/* opt.h: how a kernel or a command declares its options. Each owner keeps a table of
 * fk_opt_t, one line per option (name, kind, where its value goes, limits, help), ending
 * with FK_OPT_END; the harness parses the command line against the tables of the command
 * at hand, generates its help and its errors from them, and refuses an option that no table
 * of that command declares. Types only, so a kernel can declare options without knowing
 * who parses them. */
#ifndef FK_OPT_H
#define FK_OPT_H

#include <stddef.h>
#include <stdint.h>

/* Exit codes of every forkomp command (a kernel's prepare returns them too). */
enum { FK_EXIT_OK = 0, FK_EXIT_FAIL = 1, FK_EXIT_USAGE = 2 };

typedef enum fk_opt_kind {
    FK_OPT_FLAG,           /* int, set to 1; takes no value */
    FK_OPT_STR,            /* const char *, pointing into argv */
    FK_OPT_INT,            /* int in [min, max] */
    FK_OPT_LONG,           /* long in [min, max] */
    FK_OPT_ULONG,          /* unsigned long in [min, max] */
    FK_OPT_DOUBLE,         /* double in [min, max] */
    FK_OPT_CHOICE,         /* int: the index of the value in choices[] */
    FK_OPT_CHOICE_OR_FLAG, /* a CHOICE whose value may be left out: alone it is choice
                            * (int)max; the next word is its value only when it is one */
    FK_OPT_U64S,           /* fk_u64_list_t: comma-separated whole numbers in [min, max] */
    FK_OPT_CUSTOM,         /* parse(value, field, err, errlen) decides */
    FK_OPT_REFUSED,        /* not an option here, with a hint: "--NAME HELP"; not in the help */
} fk_opt_kind_t;

#define FK_OPT_LIST_MAX 4096

typedef struct fk_u64_list {
    size_t n;
    uint64_t v[FK_OPT_LIST_MAX];
} fk_u64_list_t;

typedef struct fk_opt {
    const char *name; /* without the leading "--"; NULL ends a table */
    fk_opt_kind_t kind;
    size_t offset;              /* of the field in the owner's struct */
    double min, max;            /* limits of numbers and of list items */
    const char *arg;            /* the value in help ("N", "DIR"); NULL: flags, or choices a|b */
    const char *help;           /* lines separated by '\n'; the help printer indents them */
    const char *const *choices; /* FK_OPT_CHOICE: NULL-terminated */
    int (*parse)(char *value, void *field, char *err, size_t errlen); /* CUSTOM */
} fk_opt_t;

#define FK_OPT_END                                                                                 \
    {                                                                                              \
        NULL, FK_OPT_FLAG, 0, 0, 0, NULL, NULL, NULL, NULL                                         \
    }

#endif
