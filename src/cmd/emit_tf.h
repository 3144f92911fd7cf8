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
 */
#ifndef DACC_EMIT_TF_H
#define DACC_EMIT_TF_H

#include <stdbool.h>
#include <stddef.h>

struct json_t;

struct tf_action {
    const char *slug;          /* the action's file-name slug; gives the resource label */
    struct json_t *action;     /* the built import object (borrowed) */
    bool custom_auth;
};

/* The Terraform text for N actions in that order: a header comment, the
 * variables they use (integration_id; action_category when an action has no
 * category), then one resource each.  Returns a malloc'd NUL-terminated
 * string (*LEN its length) that the caller frees, or NULL when memory runs out. */
char *emit_tf(const struct tf_action *acts, size_t n, size_t *len);

/* Write S[0..LEN) into OUT as an HCL quoted string (with the quotes), escaping
 * '"', '\', control characters, "${" and "%{".  Returns the length the full
 * text needs (like snprintf: OUT holds at most OUTLEN-1 bytes of it and a NUL). */
size_t emit_tf_quote(const char *s, size_t len, char *out, size_t outlen);

#endif
