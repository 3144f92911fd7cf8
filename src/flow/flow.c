/* flow.c - flow types, action names, binding forms and the fixed failure outputs */
#include "flow/flow.h"

#include <string.h>

#include "core/load.h"

struct type_entry {
    const char *name;
    enum flow_type type;
    bool voice;
};

/* every Archy flow type (the Scripting SDK's FLOW_TYPES and the YAML keys of
 * issue 15), sorted by name */
static const struct type_entry types[] = {
    { "bot", FLOW_BOT, true },
    { "botFlow", FLOW_BOT_FLOW, false },
    { "commonModule", FLOW_COMMON_MODULE, false },
    { "digitalBot", FLOW_DIGITAL_BOT, false },
    { "digitalBotFlow", FLOW_DIGITAL_BOT_FLOW, false },
    { "emailSend", FLOW_EMAIL_SEND, false },
    { "inboundCall", FLOW_INBOUND_CALL, true },
    { "inboundChat", FLOW_INBOUND_CHAT, false },
    { "inboundEmail", FLOW_INBOUND_EMAIL, false },
    { "inboundShortMessage", FLOW_INBOUND_SHORT_MESSAGE, false },
    { "inqueueCall", FLOW_INQUEUE_CALL, true },
    { "inqueueEmail", FLOW_INQUEUE_EMAIL, false },
    { "inqueueShortMessage", FLOW_INQUEUE_SHORT_MESSAGE, false },
    { "outboundCall", FLOW_OUTBOUND_CALL, true },
    { "secureCall", FLOW_SECURE_CALL, true },
    { "surveyInvite", FLOW_SURVEY_INVITE, false },
    { "voice", FLOW_VOICE, true },
    { "voiceSurvey", FLOW_VOICE_SURVEY, true },
    { "voicemail", FLOW_VOICEMAIL, true },
    { "workflow", FLOW_WORKFLOW, false },
    { "workitem", FLOW_WORKITEM, false },
};

#define NTYPES (sizeof types / sizeof types[0])

enum flow_type flow_type_parse(const char *s, size_t len)
{
    for (size_t i = 0; i < NTYPES; i++)
        if (strlen(types[i].name) == len && memcmp(types[i].name, s, len) == 0)
            return types[i].type;
    return FLOW_NONE;
}

const char *flow_type_name(enum flow_type type)
{
    for (size_t i = 0; i < NTYPES; i++)
        if (types[i].type == type)
            return types[i].name;
    return "";
}

bool flow_type_is_voice(enum flow_type type)
{
    for (size_t i = 0; i < NTYPES; i++)
        if (types[i].type == type)
            return types[i].voice;
    return false;
}

enum flow_type flow_doc_type(const struct node *root)
{
    if (!root || root->kind != NODE_OBJECT || root->n != 1)
        return FLOW_NONE;
    const struct node *only = root->kids[0];
    return flow_type_parse(only->key, only->key_len);
}

enum flow_value_form flow_value(const struct node *b, const struct node **value)
{
    if (value)
        *value = NULL;
    if (!b || b->kind != NODE_OBJECT || b->n != 1)
        return FLOW_VALUE_OTHER;
    const struct node *v = b->kids[0];
    const char *k = v->key;
    enum flow_value_form form = FLOW_VALUE_OTHER;
    if (strcmp(k, "lit") == 0)
        form = FLOW_VALUE_LIT;
    else if (strcmp(k, "exp") == 0 && v->kind == NODE_STRING)
        form = FLOW_VALUE_EXP;
    else if (strcmp(k, "var") == 0 && v->kind == NODE_STRING)
        form = FLOW_VALUE_VAR;
    else if (strcmp(k, "noValue") == 0 && v->kind == NODE_BOOL && v->b)
        form = FLOW_VALUE_NO_VALUE;
    if (form != FLOW_VALUE_OTHER && value)
        *value = v;
    return form;
}

/* Bytes of S[0..LEN) that are digits or one of the characters of EXTRA, from
 * the start. */
static size_t span_of(const char *s, size_t len, const char *extra)
{
    size_t i = 0;
    while (i < len && ((s[i] >= '0' && s[i] <= '9') || (s[i] && strchr(extra, s[i]))))
        i++;
    return i;
}

size_t flow_name_len(const char *name, size_t len)
{
    static const char mark[] = " - Exported ";
    const size_t mlen = sizeof mark - 1;
    /* the last occurrence of the mark: a name may hold " - Exported " itself */
    for (size_t at = len >= mlen ? len - mlen + 1 : 0; at-- > 0;) {
        if (memcmp(name + at, mark, mlen) != 0)
            continue;
        const char *p = name + at + mlen;
        size_t rest = len - at - mlen;
        size_t date = span_of(p, rest, "-");          /* 2023-03-23 */
        if (date < 8 || rest - date < 4 || memcmp(p + date, " @ ", 3) != 0)
            return len;
        size_t time = span_of(p + date + 3, rest - date - 3, ":");   /* 8:22 */
        if (time < 3 || date + 3 + time != rest)
            return len;
        return at;
    }
    return len;
}

bool flow_name_equal(const char *a, size_t alen, const char *b, size_t blen)
{
    alen = flow_name_len(a, alen);
    blen = flow_name_len(b, blen);
    return alen == blen && memcmp(a, b, alen) == 0;
}

const struct flow_failure_output flow_failure_outputs[FLOW_NFAILURE_OUTPUTS] = {
    { "errorCode", FLOW_T_STRING, false },
    { "status", FLOW_T_INTEGER, false },
    { "correlationId", FLOW_T_STRING, false },
    { "entityId", FLOW_T_STRING, false },
    { "entityName", FLOW_T_STRING, false },
    { "userMessage", FLOW_T_STRING, false },
    { "userParamsMessage", FLOW_T_STRING, false },
    { "userParams.key", FLOW_T_STRING, true },
    { "userParams.value", FLOW_T_STRING, true },
    { "details.errorCode", FLOW_T_STRING, true },
    { "details.fieldName", FLOW_T_STRING, true },
    { "details.entityId", FLOW_T_STRING, true },
    { "details.entityName", FLOW_T_STRING, true },
};

const struct flow_failure_output *flow_failure_output(const char *s, size_t len)
{
    for (size_t i = 0; i < FLOW_NFAILURE_OUTPUTS; i++) {
        const char *n = flow_failure_outputs[i].name;
        if (strlen(n) == len && memcmp(n, s, len) == 0)
            return &flow_failure_outputs[i];
    }
    return NULL;
}

const char *flow_base_code(enum flow_base base, bool collection)
{
    static const char *const codes[][2] = {
        [FLOW_T_NONE] = { "none", "none" },
        [FLOW_T_STRING] = { "str", "str_coll" },
        [FLOW_T_INTEGER] = { "int", "int_coll" },
        [FLOW_T_DECIMAL] = { "dec", "dec_coll" },
        [FLOW_T_BOOLEAN] = { "bln", "bln_coll" },
    };
    return codes[base][collection ? 1 : 0];
}

const char *flow_base_variable(enum flow_base base, bool collection)
{
    static const char *const vars[][2] = {
        [FLOW_T_NONE] = { NULL, NULL },
        [FLOW_T_STRING] = { "stringVariable", "stringCollectionVariable" },
        [FLOW_T_INTEGER] = { "integerVariable", "integerCollectionVariable" },
        [FLOW_T_DECIMAL] = { "decimalVariable", "decimalCollectionVariable" },
        [FLOW_T_BOOLEAN] = { "booleanVariable", "booleanCollectionVariable" },
    };
    return vars[base][collection ? 1 : 0];
}

bool flow_lit_fits(const struct node *n, enum flow_base type)
{
    if (!n)
        return false;
    switch (type) {
    case FLOW_T_STRING: return n->kind == NODE_STRING;
    case FLOW_T_INTEGER: return n->kind == NODE_INT;
    case FLOW_T_DECIMAL: return n->kind == NODE_INT || n->kind == NODE_REAL;
    case FLOW_T_BOOLEAN: return n->kind == NODE_BOOL;
    case FLOW_T_NONE: break;
    }
    return true;
}

int flow_source_is_flow(const struct source *src, const struct doc *doc, int load_status,
                        const struct flow_substs *s, const struct load_limits *lim, size_t max_bytes)
{
    if (load_status == LOAD_OK)
        return flow_doc_type(doc->root) != FLOW_NONE;
    bool braces = false;
    for (size_t i = 0; i + 1 < src->len && !braces; i++)
        braces = src->bytes[i] == '{' && src->bytes[i + 1] == '{';
    if (load_status != LOAD_SYNTAX || !braces)
        return 0;
    static const struct flow_substs none = { 0 };
    struct flow_text t;
    char err[200];
    enum flow_status fs = flow_substitute(src, s ? s : &none, FLOW_SUBST_MARK, max_bytes, &t, err, sizeof err);
    if (fs != FLOW_OK)
        return fs == FLOW_NOMEM ? -1 : 0;
    struct doc d = { 0 };
    struct load_error le = { 0 };
    enum load_status ls = load_document(&t.src, load_guess_syntax(src->name, src), lim, &d, &le);
    int kind = ls == LOAD_NOMEM ? -1 : ls == LOAD_OK && flow_doc_type(d.root) != FLOW_NONE;
    doc_free(&d);
    flow_text_free(&t);
    return kind;
}
