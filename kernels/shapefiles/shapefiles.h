/* SPDX-License-Identifier: MIT */
/* shapefiles.h: the shapefile kernel: one task per shapefile of a folder, each replacing the
 * TYPE and NAME fields of its .dbf (variants raw and ogr). */
#ifndef FK_SHAPEFILES_H
#define FK_SHAPEFILES_H

#include "kernels/kernel.h"

extern const fk_kernel_ops_t fk_kernel_shapefiles;

#endif
