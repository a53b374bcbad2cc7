/* SPDX-License-Identifier: MIT */
/* shp_set.c: folder scanning and the pre-write checks of shp_set.h. Siblings are matched on
 * the exact base name with the extension in any case (roads.SHP, roads.shx, roads.Dbf), as
 * GDAL does on a case-sensitive file system; two candidates for one role are an error
 * rather than a guess. */
#include "kernels/shapefiles/shp_set.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernels/common/util.h"

typedef struct names {
    char **v;
    size_t n, cap;
} names_t;

static int names_push(names_t *a, const char *s)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 64;
        char **v = realloc(a->v, cap * sizeof *v);
        if (!v)
            return -1;
        a->v = v;
        a->cap = cap;
    }
    if (!(a->v[a->n] = strdup(s)))
        return -1;
    a->n++;
    return 0;
}

static void names_free(names_t *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->v[i]);
    free(a->v);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char *fk_shp_path(char *buf, size_t cap, const char *dir, const char *name)
{
    int n = snprintf(buf, cap, "%s/%s", dir, name);
    return n < 0 || (size_t)n >= cap ? NULL : buf;
}

/* The regular files of dir, sorted; the other entries (folders, FIFOs, sockets, devices,
 * dangling links) in others, to name them when a shapefile's sibling is one. */
static int list_files(const char *dir, names_t *out, names_t *others, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    if (!d)
        return fk_err(err, errlen, "cannot read folder %s: %s", dir, strerror(errno));
    struct dirent *e;
    char path[4096];
    int rc = 0;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        struct stat st;
        if (!fk_shp_path(path, sizeof path, dir, e->d_name))
            continue;
        int regular = stat(path, &st) == 0 && S_ISREG(st.st_mode);
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (names_push(regular ? out : others, e->d_name) != 0)
            rc = fk_err(err, errlen, "out of memory");
    }
    closedir(d);
    if (out->n > 1)
        qsort(out->v, out->n, sizeof *out->v, cmp_names);
    return rc;
}

/* 1 when name is base + "." + ext with ext in any case. */
static int is_sibling(const char *name, const char *base, size_t blen, const char *ext)
{
    return strncmp(name, base, blen) == 0 && name[blen] == '.' &&
           strcasecmp(name + blen + 1, ext) == 0;
}

/* Finds base.EXT; *found NULL when absent; -1 when more than one spelling exists. */
static int find_sibling(const names_t *files, const char *base, const char *ext, char **found)
{
    size_t blen = strlen(base);
    *found = NULL;
    for (size_t i = 0; i < files->n; i++) {
        if (!is_sibling(files->v[i], base, blen, ext))
            continue;
        if (*found)
            return -1;
        *found = files->v[i];
    }
    return 0;
}

/* What the entry at path is, when it is not a regular file. */
static const char *entry_kind(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return lstat(path, &st) == 0 ? "a dangling symbolic link" : "unreadable";
    return S_ISDIR(st.st_mode)                          ? "a folder"
           : S_ISFIFO(st.st_mode)                       ? "a FIFO (named pipe)"
           : S_ISSOCK(st.st_mode)                       ? "a socket"
           : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
                                                        : "not a regular file";
}

/* A missing .dbf or .shx that exists as something else than a file is named as such. */
static void missing_sibling(const char *dir, const names_t *others, fk_shpset_t *s, const char *ext)
{
    char *found, path[4096];
    if (find_sibling(others, s->base, ext, &found) == 0 && found &&
        fk_shp_path(path, sizeof path, dir, found))
        snprintf(s->problem, sizeof s->problem,
                 "%.60s is %s, not a file: a shapefile needs its .%s", found, entry_kind(path),
                 ext);
    else
        snprintf(s->problem, sizeof s->problem, "no .%s beside it: a shapefile needs its .%s", ext,
                 ext);
}

static int fill_set(const char *dir, const names_t *files, const names_t *others, const char *shp,
                    fk_shpset_t *s)
{
    size_t blen = strlen(shp) - 4;
    s->shp = strdup(shp);
    s->base = strndup(shp, blen);
    if (!s->shp || !s->base)
        return -1;
    static const char *const exts[] = {"shx", "dbf", "cpg"};
    char **slots[] = {&s->shx, &s->dbf, &s->cpg};
    for (int k = 0; k < 3; k++) {
        char *found;
        if (find_sibling(files, s->base, exts[k], &found) != 0)
            snprintf(s->problem, sizeof s->problem,
                     "more than one .%s beside it (names differing only in case)", exts[k]);
        else if (found && !(*slots[k] = strdup(found)))
            return -1;
    }
    if (!s->problem[0] && !s->dbf)
        missing_sibling(dir, others, s, "dbf");
    else if (!s->problem[0] && !s->shx)
        missing_sibling(dir, others, s, "shx");
    return 0;
}

static int has_shp_ext(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcasecmp(name + n - 4, ".shp") == 0;
}

int fk_shpdir_scan(const char *dir, fk_shpdir_t *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    names_t files = {0}, others = {0};
    if (list_files(dir, &files, &others, err, errlen) != 0)
        goto fail;
    out->files = files.v;
    out->nfiles = files.n;
    out->sets = calloc(files.n ? files.n : 1, sizeof *out->sets);
    if (!out->sets) {
        fk_err(err, errlen, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < files.n; i++) {
        if (!has_shp_ext(files.v[i]))
            continue;
        if (fill_set(dir, &files, &others, files.v[i], &out->sets[out->nsets++]) != 0) {
            fk_err(err, errlen, "out of memory");
            goto fail;
        }
    }
    names_free(&others);
    return 0;
fail:
    names_free(&others);
    if (!out->files) {
        for (size_t i = 0; i < files.n; i++)
            free(files.v[i]);
        free(files.v);
    }
    fk_shpdir_free(out);
    return -1;
}

/* 1 when folder dir/sub (a folder, not a link to one) holds a .shp file. */
static int sub_has_shp(const char *dir, const char *sub)
{
    char path[4096];
    struct stat st;
    int found = 0;
    if (!fk_shp_path(path, sizeof path, dir, sub) || lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return 0;
    DIR *d = opendir(path);
    for (struct dirent *e; d && !found && (e = readdir(d));)
        found = has_shp_ext(e->d_name);
    if (d)
        closedir(d);
    return found;
}

int fk_shpdir_none(const char *dir, char *err, size_t errlen)
{
    names_t subs = {0};
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));)
        if (e->d_name[0] != '.' && sub_has_shp(dir, e->d_name) && names_push(&subs, e->d_name))
            break;
    if (d)
        closedir(d);
    int at = snprintf(err, errlen, "no shapefiles (*.shp) in %s", dir);
    if (subs.n)
        qsort(subs.v, subs.n, sizeof *subs.v, cmp_names);
    for (size_t i = 0; i < subs.n && at > 0 && (size_t)at < errlen; i++)
        at += snprintf(err + at, errlen - (size_t)at, "%s'%s'",
                       i             ? ", "
                       : subs.n == 1 ? "; but its subfolder "
                                     : "; but its subfolders ",
                       subs.v[i]);
    if (subs.n && at > 0 && (size_t)at < errlen)
        snprintf(err + at, errlen - (size_t)at, " %s: give %s with --dir",
                 subs.n == 1 ? "holds some" : "hold some", subs.n == 1 ? "it" : "each");
    for (size_t i = 0; i < subs.n; i++)
        free(subs.v[i]);
    free(subs.v);
    return -1;
}

void fk_shpdir_free(fk_shpdir_t *d)
{
    for (size_t i = 0; i < d->nsets; i++) {
        fk_shpset_t *s = &d->sets[i];
        free(s->base);
        free(s->shp);
        free(s->shx);
        free(s->dbf);
        free(s->cpg);
    }
    free(d->sets);
    for (size_t i = 0; i < d->nfiles; i++)
        free(d->files[i]);
    free(d->files);
    memset(d, 0, sizeof *d);
}

/* The headers: .shp, .shx, .dbf, and that they count the same records. */
static int check_headers(const char *dir, const fk_shpset_t *s, int for_write, fk_shpcheck_t *c,
                         char *err, size_t errlen)
{
    char path[4096], why[200];
    if (!fk_shp_path(path, sizeof path, dir, s->shp))
        return fk_err(err, errlen, "path too long");
    if (fk_shp_read_header(path, 0, &c->shp, why, sizeof why) != 0)
        return fk_err(err, errlen, "%s", why);
    if (s->problem[0]) /* a missing sibling, once the .shp itself looks like one */
        return fk_err(err, errlen, "%s", s->problem);
    if (!fk_shp_path(path, sizeof path, dir, s->shx) ||
        fk_shp_read_header(path, 1, &c->shx, why, sizeof why) != 0)
        return fk_err(err, errlen, "%s: %s", s->shx, why);
    if (!fk_shp_path(path, sizeof path, dir, s->dbf) ||
        fk_dbf_load(path, &c->dbf, why, sizeof why) != 0)
        return fk_err(err, errlen, "%s: %s", s->dbf, why);
    if (fk_shx_count(&c->shx) != c->dbf.nrec)
        return fk_err(err, errlen, "%s indexes %llu shapes but %s has %u records", s->shx,
                      (unsigned long long)fk_shx_count(&c->shx), s->dbf, c->dbf.nrec);
    c->type_name = fk_shp_type_name(c->shp.shape_type);
    /* Refuse a read-only .dbf up front, before either variant writes anything. */
    if (for_write && fk_dbf_check_writable(path) != 0)
        return fk_err(err, errlen, "%s is read-only: %s", s->dbf, strerror(errno));
    return 0;
}

int fk_shpset_check(const char *dir, const fk_shpset_t *s, int for_write, fk_shpcheck_t *c,
                    char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    if (check_headers(dir, s, for_write, c, err, errlen) != 0) {
        fk_shpcheck_free(c);
        return -1;
    }
    char cpg[64] = "", path[4096];
    if (s->cpg && fk_shp_path(path, sizeof path, dir, s->cpg))
        fk_dbf_read_cpg(path, cpg, sizeof cpg);
    fk_dbf_encoding(cpg, c->dbf.ldid, c->encoding, sizeof c->encoding);
    fk_dbf_encode_name(s->base, c->encoding, FK_DBF_NAME_MAX, &c->name);
    if (c->name.unknown || fk_dbf_decode(c->name.bytes, c->name.len, c->encoding, c->name_utf8,
                                         sizeof c->name_utf8) != 0)
        snprintf(c->name_utf8, sizeof c->name_utf8, "%s", c->name.bytes);
    return 0;
}

void fk_shpcheck_free(fk_shpcheck_t *c)
{
    fk_dbf_free(&c->dbf);
}

void fk_shpcheck_warning(const fk_shpcheck_t *c, char *buf, size_t cap)
{
    const char *enc = c->encoding[0] ? c->encoding : "UTF-8";
    if (c->name.not_utf8)
        snprintf(buf, cap,
                 "warning: the file name is not valid UTF-8 (taken as UTF-8); NAME stored "
                 "with %s",
                 fk_dbf_is_utf8(enc) ? "its bytes as they are" : "'?' for those bytes");
    else if (c->name.unknown)
        snprintf(buf, cap, "warning: encoding %s unknown to iconv; NAME stored as UTF-8", enc);
    else if (c->name.lossy)
        snprintf(buf, cap,
                 "warning: %s cannot hold every character of the name; NAME "
                 "stored with '?'",
                 enc);
    else if (c->name.truncated)
        snprintf(buf, cap, "warning: NAME cut to %zu bytes", c->name.len);
    else if (cap > 0)
        buf[0] = '\0';
}
