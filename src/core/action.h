/* action.h - questions about a data action that several rules ask */
#ifndef DACC_ACTION_H
#define DACC_ACTION_H

#include <stdbool.h>
#include <stddef.h>

#include "core/node.h"
#include "core/ruledata.h"
#include "core/template.h"

/* The actions a document holds when it holds several: ROOT itself when it is
 * an array, its "entities" array when it is an API listing; NULL when ROOT is
 * one action. */
const struct node *action_list(const struct node *root);

/* What a loaded document is, by its members (SPEC: a data action, an array
 * of them, or an API listing {"entities": [...]}).  Every public export has
 * name, config and contract, nearly all actionType, integrationType and
 * secure; only "name" (and "config", in a package.json) is common elsewhere.
 * So an object is an action when it has a member no other kind of file has
 * at its top (contract, actionType, integrationType, integrationId, secure,
 * or a config holding request or response), or when every member it has is
 * one an action has (name, category, description, config; {} too).  Names
 * are compared without regard to case.  A broken action (config missing, a
 * key misspelt) keeps the others and is still checked; a package.json, a
 * workflow or a Kubernetes manifest has members no action has. */
enum action_doc {
    ACTION_DOC_NONE,     /* no action in it: a root scalar, [], a workflow, package.json ... */
    ACTION_DOC_ONE,      /* one action */
    ACTION_DOC_LIST,     /* an array or an API listing with at least one action in it */
};

/* Whether object OBJ is a data action by its members (see enum action_doc). */
bool action_looks_like_one(const struct node *obj);

/* What the document whose root is ROOT is (see enum action_doc). */
enum action_doc action_doc_kind(const struct node *root);

/* config.request, or NULL. */
const struct node *action_request(const struct node *action);

/* The name reports give ACTION, the INDEX-th of its file, into OUT: its
 * "name", or "#INDEX" when it has none (SPEC's "action"). */
void action_display_name(const struct node *action, size_t index, char *out, size_t outlen);

/* The header NAME (compared without regard to case), or NULL. */
const struct node *action_header(const struct node *action, const char *name);

bool action_is_custom_auth(const struct node *action);

#define ACTION_SLUG_MAX 100
#define ACTION_IMPORT_NAME_MAX (ACTION_SLUG_MAX + sizeof ".customAuth.json")

/* The file-name slug of NAME[0..LEN): ASCII letters and digits lower-cased,
 * every other run of bytes one '-', none at either end, at most
 * ACTION_SLUG_MAX bytes.  OUT needs ACTION_SLUG_MAX + 1 bytes; returns the
 * length (0 when NAME has no ASCII letter or digit). */
size_t action_slug(const char *name, size_t len, char out[ACTION_SLUG_MAX + 1]);

/* The import file ACTION builds to ("get-order.custom.json"; a name without
 * an ASCII letter or digit gives "action-" and 12 hex digits of its SHA-256)
 * into OUT.  Returns the length of its slug part, or 0 (OUT empty) when the
 * action has no usable name or the digest failed.  dacc build writes it;
 * the duplicate-name rule compares it. */
size_t action_import_name(const struct node *action, char out[ACTION_IMPORT_NAME_MAX]);

/* An OAuth2 token request (SPEC §3): a custom-authentication action, a URL
 * path ending in /token (/oauth/token, /oauth2/token, /oauth2/v2.0/token ...),
 * or grant_type sent anywhere: form or JSON body, query, or a header. */
bool action_is_token_request(const struct node *action);

enum body_kind {
    BODY_NONE,      /* no request template, or an empty one */
    BODY_FORM,      /* name=value&... */
    BODY_JSON,      /* starts with { or [ */
    BODY_OTHER,     /* ${input.rawRequest} or other text */
};

enum body_kind action_body_kind(const struct node *action);

/* Find form parameter KEY (compared after URL-decoding) in the form text S. */
bool action_form_find(const char *s, size_t len, const char *key, struct tpl_param *out);

/* The query string of URL (after '?', before '#'), or NULL; *LEN its length. */
const char *action_url_query(const char *url, size_t *len);

/* The string member NAME at the top of the JSON request template S (LEN
 * bytes), as tpl_json_sample() fills the template in: into OUT, cut at
 * OUTLEN-1 bytes and NUL-terminated; *FROM_REF is set when a reference stood
 * somewhere in it (its text is then partly TPL_SAMPLE_TEXT).  False when the
 * template does not sample to JSON, or has no string NAME at its top. */
bool action_json_string(const char *s, size_t len, const char *name, char *out, size_t outlen, bool *from_ref);

/* The OAuth client a token request authenticates as, the way .dacc.yaml's
 * scopes.granted names it: the literal client_id, or the name of the secret
 * or credential it comes from ({{ secrets.X }}, << secrets.X >> and
 * ${credentials.X} give X).  Looked for in the form body, the URL query, a
 * JSON body and a Basic Authorization header built with
 * $encoding.base64("<client>:<secret>").  Writes at most OUTLEN-1 bytes and a
 * NUL to OUT and returns the length; 0 when the request names no client this
 * way (or one built from several pieces). */
size_t action_client(const struct node *action, char *out, size_t outlen);

/* True when S[0..LEN) is an obvious placeholder (rules/secrets.yaml's
 * placeholders), alone or after an auth scheme: "Bearer YOUR_TOKEN_HERE",
 * "<token>", "xxxx", "changeme".  One word, no reference, not empty: the
 * text a credential position sends as it is. */
bool action_placeholder_value(const struct ruledata *rd, struct pattern_scratch *scratch, const char *s, size_t len);

#endif
