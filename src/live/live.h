/* live.h - dacc live: the OAuth2 client-credentials flow and the downstream
 * call, performed for real (SPEC §4 "live"); and dacc pull, an org's actions
 * read through the Platform API with the same machinery
 *
 * live.c and what only it uses (the rest of src/live/, as live_int.h says)
 * are built into dacc-live.so, the one part of dacc linked with libcurl,
 * libssl and libcrypto, so that lint, build and the rest never load them:
 * mapping and relocating libcurl and its dependencies took most of a lint
 * run's time.  The executable finds the plugin (live_load.c), dlopens it and
 * takes one symbol, dacc_live_plugin; the core functions the plugin calls
 * (cli_error, the loaders, lint's environment, ...) are exported from the
 * executable, and only those (the Makefile's live.dynlist). */
#ifndef DACC_LIVE_H
#define DACC_LIVE_H

#include <stddef.h>

#include "cmd/cli.h"

#define LIVE_PLUGIN_FILE "dacc-live.so"
#define LIVE_PLUGIN_SYMBOL "dacc_live_plugin"

struct live_plugin {
    /* DACC_VERSION and sizeof (struct options) of the build that made the
     * plugin: a plugin from another release is refused, not run */
    const char *version;
    size_t options_size;
    /* Run dacc live for OPT: set up libcurl, report to standard output in
     * OPT's format, errors that stop the run (usage, configuration) through
     * cli_error().  Returns the exit status: EXIT_CLEAN when every step was
     * verified, EXIT_FINDINGS when a check failed, EXIT_TROUBLE for a usage
     * or configuration error (in which case no request was made when it
     * could be found out beforehand).  Once per process, before any thread
     * starts. */
    int (*run)(const struct options *opt);
    /* dacc pull for OPT (pull.h): the org's actions through the Platform
     * API into -o DIR, then lint of them; or with --check, the differences
     * between the org and DIR.  Exit statuses as lint's (--check: 1 when
     * they differ); EXIT_TROUBLE when the org cannot be read.  Once per
     * process, before any thread starts. */
    int (*pull)(const struct options *opt);
};

/* In dacc-live.so (live.c). */
extern const struct live_plugin dacc_live_plugin;

/* In the executable (live_load.c): find dacc-live.so beside the executable,
 * else in ../lib/dacc/ from it (where make install puts it), load it and run
 * it for OPT.  Returns its exit status, or EXIT_TROUBLE, with one line on
 * standard error naming each path tried and why it failed, when no plugin
 * can be loaded. */
int live_command(const struct options *opt);

/* In the executable (live_load.c): dacc pull, from the same plugin, found
 * and loaded as live_command() does. */
int pull_command(const struct options *opt);

#endif
