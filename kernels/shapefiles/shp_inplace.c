/* SPDX-License-Identifier: MIT */
/* shp_inplace.c: the check before the rename of shp_inplace.h. */
#include "kernels/shapefiles/shp_inplace.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "kernels/common/util.h"

/* Copies the set's .cpg (a few bytes) to the temporary file's name with ".cpg" for ".dbf";
 * its path in out. */
static int copy_cpg(const fk_shp_newcheck_t *n, const char *tmp_path, char *out, size_t cap,
                    char *why, size_t whylen)
{
    char src[4096], buf[4096];
    size_t len = strlen(tmp_path);
    if (!fk_shp_path(src, sizeof src, n->dir, n->set->cpg) || len < 4 || len >= cap)
        return fk_err(why, whylen, "path too long");
    memcpy(out, tmp_path, len - 4);
    memcpy(out + len - 4, ".cpg", 5);
    int in = open(src, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    ssize_t got = in >= 0 ? fk_read_full(in, buf, sizeof buf) : -1;
    if (in >= 0)
        close(in);
    int fd = got >= 0 ? open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600) : -1;
    if (fd < 0 || fk_write_all(fd, buf, (size_t)got) != 0) {
        int e = errno;
        if (fd >= 0) {
            close(fd);
            unlink(out);
        }
        return fk_err(why, whylen, "cannot copy %s for the check: %s; the original is untouched",
                      n->set->cpg, strerror(e));
    }
    close(fd);
    return 0;
}

int fk_shp_check_new(void *arg, const char *tmp_path, uint64_t checksum, char *why, size_t whylen)
{
    const fk_shp_newcheck_t *n = arg;
    char cpg[4200] = "", vwhy[256];
    if (n->set->cpg && copy_cpg(n, tmp_path, cpg, sizeof cpg, why, whylen) != 0)
        return -1;
    int ok = fk_shpsnap_verify_new(tmp_path, n->set, n->snap, checksum, vwhy, sizeof vwhy);
    if (cpg[0])
        unlink(cpg);
    if (!ok)
        return fk_err(why, whylen, FK_SHP_KEPT "%s", vwhy);
    return 0;
}
