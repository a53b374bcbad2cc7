/* SPDX-License-Identifier: MIT */
/* report_cause.h: why a parallel group took longer than the ideal (serial median / usable
 * workers), named from the data rather than assumed: start-up (the excess is about what
 * forkomp spawn measured W workers' start to cost), imbalance (the workers' busy times, the
 * busy_max_s/busy_min_s columns, differ), load (the load warning fired on the host: the
 * verdict is held back) or, when none of them accounts for it, unexplained. */
#ifndef FK_REPORT_CAUSE_H
#define FK_REPORT_CAUSE_H

#include <stddef.h>

#include "harness/report/report.h"

enum fk_cause {
    FK_CAUSE_NONE,        /* within FK_CAUSE_NEAR of the ideal: nothing to explain */
    FK_CAUSE_LOAD,        /* the host's load warning fired: held back */
    FK_CAUSE_STARTUP,     /* W x the measured spawn cost covers half the excess or more */
    FK_CAUSE_IMBALANCE,   /* the busiest worker's excess over the ideal covers half of it */
    FK_CAUSE_UNEXPLAINED, /* none of the above (or nothing measured to tell) */
};

#define FK_CAUSE_NEAR 0.05      /* an excess under 5% of the ideal is not explained */
#define FK_CAUSE_SHARE 0.5      /* a cause must account for half the excess */
#define FK_CAUSE_IMBALANCED 1.1 /* busy max / min at or above this: the workers differ */

typedef struct fk_report_cause {
    int cause;       /* enum fk_cause */
    double ideal_s;  /* serial median / usable workers */
    double excess_s; /* median - ideal */
    double spawn_s;  /* the start of the group's workers by forkomp spawn's costs; NaN: none */
    double busy_max_s, busy_min_s; /* medians over the runs; NaN: not recorded */
} fk_report_cause_t;

/* The cost of one operation of mechanism (a spawn variant: "fork", "pthread") on host: the
 * median of the spawn group with the fewest workers (the
 * smallest parent, "base", first); NaN when the data has none. */
double fk_report_spawn_cost(const fk_report_t *r, const char *host, const char *mechanism);
/* Names g's cause (g has a baseline and at least 2 workers). */
void fk_report_cause(const fk_report_t *r, const fk_report_group_t *g, fk_report_cause_t *c);

#endif
