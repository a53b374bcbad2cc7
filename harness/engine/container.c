/* SPDX-License-Identifier: MIT */
/* container.c: the container an engine ran forkomp in and its CPU quota (container.h). */
#include "harness/engine/container.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The first word of PID 1's cgroup paths that names an engine, or NULL. */
static const char *cgroup_hint(void)
{
    static const char *const words[] = {"kubepods", "docker", "libpod", "lxc", "containerd"};
    char line[512];
    const char *found = NULL;
    FILE *f = fopen("/proc/1/cgroup", "r");
    if (!f)
        return NULL;
    while (!found && fgets(line, sizeof line, f))
        for (size_t i = 0; i < sizeof words / sizeof *words && !found; i++)
            if (strstr(line, words[i]))
                found = words[i];
    fclose(f);
    return found;
}

void fk_container_kind(char *out, size_t len)
{
    const char *env = getenv("container"), *hint;
    if (access("/run/.containerenv", F_OK) == 0)
        snprintf(out, len, "podman");
    else if (access("/.dockerenv", F_OK) == 0)
        snprintf(out, len, "docker");
    else if (env && *env && strspn(env, "abcdefghijklmnopqrstuvwxyz0123456789-_.") == strlen(env))
        snprintf(out, len, "%s", env);
    else if ((hint = cgroup_hint()))
        snprintf(out, len, "%s", hint);
    else
        snprintf(out, len, "none");
}

/* The first two numbers of a file's first line ("max" reads as -1); returns how many were
 * read, -1 when the file cannot be read. */
static int read_two(const char *path, long *a, long *b)
{
    char line[128];
    FILE *f = fopen(path, "r");
    int n = -1;
    if (!f)
        return -1;
    if (fgets(line, sizeof line, f)) {
        if (strncmp(line, "max", 3) == 0)
            *a = -1, n = 1 + (sscanf(line + 3, "%ld", b) == 1);
        else
            n = sscanf(line, "%ld %ld", a, b);
    }
    fclose(f);
    return n;
}

/* cgroup v2's cpu.max of the cgroup "0::PATH" in self_cgroup names, under root (an engine's
 * cgroup namespace shows the container's own at root itself). */
static int read_v2(const char *root, const char *self_cgroup, long *quota, long *period)
{
    char line[512], path[1200] = "";
    FILE *f = fopen(self_cgroup, "r");
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "0::", 3) == 0) {
            line[strcspn(line, "\n")] = '\0';
            snprintf(path, sizeof path, "%s%s/cpu.max", root, line + 3);
        }
    if (f)
        fclose(f);
    if (*path && read_two(path, quota, period) == 2)
        return 0;
    snprintf(path, sizeof path, "%s/cpu.max", root);
    return read_two(path, quota, period) == 2 ? 0 : -1;
}

/* cgroup v1: cfs_quota_us (-1: none) and cfs_period_us of the cpu controller under root. */
static int read_v1(const char *root, long *quota, long *period)
{
    static const char *const dirs[] = {"cpu", "cpu,cpuacct"};
    char qpath[1100], ppath[1100];
    long unused;
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        snprintf(qpath, sizeof qpath, "%s/%s/cpu.cfs_quota_us", root, dirs[i]);
        snprintf(ppath, sizeof ppath, "%s/%s/cpu.cfs_period_us", root, dirs[i]);
        if (read_two(qpath, quota, &unused) >= 1 && read_two(ppath, period, &unused) >= 1)
            return 0;
    }
    return -1;
}

void fk_container_cpu_quota_at(const char *root, const char *self_cgroup, char *out, size_t len)
{
    long quota = 0, period = 0;
    char controllers[1100];
    snprintf(controllers, sizeof controllers, "%s/cgroup.controllers", root);
    if (read_v2(root, self_cgroup, &quota, &period) != 0 && read_v1(root, &quota, &period) != 0)
        /* the root cgroup of a v2 hierarchy has no cpu.max: no quota there */
        snprintf(out, len, "%s", access(controllers, F_OK) == 0 ? "none" : "unknown");
    else if (quota < 0 || period <= 0)
        snprintf(out, len, "none");
    else
        snprintf(out, len, "%.2f", (double)quota / (double)period);
}

void fk_container_cpu_quota(char *out, size_t len)
{
    fk_container_cpu_quota_at("/sys/fs/cgroup", "/proc/self/cgroup", out, len);
}

int fk_container_quota_below(const char *quota, double cpus)
{
    char *end;
    double allowed = quota ? strtod(quota, &end) : 0;
    return quota && end != quota && *end == '\0' && allowed > 0 && allowed < cpus;
}
