/* SPDX-License-Identifier: MIT */
/* dbf_xattr.h: carrying a file's extended attributes over to the file that replaces it,
 * POSIX ACLs included (the kernel keeps them as the attribute system.posix_acl_access), so
 * an in-place rewrite does not take away what another user was allowed to do with it. */
#ifndef FK_DBF_XATTR_H
#define FK_DBF_XATTR_H

#include <stddef.h>

/* Copies every extended attribute of the file open as from to the file open as to (call it
 * after setting to's mode: an ACL sets the group bits). One that cannot be set fails the copy
 * and err names it. A filesystem without extended attributes has none to copy: 0. */
int fk_xattr_copy(int from, int to, char *err, size_t errlen);

#endif
