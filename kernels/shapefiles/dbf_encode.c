/* SPDX-License-Identifier: MIT */
/* dbf_encode.c: encodings of .dbf files as GDAL 3.6 reads them (ogrshapelayer.cpp: the
 * .cpg text, else the LDID byte's code page) and the NAME value's encoding. Conversion is
 * one character at a time through iconv, so a cut never splits a multi-byte character in
 * any encoding and an unrepresentable character costs only itself (it becomes '?'). */
#include "kernels/shapefiles/dbf_encode.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int fk_dbf_read_cpg(const char *path, char *text, size_t textlen)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char buf[32] = {0};
    size_t n = fread(buf, 1, sizeof buf - 1, f); /* shapelib reads 31 bytes */
    fclose(f);
    buf[n] = '\0';
    buf[strcspn(buf, "\r\n")] = '\0';
    snprintf(text, textlen, "%s", buf);
    return 0;
}

/* GDAL's GetEncodingFromLDIDNumber: the code page of a dBASE language driver id. */
static int ldid_codepage(unsigned ldid)
{
    static const struct {
        uint8_t ldid;
        uint16_t cp;
    } map[] = {
        {1, 437},     {2, 850},    {3, 1252},   {4, 10000},  {8, 865},    {10, 850},   {11, 437},
        {13, 437},    {14, 850},   {15, 437},   {16, 850},   {17, 437},   {18, 850},   {19, 932},
        {20, 850},    {21, 437},   {22, 850},   {23, 865},   {24, 437},   {25, 437},   {26, 850},
        {27, 437},    {28, 863},   {29, 850},   {31, 852},   {34, 852},   {35, 852},   {36, 860},
        {37, 850},    {38, 866},   {55, 850},   {64, 852},   {77, 936},   {78, 949},   {79, 950},
        {80, 874},    {88, 1252},  {89, 1252},  {100, 852},  {101, 866},  {102, 865},  {103, 861},
        {104, 895},   {105, 620},  {106, 737},  {107, 857},  {108, 863},  {120, 950},  {121, 949},
        {122, 936},   {123, 932},  {124, 874},  {134, 737},  {135, 852},  {136, 857},  {150, 10007},
        {151, 10029}, {200, 1250}, {201, 1251}, {202, 1254}, {203, 1253}, {204, 1257},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (map[i].ldid == ldid)
            return map[i].cp;
    return -1;
}

/* GDAL's GetEncodingFromCPG. */
static void cpg_encoding(const char *cpg, char *enc, size_t enclen)
{
    int n = atoi(cpg);
    if ((n >= 437 && n <= 950) || (n >= 1250 && n <= 1258))
        snprintf(enc, enclen, "CP%d", n);
    else if (strncasecmp(cpg, "8859", 4) == 0)
        snprintf(enc, enclen, "ISO-8859-%s", cpg + (cpg[4] == '-' ? 5 : 4));
    else if (strncasecmp(cpg, "UTF-8", 5) == 0 || strncasecmp(cpg, "UTF8", 4) == 0)
        snprintf(enc, enclen, "UTF-8");
    else if (strncasecmp(cpg, "ANSI 1251", 9) == 0)
        snprintf(enc, enclen, "CP1251");
    else
        snprintf(enc, enclen, "%s", cpg); /* e.g. Big5, used as it is */
}

void fk_dbf_encoding(const char *cpg_text, uint8_t ldid, char *enc, size_t enclen)
{
    if (cpg_text && *cpg_text) {
        cpg_encoding(cpg_text, enc, enclen);
        return;
    }
    int cp = ldid_codepage(ldid);
    if (ldid == 87) /* GDAL maps 87 to ISO-8859-1, not to a Windows code page */
        snprintf(enc, enclen, "ISO-8859-1");
    else if (cp > 0)
        snprintf(enc, enclen, "CP%d", cp);
    else
        snprintf(enc, enclen, "%s", "");
}

int fk_dbf_is_utf8(const char *enc)
{
    return *enc == '\0' || strcasecmp(enc, "UTF-8") == 0 || strcasecmp(enc, "UTF8") == 0;
}

/* Length of the UTF-8 sequence starting at s (1 for an invalid lead or a cut sequence). */
static size_t utf8_seq_len(const unsigned char *s, size_t avail)
{
    size_t n = s[0] < 0x80         ? 1
               : (s[0] >> 5) == 6  ? 2
               : (s[0] >> 4) == 14 ? 3
               : (s[0] >> 3) == 30 ? 4
                                   : 1;
    if (n > avail)
        return 1;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 1;
    return n;
}

size_t fk_utf8_cut(const char *s, size_t len, size_t max)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t pos = 0;
    while (pos < len) {
        size_t n = utf8_seq_len(u + pos, len - pos);
        if (pos + n > max)
            break;
        pos += n;
    }
    return pos;
}

static int is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 0;
    return 1;
}

/* Appends one converted character (or '?' when it has no form in enc). */
static void put_char(iconv_t cd, const char *ch, size_t n, size_t maxbytes, fk_dbf_name_t *out,
                     int *full)
{
    char buf[16];
    char *in = (char *)ch, *o = buf;
    size_t inleft = n, outleft = sizeof buf;
    size_t r = iconv(cd, &in, &inleft, &o, &outleft);
    iconv(cd, NULL, NULL, &o, &outleft); /* flush any shift state */
    size_t got = (size_t)(o - buf);
    if (r == (size_t)-1 || inleft != 0 || got == 0) {
        iconv(cd, NULL, NULL, NULL, NULL);
        buf[0] = '?';
        got = 1;
        out->lossy = 1;
    }
    if (out->len + got > maxbytes) {
        *full = 1;
        return;
    }
    memcpy(out->bytes + out->len, buf, got);
    out->len += got;
}

void fk_dbf_encode_name(const char *utf8, const char *enc, size_t maxbytes, fk_dbf_name_t *out)
{
    memset(out, 0, sizeof *out);
    if (maxbytes > FK_DBF_NAME_MAX)
        maxbytes = FK_DBF_NAME_MAX;
    size_t len = strlen(utf8);
    const unsigned char *u = (const unsigned char *)utf8;
    for (size_t pos = 0, n; pos < len && !out->not_utf8; pos += n) {
        n = utf8_seq_len(u + pos, len - pos);
        out->not_utf8 = n == 1 && u[pos] >= 0x80; /* a file name is bytes, not always UTF-8 */
    }
    iconv_t cd = (iconv_t)-1;
    if (!fk_dbf_is_utf8(enc) && !is_ascii(utf8)) {
        cd = iconv_open(enc, "UTF-8");
        out->unknown = cd == (iconv_t)-1;
    }
    if (cd == (iconv_t)-1) { /* UTF-8, pure ASCII, or an encoding iconv does not know */
        out->len = fk_utf8_cut(utf8, len, maxbytes);
        memcpy(out->bytes, utf8, out->len);
        out->truncated = out->len < len;
        return;
    }
    int full = 0;
    size_t pos = 0;
    while (pos < len && !full) {
        size_t n = utf8_seq_len(u + pos, len - pos);
        put_char(cd, utf8 + pos, n, maxbytes, out, &full);
        if (!full)
            pos += n;
    }
    out->truncated = pos < len;
    iconv_close(cd);
}

int fk_dbf_decode(const char *bytes, size_t len, const char *enc, char *out, size_t cap)
{
    if (cap == 0)
        return -1;
    if (fk_dbf_is_utf8(enc)) {
        size_t n = len < cap - 1 ? len : cap - 1;
        memcpy(out, bytes, n);
        out[n] = '\0';
        return 0;
    }
    iconv_t cd = iconv_open("UTF-8", enc);
    if (cd == (iconv_t)-1)
        return -1;
    char *in = (char *)bytes, *o = out;
    size_t inleft = len, outleft = cap - 1;
    size_t r = iconv(cd, &in, &inleft, &o, &outleft);
    iconv_close(cd);
    *o = '\0';
    return r == (size_t)-1 ? -1 : 0;
}
