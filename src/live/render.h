/* render.h - filling in a Velocity template the way Genesys Cloud does, for dacc live
 *
 * Handles what data action requests use: ${input.x}, $!{input.x}, $input.x,
 * ${credentials.X}, {{ secrets.X }}, << secrets.X >>, and the one-argument
 * calls $esc.url(...), $esc.jsonString(...) and $encoding.base64(...) whose
 * argument is a reference, a "double-quoted" template or a 'literal'.  In a
 * success template, ${alias} and ${rawResult} take the values the caller
 * gives.  References are found with template.h's scanner.
 *
 * Every rendering comes twice: the text to send, and the text to show, in
 * which everything derived from a secret reads "[secret NAME]" (or
 * "[FUNCTION: ...]" around one), so that a report can show a request without
 * ever showing a secret.
 */
#ifndef DACC_RENDER_H
#define DACC_RENDER_H

#include <stdbool.h>
#include <stddef.h>

enum render_ref {
    RENDER_INPUT,     /* ${input.NAME} */
    RENDER_SECRET,    /* ${credentials.NAME}, {{ secrets.NAME }}, << secrets.NAME >> */
    RENDER_ALIAS,     /* ${NAME} in a success template (rawResult included) */
};

/* Where values come from.  Each lookup returns the value (borrowed; it must
 * stay valid while rendering), or NULL when there is none.  A NULL callback
 * finds nothing. */
struct render_vars {
    const char *(*lookup)(void *ctx, enum render_ref kind, const char *name, size_t len);
    /* Called for every reference to an input or a secret that has no value
     * (not for $!{...}, which renders as nothing); the reference itself is
     * then kept in the text, as Velocity does. */
    void (*missing)(void *ctx, enum render_ref kind, const char *name, size_t len);
    /* URL-encoding for $esc.url(): a malloc'd string, NULL when memory ran out. */
    char *(*url_escape)(void *ctx, const char *s, size_t len);
    /* Called (when not NULL) with the result of every call applied to text
     * that holds a secret: $esc.url(${credentials.x}), the base64 of an
     * "id:secret" pair ...: the forms in which secrets are sent, so that a
     * caller can keep them out of what it shows.  TEXT[0..LEN) is borrowed. */
    void (*derived)(void *ctx, const char *text, size_t len);
    void *ctx;
    /* A success template: what cannot be rendered (directives, calls other
     * than those above) is kept as it is instead of failing. */
    bool lenient;
    /* Secrets show as "[secret]", without their names (a name may itself be
     * a credential pasted where the name goes). */
    bool hide_names;
};

/* A rendered template.  Both strings are malloc'd and NUL-terminated;
 * render_result_free() releases them. */
struct render_result {
    char *text;              /* what is sent */
    size_t len;
    char *shown;             /* what may be shown: secrets masked */
    size_t shown_len;
    bool secret;             /* some part came from a secret */
    bool partial;            /* lenient: something was kept unrendered */
};

enum render_status {
    RENDER_OK,
    RENDER_NOMEM,
    RENDER_UNSUPPORTED,      /* ERR says what and where */
};

struct render_error {
    size_t offset;           /* byte offset of the reference in the template */
    char what[160];          /* never quotes a value */
};

/* Render S[0..LEN) with VARS into OUT (zeroed by the call).  On a status
 * other than RENDER_OK, OUT holds nothing to free. */
enum render_status render_template(const char *s, size_t len, const struct render_vars *vars,
                                   struct render_result *out, struct render_error *err);

void render_result_free(struct render_result *r);

/* JSON string escaping, without the quotes ($esc.jsonString): a malloc'd
 * NUL-terminated string (*OUTLEN its length), or NULL when memory ran out. */
char *render_json_escape(const char *s, size_t len, size_t *outlen);

#endif
