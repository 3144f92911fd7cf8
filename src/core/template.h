/* template.h - Velocity references, secret placeholders and form bodies inside strings
 *
 * Genesys Cloud templates are Apache Velocity: ${input.x}, $!{input.x},
 * $input.x, ${credentials.x}, $esc.url(...), ${rawResult}, and the secret
 * placeholders {{ secrets.X }} and << secrets.X >> (also {{ flow.X }}).  This
 * module finds them; it never prints, and only tpl_json_sample() allocates.
 */
#ifndef DACC_TEMPLATE_H
#define DACC_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

enum tpl_kind {
    TPL_VELOCITY,    /* ${...}, $!{...}, $name.prop, $name.call(...) */
    TPL_SECRET,      /* {{ secrets.NAME }} or << secrets.NAME >> */
    TPL_MUSTACHE,    /* any other {{ ... }}, such as {{ flow.X }} */
    TPL_DIRECTIVE,   /* #if(...), #set(...), #foreach(...), #end, #else ... */
    TPL_BROKEN,      /* ${ or $!{ or {{ or << without its closing, or unbalanced ( */
};

struct tpl_ref {
    enum tpl_kind kind;
    size_t start, end;        /* byte span [start, end) in the scanned string */
    const char *root;         /* first identifier: input, credentials, esc, secrets, flow ... */
    size_t root_len;
    const char *name;         /* the identifier after "root.", if any (input.X -> X) */
    size_t name_len;
    bool braced;              /* ${...} rather than $name */
    bool quiet;               /* $!... */
    bool angle;               /* << secrets.X >> rather than {{ secrets.X }} */
    size_t inner_start, inner_end;  /* what may hold nested references: call arguments,
                                       the body of ${...}; empty when none */
};

/* Find the next reference in S[*POS..LEN).  Returns true and fills REF (and
 * moves *POS past it), or false at the end.  "\$" and a "$" not followed by a
 * name are text. */
bool tpl_next(const char *s, size_t len, size_t *pos, struct tpl_ref *ref);

/* What a tpl_walk() visitor says after seeing a reference. */
enum tpl_walk_step {
    TPL_WALK_ON,     /* go on, into the reference's call arguments or ${...} body too */
    TPL_WALK_OVER,   /* go on, but not into this reference */
    TPL_WALK_STOP,   /* stop the walk */
};

#define TPL_WALK_DEPTH 16 /* nesting levels walked into; deeper references are not visited */

typedef enum tpl_walk_step tpl_visit_fn(const char *s, const struct tpl_ref *ref, void *ctx);

/* Call VISIT with CTX for every reference of S[0..LEN) in order, and for the
 * references nested in each (call arguments, ${...} bodies) right after it,
 * up to TPL_WALK_DEPTH levels.  Spans in REF are offsets into S.  Returns
 * true when a visitor stopped the walk. */
bool tpl_walk(const char *s, size_t len, tpl_visit_fn *visit, void *ctx);

struct node;

/* The exact spelling of REF's root when it differs only in case from a name
 * Velocity resolves (input, credentials, esc, rawResult, encoding, math,
 * successTemplateUtils, date, number, or a key of ALIASES, the translation
 * map, when not NULL), or NULL.  The spelling has REF's root_len bytes. */
const char *tpl_miscased_root(const struct tpl_ref *ref, const struct node *aliases);

/* A template value of an action, with the aliases its references may use (the
 * translation map's members for the success template, else NULL). */
typedef void tpl_value_fn(const struct node *value, const struct node *aliases, void *ctx);

/* Call FN for each value of ACTION that Velocity renders, in this order: the
 * URL, each header, the request body, the success template.  Values that are
 * not strings are passed too (FN tells). */
void tpl_each_value(const struct node *action, tpl_value_fn *fn, void *ctx);

/* True when REF's root is ROOT exactly (Velocity names are case-sensitive). */
bool tpl_root_is(const struct tpl_ref *ref, const char *root);

/* True when REF (found in S) is a {{ secrets.NAME }} placeholder whose body is
 * "secrets.NAME" and nothing else (blanks aside), NAME letters, digits and
 * '_': the form build rewrites as << secrets.NAME >>. */
bool tpl_secret_is_plain(const char *s, const struct tpl_ref *ref);

/* The number of literal bytes in S once references, the fixed syntax around
 * them (quotes, colons, spaces, "Basic ", "Bearer " ...) and broken openers
 * are taken out, counting the literal text inside quoted call arguments: 0
 * means S is built only from references and is never a literal secret. */
size_t tpl_literal_len(const char *s, size_t len);

/* The literal bytes inside quoted arguments of calls such as
 * $encoding.base64("user:pass") (references inside them do not count). */
size_t tpl_args_literal_len(const char *s, size_t len);

/* Copy S into OUT (at most OUTLEN-1 bytes, NUL-terminated) with every
 * reference (a broken one too) replaced by REPL; returns the length written. */
size_t tpl_strip(const char *s, size_t len, char *out, size_t outlen, const char *repl);

/* One key=value parameter of a form body (k=v&k2=v2); spans are raw (not
 * decoded) bytes of the body; a parameter without '=' has an empty value. */
struct tpl_param {
    size_t key_start, key_end;
    size_t value_start, value_end;
};

/* The next parameter of form body S from *POS, splitting on '&' outside
 * references.  Returns false at the end. */
bool tpl_form_next(const char *s, size_t len, size_t *pos, struct tpl_param *param);

/* URL-decode S into OUT ('+' is a space, %XX a byte); bad escapes are kept as
 * they are.  Returns the length written (at most OUTLEN-1, NUL-terminated). */
size_t tpl_url_decode(const char *s, size_t len, char *out, size_t outlen);

/* True when S looks like a form body rather than JSON or free text:
 * name=value pairs joined by '&'. */
bool tpl_is_form(const char *s, size_t len);

/* The text a reference inside a JSON string stands for in tpl_json_sample(). */
#define TPL_SAMPLE_TEXT "dacc-sample"

/* A JSON request template with every reference replaced by a sample value:
 * TPL_SAMPLE_TEXT inside a JSON string, 0 elsewhere (a bare reference may
 * stand for any JSON, so *BARE_NEAR records the output offsets where bare
 * samples start, up to MAXBARE of them, and *NBARE their number).  Returns a
 * malloc'd NUL-terminated string (*OUTLEN its length) that the caller frees,
 * or NULL when the template holds Velocity directives (#if, #foreach ...) and
 * cannot be sampled, or memory runs out. */
char *tpl_json_sample(const char *s, size_t len, size_t *outlen, size_t *bare_near,
                      size_t *nbare, size_t maxbare);

/* The offset in the template S of byte OUT_OFFSET of its JSON sample (the
 * start of the reference when the byte belongs to a sample value). */
size_t tpl_json_sample_origin(const char *s, size_t len, size_t out_offset);

#endif
