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
#include "core/node.h"

#define BUILD_MANIFEST "secrets.manifest.json"
#define BUILD_TERRAFORM "actions.tf"
#define BUILD_SLUG_MAX 100

/* Run `dacc build` for OPT; reports go to standard output, problems to
 * standard error through cli_error().  Returns EXIT_CLEAN; EXIT_FINDINGS when
 * lint failed or an action cannot be built (nothing is written then); or
 * EXIT_TROUBLE for a file that cannot be read or written (files already
 * written stay, each complete). */
int build_run(const struct options *opt);

/* The file-name slug of NAME[0..LEN): ASCII letters and digits lower-cased,
 * every other run of bytes one '-', none at either end, at most
 * BUILD_SLUG_MAX bytes.  OUT needs BUILD_SLUG_MAX + 1 bytes; returns the
 * length (0 when NAME has no ASCII letter or digit). */
size_t build_slug(const char *name, size_t len, char out[BUILD_SLUG_MAX + 1]);

#define BUILD_FILE_MAX (BUILD_SLUG_MAX + sizeof ".customAuth.json")

/* The import file ACTION builds to ("get-order.custom.json"; a name without
 * an ASCII letter or digit gives "action-" and 12 hex digits of its SHA-256)
 * into OUT.  Returns the length of its slug part, or 0 (OUT empty) when the
 * action has no usable name or the digest failed. */
size_t build_file_name(const struct node *action, char out[BUILD_FILE_MAX]);

/* Rewrite every "{{ secrets.X }}" of S[0..LEN) as "<< secrets.X >>", also
 * inside Velocity call arguments; all else is copied as it is.  Returns a
 * malloc'd NUL-terminated string (*OUTLEN its length) that the caller frees;
 * NULL with *BAD set when a "{{ secrets..." would be left (a placeholder that
 * is not exactly one name, or one inside another construct), NULL with *BAD
 * clear when memory runs out. */
char *build_rewrite_secrets(const char *s, size_t len, size_t *outlen, int *bad);

#endif
