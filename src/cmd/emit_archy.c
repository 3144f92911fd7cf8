/* emit_archy.c - Archy YAML for built actions: one flow per integration, made
 * with libyaml's emitter (see emit_archy.h for the shape and the names) */
#include "cmd/emit_archy.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/emit_yaml.h"
#include "core/action.h"
#include "core/grow.h"
#include "core/load.h"

#define NO_VAR SIZE_MAX

/* How a flow of one type is laid out, after a public file of that type
 * (../shared/corpus/archy-public): workflow after ani-blacklist's
 * blacklist.yaml, inboundShortMessage after automatic-offer-callback's
 * "SMS Schedule Callback.yaml", inboundCall after
 * design-architect-flow-data-actions-for-resiliency's CacheExampleFlow.yaml
 * and architect-flow-public-api's archy_flow.yml. */
struct shape {
    enum flow_type type;
    bool tasks;               /* the steps live in a task (a voice flow), not a state */
    const char *language;     /* the member of supportedLanguages.en-us */
    const char *end;          /* the last action, and what settingsErrorHandling does */
    const char *end_name;     /* that action's name */
    bool io_flags;            /* variables say isInput / isOutput */
};

static const struct shape shapes[] = {
    { FLOW_WORKFLOW, false, "none", "endWorkflow", "End Workflow", true },
    { FLOW_INBOUND_SHORT_MESSAGE, false, "defaultLanguageSkill", "disconnect", "Disconnect", false },
    { FLOW_INBOUND_CALL, true, "defaultLanguageSkill", "disconnect", "Disconnect", false },
};

#define NSHAPES (sizeof shapes / sizeof shapes[0])

static const struct shape *shape_of(enum flow_type type)
{
    for (size_t i = 0; i < NSHAPES; i++)
        if (shapes[i].type == type)
            return &shapes[i];
    return NULL;
}

bool emit_archy_supports(enum flow_type type)
{
    return shape_of(type) != NULL;
}

const char *emit_archy_supported(void)
{
    return "workflow, inboundShortMessage or inboundCall";
}

/* --- the actions of one integration ------------------------------------------ */

/* A variable the flow declares. */
struct var {
    char *name;               /* "Flow.x"; owned */
    const char *type;         /* "stringVariable" ... */
    bool input;               /* an input of the flow (may be shared by several actions) */
};

/* One action's step: its definition parsed again (for its contract), and
 * the variable each input and output is bound to. */
struct step {
    const struct archy_action *act;
    struct source src;
    struct doc doc;
    struct flow_contract c;
    const struct node *name;       /* a string */
    const struct node *category;   /* a non-empty string, or NULL */
    bool token;                    /* an OAuth token request */
    size_t *in_var;                /* per input: an index of vars, or NO_VAR (optional: noValue) */
    size_t *out_var;               /* per output: an index of vars, or NO_VAR (not exposed) */
};

struct group {
    const char *integration;       /* the integrationType ("" when none); borrowed */
    struct step *steps;
    size_t n, cap;
    struct var *vars;
    size_t nvars, varcap;
};

static void group_free(struct group *g)
{
    for (size_t i = 0; i < g->n; i++) {
        struct step *s = &g->steps[i];
        flow_contract_free(&s->c);
        doc_free(&s->doc);
        source_free(&s->src);
        free(s->in_var);
        free(s->out_var);
    }
    free(g->steps);
    for (size_t i = 0; i < g->nvars; i++)
        free(g->vars[i].name);
    free(g->vars);
}

static const char *integration_of(const struct archy_action *a)
{
    const char *s = json_string_value(json_object_get(a->action, "integrationType"));
    return s ? s : "";
}

/* Parse the built object of A again into S (its contract is read by the flow
 * library, from the same nodes lint reads).  Returns 0, or -1 with ERR filled. */
static int step_load(struct step *s, const struct archy_action *a, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    s->act = a;
    char *text = json_dumps(a->action, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!text || source_from_bytes(&s->src, a->slug, text, strlen(text)) != 0) {
        free(text);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    free(text);
    const struct load_limits lim = { LOAD_DEFAULT_MAX_DEPTH, LOAD_DEFAULT_MAX_ALIAS_NODES };
    struct load_error lerr = { 0 };
    if (load_document(&s->src, SYNTAX_JSON, &lim, &s->doc, &lerr) != LOAD_OK) {
        snprintf(err, errlen, "%s: cannot read the built action again", a->slug);
        return -1;
    }
    const struct node *root = s->doc.root;
    char why[200];
    if (flow_contract_of(root, &s->c, why, sizeof why) != FLOW_OK) {
        snprintf(err, errlen, "%s: %s", a->slug, why);
        return -1;
    }
    s->name = node_get(root, "name");
    if (!s->name || s->name->kind != NODE_STRING || !s->name->len) {
        snprintf(err, errlen, "%s: the action has no name to call it by", a->slug);
        return -1;
    }
    s->category = node_get(root, "category");
    if (s->category && (s->category->kind != NODE_STRING || !s->category->len))
        s->category = NULL;
    s->token = action_is_token_request(root);
    s->in_var = malloc((s->c.ninputs ? s->c.ninputs : 1) * sizeof *s->in_var);
    s->out_var = malloc((s->c.noutputs ? s->c.noutputs : 1) * sizeof *s->out_var);
    if (!s->in_var || !s->out_var) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

/* --- variable names ------------------------------------------------------------ */

static bool is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_word(char c)
{
    return is_letter(c) || (c >= '0' && c <= '9') || c == '_';
}

/* Append S[0..LEN) to OUT (*O of OUTLEN bytes) with every run of bytes other
 * than letters, digits and '_' as one '_'. */
static void put_ident(char *out, size_t outlen, size_t *o, const char *s, size_t len)
{
    for (size_t i = 0; i < len && *o + 1 < outlen; i++) {
        if (is_word(s[i]))
            out[(*o)++] = s[i];
        else if (*o == 0 || out[*o - 1] != '_' || (i > 0 && is_word(s[i - 1])))
            out[(*o)++] = '_';
    }
    out[*o] = '\0';
}

/* "Flow." and the identifier made of A, then "_" and B when B is not NULL;
 * led by "v" when it would not start with a letter.  A malloc'd string. */
static char *ident(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t cap = 8 + 2 * (alen + blen);
    char *id = malloc(cap), *out = malloc(cap);
    if (!id || !out) {
        free(id);
        free(out);
        return NULL;
    }
    size_t o = 0;
    put_ident(id, cap, &o, a, alen);
    if (b) {
        id[o++] = '_';
        put_ident(id, cap, &o, b, blen);
    }
    id[o] = '\0';
    snprintf(out, cap, "Flow.%s%s", is_letter(id[0]) ? "" : "v", id);
    free(id);
    return out;
}

/* The variable named NAME (without regard to case), or NO_VAR. */
static size_t var_find(const struct group *g, const char *name)
{
    for (size_t i = 0; i < g->nvars; i++)
        if (strcasecmp(g->vars[i].name, name) == 0)
            return i;
    return NO_VAR;
}

/* Declare NAME (owned: taken, freed on failure), or NAME_2, NAME_3 ... when
 * it is taken.  Its index, or NO_VAR when memory runs out. */
static size_t var_add(struct group *g, char *name, const char *type, bool input)
{
    char *use = name;
    for (unsigned k = 2; use && var_find(g, use) != NO_VAR; k++) {
        if (use != name)
            free(use);
        size_t len = strlen(name) + 16;
        use = malloc(len);
        if (use)
            snprintf(use, len, "%s_%u", name, k);
    }
    if (use != name)
        free(name);
    void *more = use ? grow(g->vars, &g->varcap, g->nvars, sizeof *g->vars, 16) : NULL;
    if (!more) {
        free(use);
        return NO_VAR;
    }
    g->vars = more;
    g->vars[g->nvars] = (struct var){ use, type, input };
    return g->nvars++;
}

/* Bind the required inputs of S: Flow.<input>, shared with an earlier
 * action's input of that name and type; else Flow.<slug>_<input>.  Returns 0
 * or -1 (out of memory). */
static int bind_inputs(struct group *g, struct step *s)
{
    const char *slug = s->act->slug;
    for (size_t i = 0; i < s->c.ninputs; i++) {
        const struct flow_input *in = &s->c.inputs[i];
        s->in_var[i] = NO_VAR;
        if (!in->required)
            continue;
        const char *type = flow_base_variable(in->type == FLOW_T_NONE ? FLOW_T_STRING : in->type, false);
        char *name = ident(in->name, in->name_len, NULL, 0);
        if (!name)
            return -1;
        size_t v = var_find(g, name);
        if (v != NO_VAR && g->vars[v].input && strcmp(g->vars[v].type, type) == 0) {
            free(name);
            s->in_var[i] = v;
            continue;
        }
        if (v != NO_VAR) {
            free(name);
            if (!(name = ident(slug, strlen(slug), in->name, in->name_len)))
                return -1;
        }
        if ((s->in_var[i] = var_add(g, name, type, true)) == NO_VAR)
            return -1;
    }
    return 0;
}

/* The variable a token action's output LEAF goes to, or NULL. */
static const char *token_var(const struct flow_leaf *leaf)
{
    static const char *const pairs[][2] = {
        { "access_token", "Flow.oauth_token" },
        { "expires_in", "Flow.token_ttl" },
        { "scope", "Flow.token_scope" },
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if (strcmp(leaf->name, pairs[i][0]) == 0)
            return pairs[i][1];
    return NULL;
}

/* Bind every exposed success output of S to a variable of its own.  Returns
 * 0 or -1 (out of memory). */
static int bind_outputs(struct group *g, struct step *s)
{
    const char *slug = s->act->slug;
    for (size_t i = 0; i < s->c.noutputs; i++) {
        const struct flow_leaf *leaf = &s->c.outputs[i];
        const char *type = leaf->exposed ? flow_base_variable(leaf->type, leaf->collection) : NULL;
        s->out_var[i] = NO_VAR;
        if (!type)
            continue;
        const char *preferred = s->token ? token_var(leaf) : NULL;
        char *name = preferred && var_find(g, preferred) == NO_VAR
                         ? strdup(preferred)
                         : ident(slug, strlen(slug), leaf->name, leaf->name_len);
        if (!name || (s->out_var[i] = var_add(g, name, type, false)) == NO_VAR)
            return -1;
    }
    return 0;
}

/* --- the flow ------------------------------------------------------------------ */

/* inputs, successOutputs and failureOutputs of S's action. */
static void emit_bindings(struct emit_yaml *y, const struct group *g, const struct step *s, bool voice)
{
    if (s->c.ninputs) {
        emit_yaml_s(y, "inputs");
        emit_yaml_map(y);
        for (size_t i = 0; i < s->c.ninputs; i++) {
            const struct flow_input *in = &s->c.inputs[i];
            if (s->in_var[i] == NO_VAR) {
                emit_yaml_str(y, in->name, in->name_len);
                emit_yaml_map(y);
                emit_yaml_s(y, "noValue");
                emit_yaml_plain(y, "true");
                emit_yaml_end_map(y);
            } else {
                emit_yaml_bind(y, in->name, in->name_len, "exp", g->vars[s->in_var[i]].name);
            }
        }
        emit_yaml_end_map(y);
    }
    bool any = false;
    for (size_t i = 0; i < s->c.noutputs; i++)
        any |= s->out_var[i] != NO_VAR;
    if (any) {
        emit_yaml_s(y, "successOutputs");
        emit_yaml_map(y);
        for (size_t i = 0; i < s->c.noutputs; i++)
            if (s->out_var[i] != NO_VAR)
                emit_yaml_bind(y, s->c.outputs[i].name, s->c.outputs[i].name_len, "var", g->vars[s->out_var[i]].name);
        emit_yaml_end_map(y);
    }
    if (!voice) {
        emit_yaml_s(y, "failureOutputs");
        emit_yaml_map(y);
        for (size_t i = 0; i < FLOW_NFAILURE_OUTPUTS; i++)
            emit_yaml_flag(y, flow_failure_outputs[i].name, "noValue");
        emit_yaml_end_map(y);
    }
}

/* One "- callData:" item for S. */
static void emit_step(struct emit_yaml *y, const struct group *g, const struct step *s, const struct archy_opts *o,
                      bool voice)
{
    emit_yaml_map(y);
    emit_yaml_s(y, "callData");
    emit_yaml_map(y);
    emit_yaml_s(y, "name");
    emit_yaml_str(y, s->name->str, s->name->len);
    if (voice)
        emit_yaml_flag(y, "processingPrompt", "noValue");
    emit_yaml_s(y, "timeout");
    emit_yaml_map(y);
    emit_yaml_s(y, "lit");
    emit_yaml_map(y);
    emit_yaml_s(y, "minutes");
    emit_yaml_plain(y, "1");
    emit_yaml_end_map(y);
    emit_yaml_end_map(y);
    emit_yaml_s(y, "category");
    emit_yaml_map(y);
    if (s->category)
        emit_yaml_str(y, s->category->str, s->category->len);
    else if (o->category)
        emit_yaml_s(y, o->category);
    else
        emit_yaml_quoted(y, "{{" EMIT_ARCHY_CATEGORY_KEY "}}");
    emit_yaml_map(y);
    emit_yaml_s(y, "dataAction");
    emit_yaml_map(y);
    emit_yaml_str(y, s->name->str, s->name->len);
    emit_yaml_map(y);
    emit_bindings(y, g, s, voice);
    emit_yaml_end_map(y);
    emit_yaml_end_map(y);
    emit_yaml_end_map(y);
    emit_yaml_end_map(y);
    emit_yaml_end_map(y);
    emit_yaml_end_map(y);
}

static int cmp_vars(const void *a, const void *b)
{
    const struct var *x = *(const struct var *const *)a, *y = *(const struct var *const *)b;
    int c = strcasecmp(x->name, y->name);
    return c ? c : strcmp(x->name, y->name);
}

/* The variables: sorted by name, as Archy's exports list them.  Returns 0 or -1 (out of memory). */
static int emit_vars(struct emit_yaml *y, const struct group *g, const struct shape *sh)
{
    if (!g->nvars)
        return 0;
    const struct var **order = malloc(g->nvars * sizeof *order);
    if (!order)
        return -1;
    for (size_t i = 0; i < g->nvars; i++)
        order[i] = &g->vars[i];
    qsort(order, g->nvars, sizeof *order, cmp_vars);
    emit_yaml_s(y, "variables");
    emit_yaml_seq(y);
    for (size_t i = 0; i < g->nvars; i++) {
        emit_yaml_map(y);
        emit_yaml_s(y, order[i]->type);
        emit_yaml_map(y);
        emit_yaml_kv(y, "name", order[i]->name);
        emit_yaml_flag(y, "initialValue", "noValue");
        if (sh->io_flags) {
            emit_yaml_s(y, "isInput");
            emit_yaml_plain(y, order[i]->input ? "true" : "false");
            emit_yaml_s(y, "isOutput");
            emit_yaml_plain(y, "false");
        }
        emit_yaml_end_map(y);
        emit_yaml_end_map(y);
    }
    emit_yaml_end_seq(y);
    free(order);
    return 0;
}

#define CONTAINER "Call Data Actions"
#define CONTAINER_REF CONTAINER "_10"

/* The flow's settings, before its variables. */
static void emit_header(struct emit_yaml *y, const struct group *g, const struct shape *sh)
{
    char text[512];
    snprintf(text, sizeof text, "%s%sdata actions", g->integration, g->integration[0] ? " " : "");
    emit_yaml_kv(y, "name", text);
    emit_yaml_kv(y, "description", "Written by dacc build, one Call Data Action step per action of the integration");
    emit_yaml_kv(y, "division", "Home");
    snprintf(text, sizeof text, "/%s/%s[" CONTAINER_REF "]", flow_type_name(sh->type),
             sh->tasks ? "tasks/task" : "states/state");
    emit_yaml_s(y, "startUpRef");
    emit_yaml_quoted(y, text);
    emit_yaml_kv(y, "defaultLanguage", "en-us");
    emit_yaml_s(y, "supportedLanguages");
    emit_yaml_map(y);
    emit_yaml_s(y, "en-us");
    emit_yaml_map(y);
    if (strcmp(sh->language, "none") == 0) {
        emit_yaml_s(y, "none");
        emit_yaml_plain(y, "true");
    } else {
        emit_yaml_flag(y, sh->language, "noValue");
    }
    emit_yaml_end_map(y);
    emit_yaml_end_map(y);
    if (sh->tasks) {
        emit_yaml_s(y, "initialGreeting");
        emit_yaml_map(y);
        emit_yaml_kv(y, "exp", "ToAudioBlank(1)");
        emit_yaml_end_map(y);
    }
}

/* The whole flow file of G into Y.  Returns 0 or -1 (out of memory). */
static int emit_flow(struct emit_yaml *y, const struct group *g, const struct archy_opts *o)
{
    const struct shape *sh = shape_of(o->type);
    bool voice = flow_type_is_voice(o->type);
    emit_yaml_map(y);
    emit_yaml_s(y, flow_type_name(o->type));
    emit_yaml_map(y);
    emit_header(y, g, sh);
    if (emit_vars(y, g, sh) != 0)
        return -1;
    emit_yaml_s(y, "settingsErrorHandling");
    emit_yaml_map(y);
    emit_yaml_s(y, "errorHandling");
    emit_yaml_map(y);
    emit_yaml_flag(y, sh->end, "none");
    emit_yaml_end_map(y);
    emit_yaml_end_map(y);
    emit_yaml_s(y, sh->tasks ? "tasks" : "states");
    emit_yaml_seq(y);
    emit_yaml_map(y);
    emit_yaml_s(y, sh->tasks ? "task" : "state");
    emit_yaml_map(y);
    emit_yaml_kv(y, "name", CONTAINER);
    emit_yaml_kv(y, "refId", CONTAINER_REF);
    emit_yaml_s(y, "actions");
    emit_yaml_seq(y);
    for (size_t i = 0; i < g->n; i++)
        emit_step(y, g, &g->steps[i], o, voice);
    emit_yaml_map(y);
    emit_yaml_s(y, sh->end);
    emit_yaml_map(y);
    emit_yaml_kv(y, "name", sh->end_name);
    if (strcmp(sh->end, "endWorkflow") == 0)
        emit_yaml_flag(y, "exitReason", "noValue");
    emit_yaml_end_map(y);
    emit_yaml_end_map(y);
    emit_yaml_end_seq(y);
    emit_yaml_end_map(y);
    emit_yaml_end_map(y);
    emit_yaml_end_seq(y);
    emit_yaml_end_map(y);
    emit_yaml_end_map(y);
    return 0;
}

/* The text of G's flow into F (its name set by the caller).  Returns 0, or -1 with ERR filled. */
static int render(const struct group *g, const struct archy_opts *o, struct archy_file *f, char *err, size_t errlen)
{
    struct emit_yaml *y = emit_yaml_new();
    int rc = y ? emit_flow(y, g, o) : -1;
    char why[160] = "out of memory";
    f->data = y ? emit_yaml_finish(y, &f->len, why, sizeof why) : NULL;
    if (rc != 0 || !f->data) {
        snprintf(err, errlen, "cannot write the flow of %s: %s", g->integration[0] ? g->integration : "the actions",
                 why);
        free(f->data);
        f->data = NULL;
        return -1;
    }
    return 0;
}

/* --- the files ------------------------------------------------------------------ */

static int cmp_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The distinct integrations of ACTS (those with a step), sorted, into *OUT
 * (borrowed strings; the caller frees the array).  Their number, or
 * (size_t)-1 when memory runs out. */
static size_t integrations(const struct archy_action *acts, size_t n, const char ***out)
{
    const char **names = malloc((n ? n : 1) * sizeof *names);
    size_t k = 0;
    if (!names)
        return (size_t)-1;
    for (size_t i = 0; i < n; i++)
        if (!acts[i].custom_auth)
            names[k++] = integration_of(&acts[i]);
    if (k > 1)
        qsort(names, k, sizeof *names, cmp_strings);
    size_t d = 0;
    for (size_t i = 0; i < k; i++)
        if (d == 0 || strcmp(names[d - 1], names[i]) != 0)
            names[d++] = names[i];
    *out = names;
    return d;
}

/* The flow of INTEGRATION's actions into F.  Returns 0, or -1 with ERR filled. */
static int one_flow(const char *integration, const struct archy_action *acts, size_t n, const struct archy_opts *o,
                    struct archy_file *f, char *err, size_t errlen)
{
    struct group g = { .integration = integration };
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (acts[i].custom_auth || strcmp(integration_of(&acts[i]), integration) != 0)
            continue;
        void *more = grow(g.steps, &g.cap, g.n, sizeof *g.steps, 8);
        if (!more) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
            break;
        }
        g.steps = more;
        struct step *s = &g.steps[g.n++];
        rc = step_load(s, &acts[i], err, errlen);
    }
    for (size_t i = 0; i < g.n && rc == 0; i++)
        if (bind_inputs(&g, &g.steps[i]) != 0 || bind_outputs(&g, &g.steps[i]) != 0) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
        }
    if (rc == 0)
        rc = render(&g, o, f, err, errlen);
    group_free(&g);
    return rc;
}

/* F's file name: the integration's slug (or "actions"), made unique among the N before. */
static int name_file(struct archy_file *files, size_t n, const char *integration)
{
    char slug[ACTION_SLUG_MAX + 1], name[ACTION_SLUG_MAX + 32];
    if (!action_slug(integration, strlen(integration), slug))
        snprintf(slug, sizeof slug, "actions");
    snprintf(name, sizeof name, "%s" EMIT_ARCHY_SUFFIX, slug);
    for (unsigned k = 2;; k++) {
        bool taken = false;
        for (size_t i = 0; i < n && !taken; i++)
            taken = strcmp(files[i].name, name) == 0;
        if (!taken)
            break;
        snprintf(name, sizeof name, "%s-%u" EMIT_ARCHY_SUFFIX, slug, k);
    }
    files[n].name = strdup(name);
    return files[n].name ? 0 : -1;
}

int emit_archy(const struct archy_action *acts, size_t n, const struct archy_opts *opts, struct archy_file **out,
               size_t *nout, char *err, size_t errlen)
{
    *out = NULL;
    *nout = 0;
    if (!shape_of(opts->type)) {
        snprintf(err, errlen, "flows of type %s are not written; use %s", flow_type_name(opts->type),
                 emit_archy_supported());
        return -1;
    }
    const char **names;
    size_t ni = integrations(acts, n, &names);
    struct archy_file *files = ni == (size_t)-1 ? NULL : calloc(ni ? ni : 1, sizeof *files);
    if (!files) {
        if (ni != (size_t)-1)
            free(names);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    size_t made = 0;
    int rc = 0;
    for (; made < ni && rc == 0; made++) {
        if (name_file(files, made, names[made]) != 0) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
            break;
        }
        rc = one_flow(names[made], acts, n, opts, &files[made], err, errlen);
    }
    free(names);
    if (rc != 0) {
        emit_archy_free(files, ni); /* calloc'd: the files not made hold NULLs */
        return -1;
    }
    *out = files;
    *nout = ni;
    return 0;
}

void emit_archy_free(struct archy_file *files, size_t n)
{
    for (size_t i = 0; files && i < n; i++) {
        free(files[i].name);
        free(files[i].data);
    }
    free(files);
}
