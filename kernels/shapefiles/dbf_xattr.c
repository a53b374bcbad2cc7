/* SPDX-License-Identifier: MIT */
/* dbf_xattr.c: fk_xattr_copy of dbf_xattr.h with glibc's *xattr calls. Not libattr's
 * attr_copy_fd: it leaves ACLs out by design (libacl's perm_copy_fd would be a second library
 * for them), while the one loop below copies both. */
#include "kernels/shapefiles/dbf_xattr.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>

#include "kernels/common/util.h"

/* fd's value of name in a fresh buffer (*len its size), or NULL. */
static char *get_value(int fd, const char *name, ssize_t *len)
{
    ssize_t n = fgetxattr(fd, name, NULL, 0);
    char *v = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (v && (n = fgetxattr(fd, name, v, (size_t)n)) < 0) {
        free(v);
        v = NULL;
    }
    *len = n;
    return v;
}

static int copy_one(int from, int to, const char *name, char *err, size_t errlen)
{
    ssize_t len, have;
    char *v = get_value(from, name, &len);
    if (!v)
        return errno == ENODATA ? 0
                                : fk_err(err, errlen,
                                         "cannot read its extended attribute "
                                         "%s: %s",
                                         name, strerror(errno));
    char *cur = get_value(to, name, &have); /* a label the new file got anyway is kept */
    int rc = 0;
    if (!(cur && have == len && memcmp(cur, v, (size_t)len) == 0) &&
        fsetxattr(to, name, v, (size_t)len, 0) != 0)
        rc = fk_err(err, errlen,
                    "cannot carry its extended attribute %s over to the new file (%s): "
                    "refused, the original is untouched",
                    name, strerror(errno));
    free(cur);
    free(v);
    return rc;
}

int fk_xattr_copy(int from, int to, char *err, size_t errlen)
{
    ssize_t len = flistxattr(from, NULL, 0);
    if (len < 0 && (errno == ENOTSUP || errno == ENOSYS))
        return 0;
    char *names = len > 0 ? malloc((size_t)len) : NULL;
    if (len > 0 && names)
        len = flistxattr(from, names, (size_t)len); /* ERANGE: one was added meanwhile */
    if (len < 0 || (len > 0 && !names)) {
        free(names);
        return fk_err(err, errlen, "cannot list its extended attributes: %s", strerror(errno));
    }
    int rc = 0;
    for (ssize_t at = 0; rc == 0 && at < len; at += (ssize_t)strlen(names + at) + 1)
        rc = copy_one(from, to, names + at, err, errlen);
    free(names);
    return rc;
}
