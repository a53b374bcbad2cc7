/* dbf_hash.c: the streaming 64-bit hash of dbf_hash.h. Words of 8 bytes are folded with a
 * multiply-rotate step into four independent lanes (as xxHash does, so it runs at several
 * bytes per cycle and can hash every output byte while it is written); the result goes
 * through the splitmix64 finaliser so that nearby inputs spread apart. */
#include "kernels/shapefiles/dbf_hash.h"

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
    hs->v[0] = 0x6A09E667F3BCC908ULL;
    hs->v[1] = 0xBB67AE8584CAA73BULL;
    hs->v[2] = 0x3C6EF372FE94F82BULL;
    hs->v[3] = 0xA54FF53A5F1D36F1ULL;
}

/* Folds whole 32-byte stripes; returns the bytes consumed. */
static size_t stripes(uint64_t *v, const uint8_t *p, size_t len)
{
    uint64_t a = v[0], b = v[1], c = v[2], d = v[3];
    size_t done = 0;
    for (; len - done >= 32; done += 32) {
        a = fold(a, load_le64(p + done));
        b = fold(b, load_le64(p + done + 8));
        c = fold(c, load_le64(p + done + 16));
        d = fold(d, load_le64(p + done + 24));
    }
    v[0] = a, v[1] = b, v[2] = c, v[3] = d;
    return done;
}

void fk_hash_update(fk_hash_t *hs, const void *data, size_t len)
{
    const uint8_t *p = data;
    hs->len += len;
    if (hs->ntail > 0) { /* complete the pending stripe first */
        size_t take = 32 - hs->ntail < len ? 32 - hs->ntail : len;
        memcpy(hs->tail + hs->ntail, p, take);
        hs->ntail += take;
        p += take;
        len -= take;
        if (hs->ntail < 32)
            return;
        stripes(hs->v, hs->tail, 32);
        hs->ntail = 0;
    }
    size_t done = stripes(hs->v, p, len);
    memcpy(hs->tail, p + done, len - done);
    hs->ntail = len - done;
}

uint64_t fk_hash_final(const fk_hash_t *hs)
{
    uint64_t h =
        rotl64(hs->v[0], 1) + rotl64(hs->v[1], 7) + rotl64(hs->v[2], 12) + rotl64(hs->v[3], 18);
    uint8_t last[32] = {0};
    memcpy(last, hs->tail, hs->ntail);
    for (size_t i = 0; i < hs->ntail; i += 8)
        h = fold(h, load_le64(last + i));
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
