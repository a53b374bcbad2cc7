/* SPDX-License-Identifier: MIT */
/* proc.c: the process identity of proc.h, read from /proc. */
#include "kernels/common/proc.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long long fk_proc_stat_field(pid_t pid, int field)
{
    char path[64], buf[1024], *save = NULL;
    if (pid == 0)
        snprintf(path, sizeof path, "/proc/self/stat");
    else
        snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "re");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *p = strrchr(buf, ')'); /* the command name (field 2) may hold spaces */
    if (!p)
        return -1;
    int at = 2;
    for (char *t = strtok_r(p + 1, " ", &save); t; t = strtok_r(NULL, " ", &save))
        if (++at == field)
            return strtoll(t, NULL, 10);
    return -1;
}

long long fk_proc_start(pid_t pid)
{
    return fk_proc_stat_field(pid, 22);
}

int fk_proc_alive(pid_t pid, long long start)
{
    if (pid <= 0 || (kill(pid, 0) != 0 && errno == ESRCH))
        return 0;
    if (start < 0)
        return 1;
    long long now = fk_proc_start(pid);
    return now < 0 || now == start; /* unreadable (hidepid=2): taken as alive, kept */
}
