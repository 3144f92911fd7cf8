/* contract_mismatch.c - templates and the contract agree */
#include "rules/rule.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/action.h"
#include "core/grow.h"
#include "core/template.h"

static const char *const builtin_roots[] = {
    "input", "credentials", "esc", "rawResult", "encoding", "math", "successTemplateUtils", "date",
    "number", "foreach", "velocityCount", NULL,
};

/* Member NAME of OBJ, exactly; or through *NEAR the member equal but for case. */
static const struct node *member(const struct node *obj, const char *name, size_t len,
                                 const struct node **near)
{
    *near = NULL;
    for (size_t i = 0; obj && obj->kind == NODE_OBJECT && i < obj->n; i++) {
        const struct node *m = obj->kids[i];
        if (m->key_len != len)
            continue;
        if (memcmp(m->key, name, len) == 0)
            return m;
        if (strncasecmp(m->key, name, len) == 0)
            *near = m;
    }
    return NULL;
}

struct inputs_walk {
    struct rule_ctx *rc;
    const struct node *at;     /* the value the template is */
    const struct node *props;  /* the input contract's properties */
};

/* A ${input.x} (nested ones too): declared in the input contract? */
static enum tpl_walk_step check_input(const char *s, const struct tpl_ref *ref, void *ctx)
{
    (void)s;
    struct inputs_walk *w = ctx;
    if (ref->kind == TPL_VELOCITY && tpl_root_is(ref, "input") && ref->name &&
        !(ref->name_len == 10 && memcmp(ref->name, "rawRequest", 10) == 0)) {
        const struct node *near;
        if (!member(w->props, ref->name, ref->name_len, &near)) {
            char key[80];
            if (near)
                rule_report(w->rc, w->at, "'input.%.*s' is not declared in the input contract; did you mean '%s'?",
                            (int)ref->name_len, ref->name, node_key_text(near, key, sizeof key));
            else
                rule_report(w->rc, w->at, "'input.%.*s' is not declared in the input contract",
                            (int)ref->name_len, ref->name);
        }
    }
    return TPL_WALK_ON;
}

static void check_inputs(struct rule_ctx *rc, const struct node *at, const struct node *props)
{
    struct inputs_walk w = { rc, at, props };
    tpl_walk(at->str, at->len, check_input, &w);
}

static bool is_builtin(const struct tpl_ref *ref)
{
    for (const char *const *r = builtin_roots; *r; r++)
        if (ref->root_len == strlen(*r) && strncasecmp(ref->root, *r, ref->root_len) == 0)
            return true; /* a miscased one is the template rule's finding */
    return false;
}

/* The names a template sets itself with #set($name = ...), sorted (bytes,
 * then length) into a malloc'd array the caller frees; *N their number.
 * NULL with *N 0 when there are none or memory runs out. */
struct set_name {
    const char *s;
    size_t len;
};

static int cmp_set_name(const void *a, const void *b)
{
    const struct set_name *x = a, *y = b;
    int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

static struct set_name *set_names(const char *s, size_t *n)
{
    struct set_name *names = NULL;
    size_t cap = 0;
    *n = 0;
    for (const char *d = strstr(s, "#set"); d; d = strstr(d + 4, "#set")) {
        const char *p = d + 4;
        while (*p == ' ' || *p == '(')
            p++;
        if (*p++ != '$')
            continue;
        if (*p == '!' || *p == '{')
            p += *p == '!' ? (p[1] == '{' ? 2 : 1) : 1;
        size_t len = 0;
        while (isalnum((unsigned char)p[len]) || p[len] == '_' || p[len] == '-')
            len++;
        void *more = len ? grow(names, &cap, *n, sizeof *names, 8) : names;
        if (!more) {
            free(names);
            *n = 0;
            return NULL;
        }
        names = more;
        if (len)
            names[(*n)++] = (struct set_name){ p, len };
    }
    if (*n > 1)
        qsort(names, *n, sizeof *names, cmp_set_name);
    return names;
}

/* Every ${alias} of the success template is a translation-map key.  Linear
 * in the template's length but for a sorted lookup of each name it sets. */
static void check_aliases(struct rule_ctx *rc, const struct node *success, const struct node *map)
{
    size_t pos = 0;
    struct tpl_ref ref;
    const char *s = success->str;
    if (map && map->kind != NODE_OBJECT)
        return; /* a schema finding already */
    /* Velocity variables the template sets itself (#set, #foreach) are not aliases */
    if (strstr(s, "#foreach"))
        return;
    size_t nset;
    struct set_name *set = set_names(s, &nset);
    const char *last = NULL; /* the root judged last: the same one again draws the same finding */
    size_t last_len = 0;
    while (tpl_next(s, success->len, &pos, &ref)) {
        if (ref.kind != TPL_VELOCITY || !ref.root || is_builtin(&ref))
            continue;
        if (last && ref.root_len == last_len && memcmp(ref.root, last, last_len) == 0)
            continue;
        last = ref.root;
        last_len = ref.root_len;
        const struct node *near;
        if (member(map, ref.root, ref.root_len, &near) || near)
            continue; /* a miscased alias is the template rule's finding */
        struct set_name key = { ref.root, ref.root_len };
        if (nset && bsearch(&key, set, nset, sizeof *set, cmp_set_name))
            continue;
        rule_report(rc, success, "'%.*s' in the success template is not a translation-map alias",
                    (int)ref.root_len, ref.root);
    }
    free(set);
}

/* Declared outputs appear as members of the success template's JSON. */
static void check_outputs(struct rule_ctx *rc, const struct node *success, const struct node *outputs)
{
    if (!outputs || outputs->kind != NODE_OBJECT || !outputs->n)
        return;
    size_t len, bare[1], nbare;
    char *sample = tpl_json_sample(success->str, success->len, &len, bare, &nbare, 1);
    json_t *j = sample ? json_loadb(sample, len, 0, NULL) : NULL;
    /* ${rawResult} and friends produce the object themselves: nothing to compare */
    if (json_is_object(j)) {
        for (size_t i = 0; i < outputs->n; i++) {
            const struct node *o = outputs->kids[i];
            char key[80];
            if (!json_object_getn(j, o->key, o->key_len))
                rule_report(rc, o, "output '%s' is declared but the success template does not produce it",
                            node_key_text(o, key, sizeof key));
        }
    }
    json_decref(j);
    free(sample);
}

static void check(struct rule_ctx *rc, const struct node *action)
{
    const struct node *request = action_request(action);
    const struct node *props = node_path(action, "contract/input/inputSchema/properties");
    const struct node *schema = node_path(action, "contract/input/inputSchema");
    if (request && schema && schema->kind == NODE_OBJECT) {
        const struct node *url = node_get(request, "requestUrlTemplate");
        if (node_string(url))
            check_inputs(rc, url, props);
        const struct node *headers = node_get(request, "headers");
        for (size_t i = 0; headers && headers->kind == NODE_OBJECT && i < headers->n; i++)
            if (node_string(headers->kids[i]))
                check_inputs(rc, headers->kids[i], props);
        const struct node *body = node_get(request, "requestTemplate");
        if (node_string(body))
            check_inputs(rc, body, props);
    }
    const struct node *response = node_path(action, "config/response");
    const struct node *success = node_get(response, "successTemplate");
    if (node_string(success)) {
        check_aliases(rc, success, node_get(response, "translationMap"));
        check_outputs(rc, success, node_path(action, "contract/output/successSchema/properties"));
    }
}

const struct rule rule_contract_mismatch = {
    .slug = "contract-mismatch",
    .severity = SEV_WARNING,
    .summary = "templates and the contract agree: inputs used are declared, aliases exist, declared outputs are produced",
    .explain =
        "What it checks\n"
        "  Every ${input.x} the request uses (URL, headers, body; ${input.rawRequest}\n"
        "  aside) is a property of contract.input.inputSchema, with a 'did you mean'\n"
        "  when only the case differs; every ${alias} of the success template is a\n"
        "  translation-map key (or a variable the template sets itself); every\n"
        "  property of contract.output.successSchema is a member of the JSON the\n"
        "  success template builds (not checked when it returns ${rawResult}).\n"
        "\n"
        "Why\n"
        "  Architect only offers the declared inputs: an undeclared one is always\n"
        "  empty. An output the template never produces is always its default.\n"
        "\n"
        "Bad\n"
        "  \"requestUrlTemplate\": \"/api/v2/conversations/${input.conversationid}\"\n"
        "  with \"properties\": {\"conversationId\": {\"type\": \"string\"}}\n"
        "\n"
        "Good\n"
        "  \"requestUrlTemplate\": \"/api/v2/conversations/${input.conversationId}\"\n",
    .precision = "high",
    .tags = (const char *const[]){ "correctness", NULL },
    .check = check,
};
