/* SPDX-License-Identifier: MIT */
/* home.h: where forkomp finds its own files (the gnuplot script, the real-data fetcher) and
 * keeps its dataset cache, found from the binary's own path, so that the same binary works in
 * the build tree and after `make install`, from any working directory:
 *   FORKOMP_HOME set        that folder, laid out like the source tree (the tests use it);
 *   installed               PREFIX/bin/forkomp beside PREFIX/share/forkomp/: the files there,
 *                           the cache in $XDG_CACHE_HOME/forkomp (else ~/.cache/forkomp);
 *   in a source tree        the tree the binary sits in (bin/, build/san/bin/ below it): the
 *                           files in place, the cache in datasets/cache/;
 *   anywhere else           no files; the cache as when installed. */
#ifndef FK_HOME_H
#define FK_HOME_H

#include <stddef.h>

/* The path of one of forkomp's files, named by its place in the source tree (for example
 * "results/forkomp.gp"; installed, share/forkomp/ holds it under its base name). Returns 0
 * when it is readable, else -1 (path still holds where it was looked for, for messages). */
int fk_data_file(const char *tree_path, char *path, size_t len);

/* The folder of the dataset cache (not created here). Returns 0, or -1 when there is no
 * home folder to put it in. */
int fk_cache_dir(char *path, size_t len);

#endif
