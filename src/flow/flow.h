/* flow.h - Architect flows written as Archy YAML, and the data actions they call
 *
 * The flow stage as a library: which documents are flows, the {{KEY}}
 * substitutions Archy and the Terraform provider apply before parsing (with a
 * map back to the original file's positions), the Call Data Action steps of a
 * flow, and the contract of a data action as a flow sees it (its input
 * properties and its flattened success outputs).  ../shared/ARCHY-RESEARCH.md
 * tells where each shape comes from.
 *
 * Nothing here prints, keeps state between calls or quotes a value in a
 * message.  Nodes returned point into the caller's document, which must
 * outlive what refers to them.
 */
#ifndef DACC_FLOW_H
#define DACC_FLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/node.h"
#include "core/source.h"

enum flow_status {
    FLOW_OK,
    FLOW_ERROR,   /* the message buffer given is filled */
    FLOW_NOMEM,
};

/* ---- flow types ---------------------------------------------------------- */

enum flow_type {
    FLOW_NONE = 0,   /* not a flow */
    FLOW_BOT,
    FLOW_BOT_FLOW,
    FLOW_COMMON_MODULE,
    FLOW_DIGITAL_BOT,
    FLOW_DIGITAL_BOT_FLOW,
    FLOW_EMAIL_SEND,
    FLOW_INBOUND_CALL,
    FLOW_INBOUND_CHAT,
    FLOW_INBOUND_EMAIL,
    FLOW_INBOUND_SHORT_MESSAGE,
    FLOW_INQUEUE_CALL,
    FLOW_INQUEUE_EMAIL,
    FLOW_INQUEUE_SHORT_MESSAGE,
    FLOW_OUTBOUND_CALL,
    FLOW_SECURE_CALL,
    FLOW_SURVEY_INVITE,
    FLOW_VOICE,
    FLOW_VOICE_SURVEY,
    FLOW_VOICEMAIL,
    FLOW_WORKFLOW,
    FLOW_WORKITEM,
};

/* The flow type ROOT (a loaded document's root) declares: its one top-level
 * key, when that key is an Archy flow type (exactly, case included);
 * FLOW_NONE for anything else (no mapping, several keys, another key). */
enum flow_type flow_doc_type(const struct node *root);

/* The type named S[0..LEN) ("inboundCall"), or FLOW_NONE. */
enum flow_type flow_type_parse(const char *s, size_t len);

/* The Archy key of TYPE ("inboundCall"); "" for FLOW_NONE. */
const char *flow_type_name(enum flow_type type);

/* Voice flow types take no failureOutputs: inboundCall, inqueueCall,
 * outboundCall, secureCall, voice, voiceSurvey, voicemail and bot. */
bool flow_type_is_voice(enum flow_type type);

/* ---- substitutions -------------------------------------------------------- */

/* The most substitutions a run holds, and the longest key or value. */
#define FLOW_SUBST_MAX_ITEMS 4096
#define FLOW_SUBST_MAX_KEY 256
#define FLOW_SUBST_MAX_VALUE ((size_t)1 << 20)

struct flow_subst {
    char *key;           /* owned, NUL-terminated; never holds '{', '}' or a line break */
    size_t key_len;
    char *value;         /* owned, NUL-terminated; may hold anything (it may be a secret: never printed) */
    size_t value_len;
};

/* KEY -> VALUE pairs in the order first set.  Zero it to start; free with
 * flow_substs_free(). */
struct flow_substs {
    struct flow_subst *items;
    size_t n, cap;
};

/* Set KEY to VALUE, replacing an earlier value of KEY (so a later source wins:
 * .dacc.yaml, then --subst-file, then --subst).  FLOW_ERROR (ERR filled) for
 * an empty key, a key with '{', '}' or a control character, too long a key or
 * value, or more than FLOW_SUBST_MAX_ITEMS keys. */
enum flow_status flow_substs_set(struct flow_substs *s, const char *key, size_t key_len, const char *value,
                                 size_t value_len, char *err, size_t errlen);

/* "KEY=VALUE" (the first '=' splits; the value may be empty), as --subst. */
enum flow_status flow_substs_parse_arg(struct flow_substs *s, const char *arg, char *err, size_t errlen);

/* Add the substitutions of the YAML or JSON file PATH (at most MAX_BYTES):
 * a mapping KEY: VALUE, or an Archy options file whose "substitutions" member
 * is that mapping (its other members are ignored).  Values are strings,
 * integers or booleans (written as YAML writes them: true, 42); anything else
 * is an error naming the key and its line (the caller names the file; ERR
 * never quotes a value).  An empty file, or one of comments only, adds
 * nothing.  Members before a bad one stay added. */
enum flow_status flow_substs_read(struct flow_substs *s, const char *path, size_t max_bytes, char *err,
                                  size_t errlen);

/* The value of KEY, or NULL. */
const struct flow_subst *flow_substs_get(const struct flow_substs *s, const char *key, size_t key_len);

void flow_substs_free(struct flow_substs *s);

/* A {{NAME}} in a text: bytes [start, end) are the whole placeholder, NAME is
 * [name, name + name_len).  NAME is not empty and holds no '{', '}' or line
 * break; it may hold spaces ("{{ x }}" is the placeholder " x ", which no key
 * matches, as the Terraform provider's plain replace does not). */
struct flow_placeholder {
    size_t start, end, name, name_len;
};

/* The next placeholder of S[0..LEN) at or after *POS; *POS moves past it.
 * False when there is none. */
bool flow_placeholder_next(const char *s, size_t len, size_t *pos, struct flow_placeholder *ph);

/* What an unresolved {{NAME}} is rewritten to when FLOW_SUBST_MARK is asked:
 * U+27E6 NAME U+27E7, so that an unquoted "{{prefix}}-Lambda:" key still
 * parses (as the plain key "⟦prefix⟧-Lambda") and the call that names it can
 * be told apart (flow_has_unresolved). */
#define FLOW_MARK_OPEN "\xE2\x9F\xA6"
#define FLOW_MARK_CLOSE "\xE2\x9F\xA7"

/* True when S[0..LEN) holds a {{…}} placeholder or a marked one. */
bool flow_has_unresolved(const char *s, size_t len);

/* One replaced stretch: bytes [at, at + len) of the substituted text stand
 * for bytes [orig_at, orig_at + orig_len) of the original. */
struct flow_edit {
    size_t at, len, orig_at, orig_len;
};

#define FLOW_MAX_UNRESOLVED 64
#define FLOW_UNRESOLVED_NAME 128

/* A placeholder no substitution resolved: its name (cut to 127 bytes) and
 * where it first stands in the original. */
struct flow_unresolved {
    char name[FLOW_UNRESOLVED_NAME];
    unsigned line, col;
};

/* A source with its substitutions applied, and the way back. */
struct flow_text {
    struct source src;              /* the substituted text, named as the original; owned */
    const struct source *orig;      /* borrowed: the original, which must outlive this */
    struct flow_edit *edits;        /* owned, in text order */
    size_t nedits;
    struct flow_unresolved *unresolved;   /* owned; distinct names in order of first use */
    size_t nunresolved;
    bool unresolved_more;           /* more than FLOW_MAX_UNRESOLVED distinct names */
};

enum flow_subst_flags {
    FLOW_SUBST_PLAIN = 0,
    FLOW_SUBST_MARK = 1,   /* rewrite unresolved {{NAME}} as FLOW_MARK_OPEN NAME FLOW_MARK_CLOSE */
};

/* Replace every {{KEY}} of ORIG's text by KEY's value in one pass from the
 * start (a value is not searched again), into OUT (zeroed by this call; free
 * with flow_text_free()).  The text may grow to MAX_BYTES (a source's limit,
 * 16 MiB by default): FLOW_ERROR with ERR filled beyond that.  ORIG must have
 * its line index (source_read and source_from_bytes make one). */
enum flow_status flow_substitute(const struct source *orig, const struct flow_substs *s, int flags,
                                 size_t max_bytes, struct flow_text *out, char *err, size_t errlen);

struct load_limits;

/* Whether SRC, which loaded with status LOAD_STATUS (an enum load_status)
 * into DOC, is an Architect flow: DOC's one key is a flow type, or, when SRC
 * did not load and holds "{{", it loads to one once each {{KEY}} is replaced
 * from S (NULL: none) and the rest marked (unquoted "{{prefix}}-Lambda:" keys
 * are no YAML before).  1 or 0; -1 when memory runs out. */
int flow_source_is_flow(const struct source *src, const struct doc *doc, int load_status,
                        const struct flow_substs *s, const struct load_limits *lim, size_t max_bytes);

/* The original line and column of LINE:COL of the substituted text: a
 * position inside a replaced value is the placeholder's start; any other
 * position keeps its place in the original text (same column when the line
 * holds no replacement before it).  Columns in code points, 1-based. */
void flow_text_position(const struct flow_text *t, unsigned line, unsigned col, unsigned *oline,
                        unsigned *ocol);

/* Rewrite every position of DOC (loaded from T->src) to the original file's:
 * values, member names and the YAML spans of doc->hashed.  A no-op when no
 * text was replaced. */
void flow_text_remap(const struct flow_text *t, struct doc *doc);

void flow_text_free(struct flow_text *t);

/* ---- calls ---------------------------------------------------------------- */

/* How a binding (a member of inputs, successOutputs or failureOutputs) sets
 * its value: {lit: SCALAR}, {exp: TEXT}, {var: NAME} or {noValue: true}. */
enum flow_value_form {
    FLOW_VALUE_OTHER,
    FLOW_VALUE_LIT,
    FLOW_VALUE_EXP,
    FLOW_VALUE_VAR,
    FLOW_VALUE_NO_VALUE,
};

/* One Call Data Action step.  Every node is the caller's document's; a
 * member node's key_line / key_col are where its name stands. */
struct flow_call {
    const struct node *step;       /* the callData / callDataSecure mapping (its member name is the step key) */
    bool secure;                   /* callDataSecure */
    const struct node *category_key;  /* the "category" member */
    const struct node *category;   /* its one member, whose name is the action's category; NULL otherwise */
    const struct node *action;     /* the one member of category's dataAction, whose name is the
                                      action's name; NULL otherwise */
    const struct node *inputs;     /* action's "inputs" mapping, or NULL */
    const struct node *success_outputs;
    const struct node *failure_outputs;
    bool unresolved;               /* the category or action name holds an unresolved placeholder */
};

struct flow_calls {
    struct flow_call *items;
    size_t n, cap;
};

/* Every call in ROOT's tree, in document order: a callData or callDataSecure
 * member whose value is a mapping with "category", anywhere except below a
 * settingsActionDefaults member (defaults, not calls).  OUT is zeroed first;
 * free it with flow_calls_free(). */
enum flow_status flow_find_calls(const struct node *root, struct flow_calls *out);

void flow_calls_free(struct flow_calls *c);

/* The form of binding B; *VALUE (when not NULL) gets the lit scalar, the exp
 * or var text node, the noValue node, or NULL. */
enum flow_value_form flow_value(const struct node *b, const struct node **value);

/* The length of NAME[0..LEN) without the " - Exported <date> @ <time>" that
 * Architect's UI export appends ("Get Order - Exported 2023-03-23 @ 8:22"
 * gives the length of "Get Order"); LEN when there is none. */
size_t flow_name_len(const char *name, size_t len);

/* Names equal once each loses that suffix (bytes compared, case included). */
bool flow_name_equal(const char *a, size_t alen, const char *b, size_t blen);

/* ---- contracts ------------------------------------------------------------ */

enum flow_base {
    FLOW_T_NONE,       /* untyped or unsupported: not exposed to a flow */
    FLOW_T_STRING,
    FLOW_T_INTEGER,
    FLOW_T_DECIMAL,    /* JSON schema "number" */
    FLOW_T_BOOLEAN,
};

/* The .i3 type code of BASE (collection: "str_coll"): str, int, dec, bln;
 * "none" for FLOW_T_NONE. */
const char *flow_base_code(enum flow_base base, bool collection);

/* The Archy variable type that holds it: "stringVariable",
 * "integerCollectionVariable" ...; NULL for FLOW_T_NONE. */
const char *flow_base_variable(enum flow_base base, bool collection);

/* True when the lit: scalar N suits TYPE: a string for string, an integer
 * for integer, an integer or a real for decimal, a boolean for boolean.
 * Always true for FLOW_T_NONE. */
bool flow_lit_fits(const struct node *n, enum flow_base type);

struct flow_input {
    const struct node *prop;   /* the property's schema; its member name is the input's name */
    const char *name;          /* borrowed from the document */
    size_t name_len;
    enum flow_base type;
    bool required;
};

/* A flattened success output: "a.b", or "a.k" for property k of the objects
 * of array a (a collection). */
struct flow_leaf {
    char *name;                /* owned */
    size_t name_len;
    enum flow_base type;
    bool collection;
    bool exposed;              /* false for an untyped array: listed by Architect, not bindable */
    const struct node *prop;   /* the leaf's schema */
};

struct flow_contract {
    const struct node *input_schema;    /* or NULL */
    const struct node *success_schema;  /* or NULL */
    struct flow_input *inputs;
    size_t ninputs, inputs_cap;
    struct flow_leaf *outputs;
    size_t noutputs, outputs_cap;
};

/* The most leaves a contract flattens to, and the longest dotted name. */
#define FLOW_MAX_LEAVES 4096
#define FLOW_MAX_LEAF_NAME 1024

/* The contract of ACTION (a data action's node: contract.input.inputSchema and
 * contract.output.successSchema, in JSON or YAML), into OUT (zeroed first;
 * free with flow_contract_free()).  A missing schema gives no inputs or no
 * outputs.  FLOW_ERROR (ERR filled) beyond the limits above. */
enum flow_status flow_contract_of(const struct node *action, struct flow_contract *out, char *err, size_t errlen);

/* The same from the two schemas themselves (either may be NULL). */
enum flow_status flow_contract_from(const struct node *input_schema, const struct node *success_schema,
                                    struct flow_contract *out, char *err, size_t errlen);

const struct flow_input *flow_contract_input(const struct flow_contract *c, const char *name, size_t len);
const struct flow_leaf *flow_contract_output(const struct flow_contract *c, const char *name, size_t len);

void flow_contract_free(struct flow_contract *c);

/* The thirteen failure outputs every data action has, in Archy's order. */
struct flow_failure_output {
    const char *name;
    enum flow_base type;
    bool collection;
};

#define FLOW_NFAILURE_OUTPUTS 13
extern const struct flow_failure_output flow_failure_outputs[FLOW_NFAILURE_OUTPUTS];

/* The failure output named S[0..LEN), or NULL. */
const struct flow_failure_output *flow_failure_output(const char *s, size_t len);

/* ---- an action's summary, for matching calls ------------------------------ */

/* What a flow needs of a data action once its document is gone: its name,
 * category and flattened contract, every string owned.  A run keeps one per
 * action it reads, however large the action was. */
struct flow_action_input {
    char *name;                /* owned */
    size_t name_len;
    enum flow_base type;
    bool required;
};

struct flow_action_output {
    char *name;                /* owned, dotted: "a.b" */
    size_t name_len;
    enum flow_base type;
    bool collection;
    bool exposed;
};

struct flow_action {
    char *name;                /* owned; the action's "name" as written */
    size_t name_len;
    char *category;            /* owned; NULL when the action has none (a UI export) */
    size_t category_len;
    struct flow_action_input *inputs;    /* owned */
    size_t ninputs;
    struct flow_action_output *outputs;  /* owned */
    size_t noutputs;
};

/* The summary of ACTION (a data action's node with a string "name") into
 * OUT (zeroed first; free with flow_action_free()).  FLOW_ERROR (ERR filled)
 * when it has no name or its contract is beyond the limits of
 * flow_contract_of(). */
enum flow_status flow_action_of(const struct node *action, struct flow_action *out, char *err, size_t errlen);

const struct flow_action_input *flow_action_input(const struct flow_action *a, const char *name, size_t len);
const struct flow_action_output *flow_action_output(const struct flow_action *a, const char *name, size_t len);

void flow_action_free(struct flow_action *a);

#endif
