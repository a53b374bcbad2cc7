/* SPDX-License-Identifier: MIT */
/* report_fmt.c: the report's numbers in human units (report.h): times in s, ms or us,
 * memory in KiB or MiB, "-" for what was not measured. */
#include <math.h>
#include <stdio.h>

#include "harness/report/report.h"

const char *fk_report_fmt_time(double s, char *buf, size_t len)
{
    double a = fabs(s);
    if (isnan(s))
        snprintf(buf, len, "-");
    else if (a >= 1.0)
        snprintf(buf, len, "%.3f s", s);
    else if (a >= 1e-3)
        snprintf(buf, len, "%.4g ms", s * 1e3);
    else
        snprintf(buf, len, "%.4g us", s * 1e6);
    return buf;
}

/* "1.2 MiB" or "-" from KiB; negative values (noise at 1 worker) kept as measured. */
const char *fk_report_fmt_kib(double kib, char *buf, size_t len)
{
    if (isnan(kib))
        snprintf(buf, len, "-");
    else if (fabs(kib) < 1024)
        snprintf(buf, len, "%.0f KiB", kib);
    else
        snprintf(buf, len, "%.1f MiB", kib / 1024.0);
    return buf;
}

const char *fk_report_fmt_mib(double kib, char *buf, size_t len)
{
    if (isnan(kib))
        snprintf(buf, len, "-");
    else
        snprintf(buf, len, "%.1f MiB", kib / 1024.0);
    return buf;
}

const char *fk_report_fmt_num(double v, int prec, char *buf, size_t len)
{
    if (isnan(v))
        snprintf(buf, len, "-");
    else
        snprintf(buf, len, "%.*f", prec, v);
    return buf;
}
