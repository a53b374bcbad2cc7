/* SPDX-License-Identifier: MIT */
/* shp_hash.c: whole-file checksums and the combination of task checksums, on libxxhash's
 * XXH3 (shp_hash.h). */
#include "kernels/shapefiles/shp_hash.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

uint64_t fk_hash_combine(uint64_t acc, uint64_t value)
{
    return XXH3_64bits_withSeed(&value, sizeof value, acc); /* acc as the seed: order counts */
}

/* Hashes what is left of fd into hs; bytes 1..3 are zeroed when zero_date is set. */
static int hash_fd(int fd, int zero_date, uint8_t *buf, size_t bufsize, XXH3_state_t *hs)
{
    uint64_t pos = 0;
    for (;;) {
        ssize_t r = read(fd, buf, bufsize);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            return 0;
        for (uint64_t i = pos; zero_date && i < 4 && i < pos + (uint64_t)r; i++)
            if (i >= 1)
                buf[i - pos] = 0;
        XXH3_64bits_update(hs, buf, (size_t)r);
        pos += (uint64_t)r;
    }
}

int fk_hash_file(const char *path, int zero_date, uint64_t *out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    const size_t bufsize = 1 << 17;
    uint8_t *buf = malloc(bufsize); /* heap: tasks run on OpenMP threads' small stacks */
    XXH3_state_t *hs = malloc(sizeof *hs);
    int rc = buf && hs ? 0 : (errno = ENOMEM, -1);
    if (rc == 0 && (XXH3_64bits_reset(hs) != XXH_OK || hash_fd(fd, zero_date, buf, bufsize, hs)))
        rc = -1;
    int e = errno;
    if (rc == 0)
        *out = XXH3_64bits_digest(hs);
    free(buf);
    free(hs);
    close(fd);
    errno = e;
    return rc;
}
