/* live.h - dacc live: the OAuth2 client-credentials flow and the downstream
 * call, performed for real (SPEC §4 "live") */
#ifndef DACC_LIVE_H
#define DACC_LIVE_H

#include "cli.h"

/* Once per process, before any thread starts and before live_run(): set up
 * and tear down libcurl (and the TLS library under it).  live_global_init()
 * returns 0, or -1 when libcurl cannot start. */
int live_global_init(void);
void live_global_cleanup(void);

/* Run dacc live for OPT: report to standard output in OPT's format, errors
 * that stop the run (usage, configuration) through cli_error().  Returns the
 * exit status: EXIT_CLEAN when every step was verified, EXIT_FINDINGS when a
 * check failed, EXIT_TROUBLE for a usage or configuration error (in which
 * case no request was made when it could be found out beforehand). */
int live_run(const struct options *opt);

#endif
