/* SPDX-License-Identifier: MIT */
/* cmd_new_task.c: `forkomp new-task NAME` writes a folder NAME/ with a task for `forkomp
 * plugin` that works as it is (NAME.c: the sum of the squares 1..n for each input n, checked
 * against the closed form n(n+1)(2n+1)/6) and a Makefile that builds libNAME.so against the
 * forkomp_task.h of this forkomp (installed: PREFIX/include; in a source tree: kernels/).
 * From nothing to a measured task in two commands: make -C NAME; forkomp plugin ... */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/base/cli.h"
#include "harness/base/commands.h"
#include "kernels/common/util.h"

static const char task_c[] =
    "/* %s.c: a task for `forkomp plugin` (see forkomp_task.h): for each input n, the sum of\n"
    " * the squares 1..n, by a loop (the work), checked against n(n+1)(2n+1)/6 (the answer\n"
    " * known). Replace prepare, run and verify with your own; keep run safe in threads and\n"
    " * in forked processes (read the state, write only what the call allocates). */\n"
    "#include <stdint.h>\n#include <stdio.h>\n#include <stdlib.h>\n\n"
    "#include \"forkomp_task.h\"\n\n"
    "typedef struct state {\n    uint64_t *n;\n    size_t count;\n} state_t;\n\n"
    "static void release(void *st)\n{\n    state_t *s = st;\n    if (s)\n        free(s->n);\n"
    "    free(s);\n}\n\n"
    "static int prepare(const char *const *inputs, size_t count, void **st, size_t *ntasks,\n"
    "                   char *err, size_t errlen)\n{\n"
    "    state_t *s = calloc(1, sizeof *s);\n"
    "    if (!s || !(s->n = calloc(count, sizeof *s->n))) {\n        free(s);\n"
    "        snprintf(err, errlen, \"out of memory\");\n        return -1;\n    }\n"
    "    for (size_t i = 0; i < count; i++) {\n        char *end;\n"
    "        unsigned long long v = strtoull(inputs[i], &end, 10);\n"
    "        if (end == inputs[i] || *end || v > 2000000) {\n"
    "            snprintf(err, errlen, \"input '%%s': give a whole number 0..2000000\", "
    "inputs[i]);\n"
    "            release(s);\n            return -1;\n        }\n        s->n[i] = v;\n    }\n"
    "    s->count = count;\n    *st = s;\n    *ntasks = count;\n    return 0;\n}\n\n"
    "static int run(void *st, size_t i, forkomp_task_result_t *out)\n{\n"
    "    const state_t *s = st;\n    uint64_t sum = 0;\n"
    "    for (uint64_t k = 1; k <= s->n[i]; k++)\n        sum += k * k;\n"
    "    out->value = sum;\n    out->aux = s->n[i];\n    return 0;\n}\n\n"
    "static int verify(void *st, const uint64_t *values, const uint64_t *aux, size_t count,\n"
    "                  char *why, size_t whylen)\n{\n    const state_t *s = st;\n    (void)aux;\n"
    "    for (size_t i = 0; i < count; i++) {\n        uint64_t n = s->n[i];\n"
    "        if (values[i] != n * (n + 1) * (2 * n + 1) / 6) {\n"
    "            snprintf(why, whylen, \"input %%llu: got %%llu\", (unsigned long long)n,\n"
    "                     (unsigned long long)values[i]);\n            return 0;\n        }\n"
    "    }\n    return 1;\n}\n\n"
    "static const forkomp_task_t task = {\n"
    "    FORKOMP_TASK_VERSION, \"%s\", prepare, run, verify, release,\n};\n\n"
    "const forkomp_task_t *forkomp_task(void)\n{\n    return &task;\n}\n";

static const char makefile[] =
    "# Makefile: builds lib%s.so for `forkomp plugin` against forkomp_task.h (written by\n"
    "# `forkomp new-task`; FORKOMP_INCLUDE=DIR picks another copy of the header).\n"
    "FORKOMP_INCLUDE ?= %s\n"
    "CC ?= cc\nCFLAGS ?= -O2 -g\n"
    "CFLAGS += -std=c99 -Wall -Wextra -fPIC -I$(FORKOMP_INCLUDE)\n\n"
    "lib%s.so: %s.c $(FORKOMP_INCLUDE)/forkomp_task.h\n"
    "\t$(CC) $(CFLAGS) -shared -o $@ %s.c\n\n"
    "clean:\n\trm -f lib%s.so\n";

/* The folder of this forkomp's forkomp_task.h: PREFIX/include beside PREFIX/bin/forkomp,
 * else kernels/ of the source tree the binary was built in (bin/ or build/san/bin/). */
static int find_header(char *dir, size_t len)
{
    static const char *const places[] = {"/../include", "/../kernels", "/../../../kernels"};
    char exe[PATH_MAX], probe[PATH_MAX + 64];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return -1;
    exe[n] = '\0';
    *strrchr(exe, '/') = '\0';
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
        snprintf(probe, sizeof probe, "%s%s/forkomp_task.h", exe, places[i]);
        char real[PATH_MAX];
        if (access(probe, R_OK) == 0 && realpath(probe, real)) {
            *strrchr(real, '/') = '\0';
            snprintf(dir, len, "%s", real);
            return 0;
        }
    }
    return -1;
}

static int write_file(const char *path, const char *text, char *err, size_t errlen)
{
    FILE *f = fopen(path, "wx"); /* never over a file of the user's */
    if (!f)
        return fk_err(err, errlen, "%s: %s", path, strerror(errno));
    int bad = fputs(text, f) < 0;
    bad |= fclose(f) != 0;
    return bad ? fk_err(err, errlen, "%s: %s", path, strerror(errno)) : 0;
}

static int valid_name(const char *name)
{
    size_t n = strlen(name);
    return n >= 1 && n <= 48 && !(name[0] >= '0' && name[0] <= '9') &&
           strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == n;
}

/* NAME/NAME.c and NAME/Makefile, in a folder that did not exist. */
static int write_template(const char *name, const char *inc, char *err, size_t errlen)
{
    static char text[sizeof task_c + 4096];
    char path[PATH_MAX];
    if (mkdir(name, 0777) != 0)
        return fk_err(err, errlen, "%s: %s", name, strerror(errno));
    snprintf(path, sizeof path, "%s/%s.c", name, name);
    snprintf(text, sizeof text, task_c, name, name);
    if (write_file(path, text, err, errlen) != 0)
        return -1;
    snprintf(path, sizeof path, "%s/Makefile", name);
    snprintf(text, sizeof text, makefile, name, inc, name, name, name, name);
    return write_file(path, text, err, errlen);
}

int fk_cmd_new_task(int argc, char **argv)
{
    char err[PATH_MAX + 256] = "", inc[PATH_MAX];
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: forkomp new-task NAME\nwrites NAME/NAME.c, a task for `forkomp plugin` "
               "that works as it is,\nand NAME/Makefile, which builds NAME/libNAME.so against "
               "forkomp_task.h\n");
        return FK_EXIT_OK;
    }
    if (argc != 2 || argv[1][0] == '-')
        return fk_cli_usage_error("new-task", "give the task's name: forkomp new-task NAME");
    const char *name = argv[1];
    if (!valid_name(name))
        return fk_err(err, sizeof err,
                      "'%s': a name is 1 to 48 letters, digits or '_', not starting with a digit",
                      name),
               fk_cli_usage_error("new-task", err);
    if (access(name, F_OK) == 0)
        return fk_err(err, sizeof err, "%s: already exists (nothing written)", name),
               fk_cli_usage_error("new-task", err);
    if (find_header(inc, sizeof inc) != 0)
        snprintf(inc, sizeof inc, "/usr/local/include"); /* make FORKOMP_INCLUDE=... says */
    if (write_template(name, inc, err, sizeof err) != 0) {
        fprintf(stderr, "forkomp new-task: %s\n", err);
        return FK_EXIT_FAIL;
    }
    printf("wrote %s/%s.c and %s/Makefile (forkomp_task.h from %s); next:\n"
           "  make -C %s\n  forkomp plugin %s/lib%s.so --inputs 1000000,2000000,1500000,500000\n",
           name, name, name, inc, name, name, name);
    return FK_EXIT_OK;
}
