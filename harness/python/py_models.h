/* SPDX-License-Identifier: MIT */
/* py_models.h: the models of `forkomp python`: Python's own ways to run a function over
 * inputs. Each is described as a model (name, summary, role) so the engine's entries, the
 * table and the report treat its rows as they treat forkomp's own models; Python runs them
 * (fk_pyrun.py), so they have no shape or run of their own. */
#ifndef FK_PY_MODELS_H
#define FK_PY_MODELS_H

#include "harness/models/model.h"

/* NULL-terminated. */
extern const fk_model_ops_t *const fk_py_models[];

const fk_model_ops_t *fk_py_find_model(const char *name);
/* The role of a Python model's name (the report's processes-or-threads), -1 when none. */
int fk_py_model_role(const char *name);
/* The thread model a Python process model is compared with (the same API's threads:
 * multiprocessing.Pool with ThreadPool, ProcessPoolExecutor with ThreadPoolExecutor), NULL
 * for a name that has none. */
const char *fk_py_model_peer(const char *name);

#endif
