/* SPDX-License-Identifier: MIT */
/* container.h: whether forkomp runs inside a container, and the CPU quota its cgroup gives
 * it: inside Docker, Podman or a Kubernetes pod the numbers depend on both, and neither shows
 * in the CPU count (the CPUs online are the host's, or the VM's, whatever the quota). */
#ifndef FK_CONTAINER_H
#define FK_CONTAINER_H

#include <stddef.h>

/* The engine, from the marks engines leave: "podman" (/run/.containerenv), "docker"
 * (/.dockerenv), the `container` environment variable's value (systemd-nspawn, LXC), a
 * word of PID 1's cgroup path ("kubepods", "docker", "libpod", "lxc", "containerd"), else
 * "none". */
void fk_container_kind(char *out, size_t len);

/* The CPUs the cgroup quota allows as "%.2f" (cgroup v2 cpu.max; v1 cpu.cfs_quota_us over
 * cpu.cfs_period_us), "none" without a quota, "unknown" where no cgroup file says. Only this
 * process's own cgroup is read (as an engine mounts it at /sys/fs/cgroup), not its parents. */
void fk_container_cpu_quota(char *out, size_t len);
/* The same, read under root (for /sys/fs/cgroup) with self_cgroup (for /proc/self/cgroup):
 * the tests' fake hierarchies. */
void fk_container_cpu_quota_at(const char *root, const char *self_cgroup, char *out, size_t len);

/* 1 when quota (fk_container_cpu_quota's text) allows fewer CPUs than cpus, the CPUs the
 * process sees: workers beyond the quota then take turns. The run's warning and the
 * report's decide by it. */
int fk_container_quota_below(const char *quota, double cpus);

#endif
