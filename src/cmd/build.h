/* build.h - dacc build: clean definitions -> Genesys Cloud import JSON
 *
 * Lints OPT->paths with the same options as `dacc lint`; when anything fails
 * (an error, or with --strict a warning, or a file that cannot be read) it
 * prints that report just as lint would and writes nothing.  Otherwise it
 * loads every file again and builds each action in memory: the export shape
 * (name, integrationType, actionType, category, secure, config, contract,
 * then the other members in source order; id, selfUri, version and
 * integrationId dropped), every "{{ secrets.X }}" rewritten "<< secrets.X >>".
 * Only when every action has built, and no two give one file name, does it
 * write DIR/<slug>.custom.json (.customAuth.json for custom-authentication
 * actions), DIR/actions.tf with --emit terraform, and DIR/secrets.manifest.json
 * last, each atomically (fsutil.h).  The same input gives the same bytes.
 */
#ifndef DACC_BUILD_H
#define DACC_BUILD_H

#include <stddef.h>

#include "cmd/cli.h"

#define BUILD_MANIFEST "secrets.manifest.json"
#define BUILD_TERRAFORM "actions.tf"

/* Run `dacc build` for OPT; reports go to standard output, problems to
 * standard error through cli_error().  Returns EXIT_CLEAN; EXIT_FINDINGS when
 * lint failed or an action cannot be built (nothing is written then); or
 * EXIT_TROUBLE for a file that cannot be read or written (files already
 * written stay, each complete). */
int build_run(const struct options *opt);

/* Rewrite every "{{ secrets.X }}" of S[0..LEN) as "<< secrets.X >>", also
 * inside Velocity call arguments; all else is copied as it is.  Returns a
 * malloc'd NUL-terminated string (*OUTLEN its length) that the caller frees;
 * NULL with *BAD set when a "{{ secrets..." would be left (a placeholder that
 * is not exactly one name, or one inside another construct), NULL with *BAD
 * clear when memory runs out. */
char *build_rewrite_secrets(const char *s, size_t len, size_t *outlen, int *bad);

#endif
