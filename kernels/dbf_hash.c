/* dbf_hash.c: the streaming 64-bit hash of dbf_hash.h. Words of 8 bytes are folded with a
 * multiply-rotate step (fast enough to hash every output byte while it is written) and the
 * result goes through the splitmix64 finaliser so that nearby inputs spread apart. */
#include "dbf_hash.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define K1 0x9E3779B97F4A7C15ULL
#define K2 0xC2B2AE3D27D4EB4FULL

static inline uint64_t rotl64(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

static inline uint64_t fold(uint64_t h, uint64_t w)
{
    return rotl64(h ^ (w * K1), 31) * K2;
}

static inline uint64_t load_le64(const uint8_t *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void fk_hash_init(fk_hash_t *hs)
{
    memset(hs, 0, sizeof *hs);
    hs->h = 0x6A09E667F3BCC908ULL;
}

void fk_hash_update(fk_hash_t *hs, const void *data, size_t len)
{
    const uint8_t *p = data;
    hs->len += len;
    if (hs->ntail > 0) { /* complete the pending word first */
        size_t take = 8 - hs->ntail < len ? 8 - hs->ntail : len;
        memcpy(hs->tail + hs->ntail, p, take);
        hs->ntail += take;
        p += take;
        len -= take;
        if (hs->ntail < 8)
            return;
        hs->h = fold(hs->h, load_le64(hs->tail));
        hs->ntail = 0;
    }
    uint64_t h = hs->h;
    for (; len >= 8; p += 8, len -= 8)
        h = fold(h, load_le64(p));
    hs->h = h;
    memcpy(hs->tail, p, len);
    hs->ntail = len;
}

uint64_t fk_hash_final(const fk_hash_t *hs)
{
    uint8_t last[8] = {0};
    memcpy(last, hs->tail, hs->ntail);
    uint64_t h = fold(hs->h, load_le64(last));
    return mix64(h ^ hs->len);
}

uint64_t fk_hash_bytes(const void *data, size_t len)
{
    fk_hash_t hs;
    fk_hash_init(&hs);
    fk_hash_update(&hs, data, len);
    return fk_hash_final(&hs);
}

uint64_t fk_hash_combine(uint64_t acc, uint64_t value)
{
    return mix64(fold(acc, value) + K1);
}

int fk_hash_file(const char *path, int zero_date, uint64_t *out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    const size_t bufsize = 1 << 17;
    uint8_t *buf = malloc(bufsize); /* heap: tasks run on OpenMP threads' small stacks */
    if (!buf) {
        close(fd);
        errno = ENOMEM;
        return -1;
    }
    fk_hash_t hs;
    fk_hash_init(&hs);
    uint64_t pos = 0;
    for (;;) {
        ssize_t r = read(fd, buf, bufsize);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            free(buf);
            close(fd);
            errno = e;
            return -1;
        }
        if (r == 0)
            break;
        for (uint64_t i = pos; zero_date && i < 4 && i < pos + (uint64_t)r; i++)
            if (i >= 1)
                buf[i - pos] = 0;
        fk_hash_update(&hs, buf, (size_t)r);
        pos += (uint64_t)r;
    }
    free(buf);
    close(fd);
    *out = fk_hash_final(&hs);
    return 0;
}
