/* pull.h - dacc pull's entry in dacc-live.so (live.h's struct live_plugin) */
#ifndef DACC_PULL_H
#define DACC_PULL_H

#include "cmd/cli.h"

/* dacc pull for OPT; its exit status (live.h). */
int pull_main(const struct options *opt);

#endif
