/* runner.h: helpers of the kernel commands that other commands reuse. */
#ifndef FK_RUNNER_H
#define FK_RUNNER_H

#include <stddef.h>

/* The current UTC time as ISO 8601 ("2026-11-25T21:30:00Z"). */
void fk_utc_timestamp(char *buf, size_t len);

#endif
