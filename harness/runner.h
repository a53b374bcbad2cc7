/* runner.h: helpers of the kernel commands that other commands reuse. */
#ifndef FK_RUNNER_H
#define FK_RUNNER_H

#include <stddef.h>

#include "model.h"

/* The current UTC time as ISO 8601 ("2026-11-25T21:30:00Z"). */
void fk_utc_timestamp(char *buf, size_t len);

/* Parses --fault KIND:I (crash, hang, exit) into f; NULL spec: no fault. Returns 0, or -1
 * with a message in err. */
int fk_parse_fault(const char *spec, fk_fault_t *f, char *err, size_t errlen);

#endif
