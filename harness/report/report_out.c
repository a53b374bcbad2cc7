/* SPDX-License-Identifier: MIT */
/* report_out.c: writing one of the report's CSV files into the output folder (report.h), so
 * that opening, closing and their error messages are said once for every such file. */
#include "harness/report/report.h"

#include <errno.h>
#include <string.h>

#include "kernels/common/util.h"

int fk_report_write_file(const fk_report_t *r, const char *name,
                         void (*write)(FILE *f, const fk_report_t *r), char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", r->out_dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        return fk_err(err, errlen, "%s: %s", path, strerror(errno));
    write(f, r);
    if (fclose(f) != 0)
        return fk_err(err, errlen, "%s: %s", path, strerror(errno));
    return 0;
}
