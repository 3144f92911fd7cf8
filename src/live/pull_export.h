/* pull_export.h - an org's action entity as the admin UI exports it, its
 * bytes (JSON or YAML), and the JSON Pointers at which two actions differ
 *
 * Pure: no I/O, no libcurl; the libFuzzer target tests/fuzz/fuzz_pull.c
 * calls these directly.
 *
 * What the Platform API gives for an action (GET /api/v2/integrations/actions
 * with includeConfig, or /actions/{id}?expand=contract) is the entity: id,
 * name, integrationId, category, contract, version, secure, config, selfUri.
 * What Admin > Integrations > Actions > Export writes, and what the public
 * exports hold, is name, integrationType, actionType, config, contract,
 * secure: the integration's type in place of its id, the kind of action
 * (custom, customAuth, static: the prefix of the entity's id, "customAuth_-_"
 * + the integration's id for a custom-authentication action), and neither
 * the server-owned members nor the category (chosen at import).
 */
#ifndef DACC_PULL_EXPORT_H
#define DACC_PULL_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

/* ENTITY normalised as an export: a new object (the caller owns it) with
 * name, integrationType (INTEGRATION_TYPE, else the entity's own), actionType
 * (the entity's own, else from its id when FROM_ORG: the part before "_-_",
 * "custom" when there is none), config, contract and secure in that order,
 * then any other member in the entity's order; id, selfUri, version,
 * integrationId and category are dropped.  Nested members keep their order.
 * NULL with WHY filled when ENTITY is not an object with a non-empty name
 * (or memory ran out). */
json_t *pull_export(const json_t *entity, const char *integration_type, bool from_org, char *why, size_t whylen);

/* The bytes of EXPORT as a file: JSON with two-space indents and a final
 * newline, as dacc build writes (reals with the fewest digits that read
 * back the same), or YAML (block style, two-space indents, strings plain
 * where they read back as themselves).  A malloc'd, NUL-terminated text of
 * *LEN bytes, or NULL with WHY filled. */
char *pull_export_text(const json_t *export, bool yaml, size_t *len, char *why, size_t whylen);

/* Call SAY(CTX, POINTER) for each JSON Pointer (RFC 6901) at which A and B
 * differ, in A's order and then B's: a member or item only one has, or a
 * value of another type or value (an object or array is entered, not
 * reported whole).  At most LIMIT pointers are said; returns how many
 * differences there are in all (counted past LIMIT), or -1 when memory ran
 * out. */
long pull_diff(const json_t *a, const json_t *b, void (*say)(void *ctx, const char *pointer), void *ctx,
               size_t limit);

#endif
