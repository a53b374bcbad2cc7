/* SPDX-License-Identifier: MIT */
/* unit_cost.h: what one event costs on this machine, measured, so that the report can say
 * how much of a difference a counter accounts for (a count times its unit cost) rather than
 * name a cause the numbers cannot carry (issue 22). */
#ifndef FK_UNIT_COST_H
#define FK_UNIT_COST_H

/* CPU time (user + system) of one copy-on-write page fault: a forked child writes one byte
 * to each of 1024 pages its parent had written, timed with its CPU clock; the median of 3
 * children, measured once per process. NaN when it cannot be measured. */
double fk_unit_cow_fault_s(void);

#endif
