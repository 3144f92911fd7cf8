/* emit_tf.h - built actions as CX as Code (Terraform) resources
 *
 * Each action becomes a genesyscloud_integration_action resource (a
 * custom-authentication action a genesyscloud_integration_custom_auth_action,
 * the provider's resource for the one action that a custom-auth integration
 * carries), laid out the way `terraform fmt` leaves it: two-space indents and
 * the '=' of consecutive one-line attributes aligned.  Every "${" of a
 * Velocity template is written "$${" and every "%{" "%%{", so Terraform passes
 * the template through instead of interpolating it; contracts are
 * jsonencode(...) of the schema written as an HCL object.
 *
 * A static action is left out: the provider documents that static actions are
 * Genesys Cloud's own and cannot be created through the API.  Each
 * integrationType gets its own variable for the integration's ID, so actions
 * of different integrations never share one.  versions.tf says which provider
 * (and from which release) the resources need.
 */
#ifndef DACC_EMIT_TF_H
#define DACC_EMIT_TF_H

#include <stdbool.h>
#include <stddef.h>

struct json_t;

/* The file beside actions.tf that names the provider, and the releases of it
 * the resources need: v1.24.0 is the first with every resource and attribute
 * emitted (genesyscloud_integration_action came in v0.9.0,
 * config_timeout_seconds in v1.14.0, genesyscloud_integration_custom_auth_action
 * in v1.24.0). */
#define EMIT_TF_VERSIONS "versions.tf"
#define EMIT_TF_PROVIDER_SOURCE "mypurecloud/genesyscloud"
#define EMIT_TF_PROVIDER_VERSION ">= 1.24.0"

struct tf_action {
    const char *slug;          /* the action's file-name slug; gives the resource label */
    struct json_t *action;     /* the built import object (borrowed) */
    bool custom_auth;
};

/* True when ACTION is one the provider cannot create (a static action): it
 * has no resource in actions.tf. */
bool emit_tf_left_out(const struct json_t *action);

/* The Terraform text for N actions in that order, those emit_tf_left_out()
 * names skipped: a header comment, the variables they use (one integration ID
 * per integrationType, integration_id_<type with '_' for each character other
 * than a letter, digit or '_'>, or integration_id for actions that name none;
 * action_category when an action has no category), then one resource each.
 * Returns a malloc'd NUL-terminated string (*LEN its length) that the caller
 * frees; NULL with ERR filled when two integration types would give one
 * variable name or memory runs out. */
char *emit_tf(const struct tf_action *acts, size_t n, size_t *len, char *err, size_t errlen);

/* The text of versions.tf: the required_providers block naming
 * EMIT_TF_PROVIDER_SOURCE at EMIT_TF_PROVIDER_VERSION (a static string, LEN its length). */
const char *emit_tf_versions(size_t *len);

/* Write S[0..LEN) into OUT as an HCL quoted string (with the quotes), escaping
 * '"', '\', control characters, "${" and "%{".  Returns the length the full
 * text needs (like snprintf: OUT holds at most OUTLEN-1 bytes of it and a NUL). */
size_t emit_tf_quote(const char *s, size_t len, char *out, size_t outlen);

#endif
