/* schema.c - the structure of a data action, as schemas/action.schema.json
 * publishes it.  The table below and that file must agree; tests/schema checks
 * every fixture against both. */
#include "rules/rule.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/action.h"

enum {
    T_STRING = 1 << 0,
    T_BOOL = 1 << 1,
    T_INT = 1 << 2,
    T_OBJECT = 1 << 3,
};

struct field {
    const char *name;
    unsigned type;                  /* one T_* kind */
    int required;
    const struct field *members;    /* objects: known members, ending with {0} */
    unsigned each;                  /* objects: the type of every member's value (maps) */
    const char *const *choices;     /* strings: the allowed values */
    const char *choices_text;
    int ranged;                     /* integers: min..max */
    long min, max;
    int nonempty;                   /* strings: at least one character */
};

static const char *const action_types[] = { "custom", "static", "customAuth", NULL };
static const char *const request_types[] = { "GET", "PUT", "POST", "PATCH", "DELETE", NULL };

static const struct field request_fields[] = {
    { .name = "requestUrlTemplate", .type = T_STRING, .required = 1 },
    { .name = "requestType", .type = T_STRING, .required = 1, .choices = request_types,
      .choices_text = "GET, PUT, POST, PATCH, DELETE" },
    { .name = "headers", .type = T_OBJECT, .each = T_STRING },
    { .name = "requestTemplate", .type = T_STRING },
    { 0 },
};

static const struct field response_fields[] = {
    { .name = "translationMap", .type = T_OBJECT, .each = T_STRING },
    { .name = "translationMapDefaults", .type = T_OBJECT, .each = T_STRING },
    { .name = "successTemplate", .type = T_STRING },
    { 0 },
};

static const struct field config_fields[] = {
    { .name = "request", .type = T_OBJECT, .required = 1, .members = request_fields },
    { .name = "response", .type = T_OBJECT, .required = 1, .members = response_fields },
    { .name = "timeoutSeconds", .type = T_INT, .ranged = 1, .min = 1, .max = 60 },
    { 0 },
};

static const struct field input_fields[] = {
    { .name = "inputSchema", .type = T_OBJECT, .required = 1 },
    { 0 },
};

static const struct field output_fields[] = {
    { .name = "successSchema", .type = T_OBJECT, .required = 1 },
    { 0 },
};

static const struct field contract_fields[] = {
    { .name = "input", .type = T_OBJECT, .required = 1, .members = input_fields },
    { .name = "output", .type = T_OBJECT, .required = 1, .members = output_fields },
    { 0 },
};

static const struct field action_fields[] = {
    { .name = "name", .type = T_STRING, .required = 1, .nonempty = 1 },
    { .name = "integrationType", .type = T_STRING },
    { .name = "actionType", .type = T_STRING, .choices = action_types,
      .choices_text = "custom, static, customAuth" },
    { .name = "category", .type = T_STRING },
    { .name = "secure", .type = T_BOOL },
    { .name = "config", .type = T_OBJECT, .required = 1, .members = config_fields },
    { .name = "contract", .type = T_OBJECT, .required = 1, .members = contract_fields },
    { 0 },
};

static int is_integer(const struct node *n)
{
    return n->kind == NODE_INT ||
           (n->kind == NODE_REAL && isfinite(n->d) && floor(n->d) == n->d);
}

static int has_type(const struct node *n, unsigned type)
{
    switch (type) {
    case T_STRING: return n->kind == NODE_STRING;
    case T_BOOL: return n->kind == NODE_BOOL;
    case T_INT: return is_integer(n);
    case T_OBJECT: return n->kind == NODE_OBJECT;
    }
    return 1;
}

static const char *type_name(unsigned type)
{
    switch (type) {
    case T_STRING: return "a string";
    case T_BOOL: return "a boolean (true or false)";
    case T_INT: return "an integer";
    case T_OBJECT: return "an object";
    }
    return "a value";
}

static int in_choices(const struct node *n, const char *const *choices)
{
    for (; *choices; choices++)
        if (strlen(*choices) == n->len && memcmp(*choices, n->str, n->len) == 0)
            return 1;
    return 0;
}

static void check_object(struct rule_ctx *rc, const struct node *obj, const struct field *fields);

static void check_value(struct rule_ctx *rc, const struct node *v, const struct field *f)
{
    if (!has_type(v, f->type)) {
        if (f->choices)
            rule_report(rc, v, "'%s' must be one of %s", f->name, f->choices_text);
        else
            rule_report(rc, v, "'%s' must be %s, not %s", f->name, type_name(f->type),
                        node_kind_name(v->kind));
        return;
    }
    if (f->choices && !in_choices(v, f->choices))
        rule_report(rc, v, "'%s' must be one of %s", f->name, f->choices_text);
    if (f->nonempty && v->len == 0)
        rule_report(rc, v, "'%s' must not be empty", f->name);
    if (f->nonempty && memchr(v->str, '\0', v->len))
        rule_report(rc, v, "'%s' must not hold a NUL character (\\u0000)", f->name);
    if (f->ranged) {
        double d = v->kind == NODE_INT ? (double)v->i : v->d;
        if (d < (double)f->min || d > (double)f->max)
            rule_report(rc, v, "'%s' must be an integer from %ld to %ld", f->name, f->min, f->max);
    }
    if (f->members)
        check_object(rc, v, f->members);
    if (f->each) {
        for (size_t i = 0; i < v->n; i++) {
            const struct node *m = v->kids[i];
            if (!has_type(m, f->each)) {
                char key[80];
                rule_report(rc, m, "'%s' entry '%s' must be %s, not %s", f->name,
                            node_key_text(m, key, sizeof key), type_name(f->each),
                            node_kind_name(m->kind));
            }
        }
    }
}

static void check_object(struct rule_ctx *rc, const struct node *obj, const struct field *fields)
{
    for (const struct field *f = fields; f->name; f++) {
        const struct node *v = node_get(obj, f->name);
        if (v)
            check_value(rc, v, f);
        else if (f->required)
            rule_report_missing(rc, obj, f->name, "missing required member '%s'", f->name);
    }
}

/* YAML's .inf and .nan are numbers that JSON, and so an import file, cannot hold. */
static void check_finite(struct rule_ctx *rc, const struct node *n)
{
    if (n->kind == NODE_REAL && !isfinite(n->d))
        rule_report(rc, n, "%s is not a number JSON can hold, so no import file can carry it; write a finite "
                    "number, or quote it as a string", isnan(n->d) ? ".nan" : n->d < 0 ? "-.inf" : ".inf");
    for (size_t i = 0; i < n->n; i++)
        check_finite(rc, n->kids[i]);
}

/* Header names compared without regard to ASCII case (NUL bytes and all). */
static int cmp_name_nocase(const struct node *x, const struct node *y)
{
    size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
    for (size_t i = 0; i < n; i++) {
        int cx = (unsigned char)x->key[i], cy = (unsigned char)y->key[i];
        cx = cx >= 'A' && cx <= 'Z' ? cx + 32 : cx;
        cy = cy >= 'A' && cy <= 'Z' ? cy + 32 : cy;
        if (cx != cy)
            return cx - cy;
    }
    return (x->key_len > y->key_len) - (x->key_len < y->key_len);
}

/* Order of header members by name without regard to case, then by their
 * place in the source. */
static int cmp_header(const void *a, const void *b)
{
    const struct node *x = *(const struct node *const *)a, *y = *(const struct node *const *)b;
    int c = cmp_name_nocase(x, y);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Header names are compared without case (HTTP says so, and so do the other
 * rules): two that differ only in case send one header twice, with values the
 * server picks between as it likes.  JSON Schema cannot say this. */
static void check_header_case(struct rule_ctx *rc, const struct node *action)
{
    const struct node *headers = node_get(action_request(action), "headers");
    if (!headers || headers->kind != NODE_OBJECT || headers->n < 2)
        return;
    const struct node **sorted = malloc(headers->n * sizeof *sorted);
    if (!sorted) {
        rc->failed = 1;
        return;
    }
    for (size_t i = 0; i < headers->n; i++)
        sorted[i] = headers->kids[i];
    qsort(sorted, headers->n, sizeof *sorted, cmp_header);
    for (size_t i = 1, first = 0; i < headers->n; i++) {
        const struct node *a = sorted[first], *b = sorted[i];
        if (cmp_name_nocase(a, b) != 0) {
            first = i;
            continue;
        }
        char an[80], bn[80];
        rule_report(rc, b, "header '%s' is also given as '%s' at line %u (header names do not depend on case); "
                    "keep one", node_key_text(b, bn, sizeof bn), node_key_text(a, an, sizeof an), a->key_line);
    }
    free(sorted);
}

static void check(struct rule_ctx *rc, const struct node *action)
{
    if (action->kind != NODE_OBJECT) {
        rule_report(rc, action, "a data action must be an object, not %s", node_kind_name(action->kind));
        return;
    }
    check_object(rc, action, action_fields);
    check_finite(rc, action);
    check_header_case(rc, action);
}

const struct rule rule_schema = {
    .slug = "schema",
    .severity = SEV_ERROR,
    .summary = "the structure is a data action: required members, their types, a known requestType, timeoutSeconds 1-60",
    .explain =
        "What it checks\n"
        "  Each action is an object with a non-empty 'name', a 'config' holding\n"
        "  'request' (string 'requestUrlTemplate', 'requestType' one of GET, PUT, POST,\n"
        "  PATCH, DELETE, 'headers' mapping names to strings, string 'requestTemplate')\n"
        "  and 'response' (string maps 'translationMap' and 'translationMapDefaults',\n"
        "  string 'successTemplate'), an optional 'timeoutSeconds' that is an integer\n"
        "  from 1 to 60, and a 'contract' with 'input.inputSchema' and\n"
        "  'output.successSchema' objects. 'actionType' is custom, static or\n"
        "  customAuth; 'secure' is a boolean. No number is YAML's .inf or .nan,\n"
        "  which JSON cannot hold. No two header names differ only in case\n"
        "  (Content-Type and content-type are one header, sent twice). Other\n"
        "  members (id, version, integrationId...) are allowed.\n"
        "  schemas/action.schema.json publishes the same structure as a JSON\n"
        "  Schema (all but the case of header names, which it cannot express).\n"
        "\n"
        "Why\n"
        "  Genesys Cloud refuses to import an action of the wrong shape, and the other\n"
        "  rules can only judge values that sit where they belong.\n"
        "\n"
        "Bad\n"
        "  {\"name\": \"Get order\", \"config\": {\"request\": {\"requestType\": \"FETCH\"}}}\n"
        "\n"
        "Good\n"
        "  {\"name\": \"Get order\",\n"
        "   \"config\": {\"request\": {\"requestUrlTemplate\": \"https://api.example.com/orders/${input.id}\",\n"
        "                          \"requestType\": \"GET\", \"headers\": {}},\n"
        "              \"response\": {\"translationMap\": {}, \"successTemplate\": \"${rawResult}\"},\n"
        "              \"timeoutSeconds\": 5},\n"
        "   \"contract\": {\"input\": {\"inputSchema\": {\"type\": \"object\"}},\n"
        "                \"output\": {\"successSchema\": {\"type\": \"object\"}}}}\n",
    .precision = "very-high",
    .tags = (const char *const[]){ "correctness", NULL },
    .check = check,
};
