/* SPDX-License-Identifier: MIT */
/* shp_ogr_inplace.c: the private copy of shp_ogr_inplace.h. The .shp and .shx are copies, not
 * hard links: OGR opens them for update, and through a link it could write into the user's
 * files; copy_file_range lets the filesystem share their blocks where it can (reflinks). The
 * copies must come out of OGR byte for byte as the originals were (the verification checks
 * their hashes), so only the .dbf is ever renamed back. The .prj is not needed to update
 * fields and is left out. */
#include "kernels/shapefiles/shp_ogr_inplace.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernels/common/util.h"
#include "kernels/shapefiles/dbf_encode.h"
#include "kernels/shapefiles/dbf_xattr.h"
#include "kernels/shapefiles/shp_hash.h"
#include "kernels/shapefiles/shp_inplace.h"
#include "kernels/shapefiles/shp_tmp.h"

/* Copies in to out: in the kernel where it can, else through a buffer. Returns 0 or -1. */
static int copy_fd(int in, int out)
{
    ssize_t n;
    while ((n = copy_file_range(in, NULL, out, NULL, 1 << 30, 0)) != 0) {
        if (n > 0 || errno == EINTR)
            continue;
        if (errno != EXDEV && errno != ENOSYS && errno != EINVAL && errno != EOPNOTSUPP)
            return -1;
        char buf[1 << 16];
        while ((n = fk_read_full(in, buf, sizeof buf)) > 0)
            if (fk_write_all(out, buf, (size_t)n) != 0)
                return -1;
        return n < 0 ? -1 : 0;
    }
    return 0;
}

static int copy_member(const char *from, const char *to, const char *name, char *err, size_t errlen)
{
    char src[4096], dst[4096];
    if (!fk_shp_path(src, sizeof src, from, name) || !fk_shp_path(dst, sizeof dst, to, name))
        return fk_err(err, errlen, "path too long");
    int in = open(src, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    int out = in >= 0 ? open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600) : -1;
    int rc = out >= 0 ? copy_fd(in, out) : -1, e = errno;
    if (out >= 0 && close(out) != 0 && rc == 0)
        rc = -1, e = errno;
    if (in >= 0)
        close(in);
    if (rc != 0)
        return fk_err(err, errlen, "cannot copy %s for OGR: %s; the original is untouched", name,
                      strerror(e));
    return 0;
}

/* The private folder beside the set, named for the run that owns it (shp_tmp.h). */
static int make_folder(const shp_ctx_t *c, const fk_shpset_t *s, char *tmp, size_t cap, char *err,
                       size_t errlen)
{
    int keep = (int)fk_utf8_cut(s->base, strlen(s->base), 200); /* within NAME_MAX */
    int n = snprintf(tmp, cap, "%s/.%.*s%s%d-%lld-XXXXXX", c->work, keep, s->base, FK_SHP_TMP_MARK,
                     (int)c->owner, c->owner_start < 0 ? 0 : c->owner_start);
    if (n < 0 || (size_t)n >= cap)
        return fk_err(err, errlen, "path too long");
    if (!mkdtemp(tmp))
        return fk_err(err, errlen, "cannot create a temporary folder beside it: %s",
                      strerror(errno));
    return 0;
}

/* The original's mode, owner (as root) and extended attributes onto the new file, synced. */
static int carry_over(const char *orig, const char *fresh, char *err, size_t errlen)
{
    int from = open(orig, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    int to = open(fresh, O_RDONLY | O_CLOEXEC);
    struct stat st;
    int rc = 0;
    if (from < 0 || to < 0 || fstat(from, &st) != 0 || fchmod(to, st.st_mode & 07777) != 0 ||
        (geteuid() == 0 && fchown(to, st.st_uid, st.st_gid) != 0))
        rc = fk_err(err, errlen, "cannot give the new .dbf the original's mode: %s",
                    strerror(errno));
    if (rc == 0)
        rc = fk_xattr_copy(from, to, err, errlen);
    if (rc == 0 && fsync(to) != 0)
        rc = fk_err(err, errlen, "fsync failed: %s; the original is untouched", strerror(errno));
    if (from >= 0)
        close(from);
    if (to >= 0)
        close(to);
    return rc;
}

/* OGR on the copy in tmp, then the checks; 0 when the new .dbf at fresh may replace orig. */
static int update_copy(const shp_ctx_t *c, const fk_shpset_t *s, const fk_shpcheck_t *chk,
                       const char *tmp, const char *fresh, const char *orig, uint64_t *features,
                       char *warn, size_t warnlen, char *err, size_t errlen)
{
    const char *const members[] = {s->shp, s->shx, s->dbf, s->cpg};
    for (size_t k = 0; k < sizeof members / sizeof *members; k++)
        if (members[k] && copy_member(c->work, tmp, members[k], err, errlen) != 0)
            return -1;
    if (c->gdal->ogr_update(tmp, s, chk, features, warn, warnlen, err, errlen) != 0)
        return -1;
    uint64_t sum;
    char why[FK_RESULT_MSG];
    if (fk_hash_file(fresh, 1, &sum) != 0)
        return fk_err(err, errlen, "cannot read the new .dbf back: %s", strerror(errno));
    if (!fk_shpsnap_verify(tmp, s, &c->snaps[s - c->dir.sets], 1, 0, sum, why, sizeof why))
        return fk_err(err, errlen, FK_SHP_KEPT "%s", why);
    return carry_over(orig, fresh, err, errlen);
}

int fk_shp_ogr_in_place(const shp_ctx_t *c, const fk_shpset_t *s, const fk_shpcheck_t *chk,
                        uint64_t *features, char *warn, size_t warnlen, char *err, size_t errlen)
{
    char tmp[4096], fresh[4400], orig[4096];
    *features = 0;
    if (!fk_shp_path(orig, sizeof orig, c->work, s->dbf))
        return fk_err(err, errlen, "path too long");
    if (make_folder(c, s, tmp, sizeof tmp, err, errlen) != 0)
        return -1;
    int rc =
        fk_shp_path(fresh, sizeof fresh, tmp, s->dbf) ? 0 : fk_err(err, errlen, "path too long");
    if (rc == 0)
        rc = update_copy(c, s, chk, tmp, fresh, orig, features, warn, warnlen, err, errlen);
    if (rc == 0 && rename(fresh, orig) != 0)
        rc = fk_err(err, errlen, "cannot rename the new .dbf into place: %s", strerror(errno));
    int dfd = open(c->work, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fk_shp_remove_temp(dfd, strrchr(tmp, '/') + 1);
        if (rc == 0 && fsync(dfd) != 0)
            rc = fk_err(err, errlen, "renamed, but syncing the folder failed: %s", strerror(errno));
        close(dfd);
    }
    return rc;
}
