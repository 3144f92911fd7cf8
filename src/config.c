/* config.c - reading .dacc.yaml with the project's own YAML loader */
#include "config.h"

#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load.h"
#include "rules/rule.h"

static int fail(char *err, size_t errlen, const struct config *cfg, const struct node *n, const char *what)
{
    snprintf(err, errlen, "%s:%u:%u: %s", cfg->file.name, n ? n->line : 1, n ? n->col : 1, what);
    return -1;
}

/* The nearest .dacc.yaml from the working directory upward, into OUT, as a
 * path relative to the working directory (./.dacc.yaml, ../.dacc.yaml ...). */
static bool find_upward(char *out, size_t outlen)
{
    char dir[PATH_MAX];
    if (!getcwd(dir, sizeof dir))
        return false;
    for (size_t up = 0;; up++) {
        char abs[PATH_MAX + 16];
        if ((size_t)snprintf(abs, sizeof abs, "%s%s%s", dir, strcmp(dir, "/") ? "/" : "", CONFIG_NAME) < sizeof abs &&
            access(abs, F_OK) == 0) {
            size_t o = 0;
            for (size_t i = 0; i < up && o + 4 < outlen; i++)
                o += (size_t)snprintf(out + o, outlen - o, "../");
            snprintf(out + o, outlen - o, "%s", CONFIG_NAME);
            return true;
        }
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir) {
            if (strcmp(dir, "/") == 0)
                return false;
            dir[0] = '/';
            dir[1] = '\0';
            continue;
        }
        *slash = '\0';
    }
}

static int string_list(struct config *cfg, const struct node *seq, const char ***out, size_t *n,
                       char *err, size_t errlen)
{
    if (!seq)
        return 0;
    if (seq->kind != NODE_ARRAY)
        return fail(err, errlen, cfg, seq, "expected a list of strings");
    *out = calloc(seq->n ? seq->n : 1, sizeof **out);
    if (!*out)
        return fail(err, errlen, cfg, seq, "out of memory");
    for (size_t i = 0; i < seq->n; i++) {
        if (seq->kids[i]->kind != NODE_STRING)
            return fail(err, errlen, cfg, seq->kids[i], "expected a string");
        (*out)[(*n)++] = seq->kids[i]->str;
    }
    return 0;
}

static int read_rules(struct config *cfg, const struct node *rules, char *err, size_t errlen)
{
    if (!rules)
        return 0;
    if (rules->kind != NODE_OBJECT)
        return fail(err, errlen, cfg, rules, "'rules' maps rule slugs to error, warning, note or off");
    for (size_t i = 0; i < rules->n; i++) {
        const struct node *r = rules->kids[i];
        size_t index = rule_registry_len;
        for (size_t k = 0; k < rule_registry_len; k++)
            if (strlen(rule_registry[k]->slug) == r->key_len && !memcmp(rule_registry[k]->slug, r->key, r->key_len))
                index = k;
        if (index == rule_registry_len) {
            char msg[160], key[80];
            snprintf(msg, sizeof msg, "unknown rule '%s'; 'dacc rules' lists them", node_key_text(r, key, sizeof key));
            snprintf(err, errlen, "%s:%u:%u: %s", cfg->file.name, r->key_line, r->key_col, msg);
            return -1;
        }
        const char *v = node_string(r);
        int sev = !v ? -3 : !strcmp(v, "error") ? SEV_ERROR : !strcmp(v, "warning") ? SEV_WARNING
                : !strcmp(v, "note") ? SEV_NOTE : !strcmp(v, "off") ? CONFIG_SEVERITY_OFF : -3;
        if (sev == -3)
            return fail(err, errlen, cfg, r, "a rule's severity is error, warning, note or off");
        cfg->severity[index] = sev;
    }
    return 0;
}

static int read_limit(struct config *cfg, const struct node *limits, const char *key, long *out,
                      char *err, size_t errlen)
{
    const struct node *n = node_get(limits, key);
    if (!n)
        return 0;
    if (n->kind != NODE_INT || n->i < 1 || n->i > (1L << 30)) {
        char msg[120];
        snprintf(msg, sizeof msg, "'%s' is a whole number from 1 to %ld", key, 1L << 30);
        return fail(err, errlen, cfg, n, msg);
    }
    *out = (long)n->i;
    return 0;
}

static int read_ignores(struct config *cfg, const struct node *list, char *err, size_t errlen)
{
    if (!list)
        return 0;
    if (list->kind != NODE_ARRAY)
        return fail(err, errlen, cfg, list, "'ignore' is a list of {file, rule, pointer, reason}");
    cfg->ignores = calloc(list->n ? list->n : 1, sizeof *cfg->ignores);
    if (!cfg->ignores)
        return fail(err, errlen, cfg, list, "out of memory");
    for (size_t i = 0; i < list->n; i++) {
        const struct node *e = list->kids[i];
        struct config_ignore *ig = &cfg->ignores[cfg->nignores];
        ig->file = node_string(node_get(e, "file"));
        ig->rule = node_string(node_get(e, "rule"));
        ig->pointer = node_string(node_get(e, "pointer"));
        ig->reason = node_string(node_get(e, "reason"));
        ig->at = e;
        if (e->kind != NODE_OBJECT || !ig->file || !ig->rule)
            return fail(err, errlen, cfg, e, "an ignore entry needs 'file' and 'rule' (and a 'reason')");
        if (!rule_find(ig->rule))
            return fail(err, errlen, cfg, node_get(e, "rule"), "unknown rule; 'dacc rules' lists them");
        if (ig->reason && !ig->reason[0])
            ig->reason = NULL;
        cfg->nignores++;
    }
    return 0;
}

static int read_grants(struct config *cfg, const struct node *granted, char *err, size_t errlen)
{
    if (!granted)
        return 0;
    if (granted->kind != NODE_OBJECT)
        return fail(err, errlen, cfg, granted,
                    "'scopes.granted' maps each client (its client_id, or the secret or credential it comes "
                    "from) to the list of scopes it is granted");
    cfg->grants = calloc(granted->n ? granted->n : 1, sizeof *cfg->grants);
    if (!cfg->grants)
        return fail(err, errlen, cfg, granted, "out of memory");
    for (size_t i = 0; i < granted->n; i++) {
        const struct node *e = granted->kids[i];
        if (e->kind != NODE_ARRAY)
            return fail(err, errlen, cfg, e, "a client's grant is a list of scopes");
        for (size_t k = 0; k < e->n; k++)
            if (e->kids[k]->kind != NODE_STRING || !e->kids[k]->len || memchr(e->kids[k]->str, ' ', e->kids[k]->len) ||
                memchr(e->kids[k]->str, '\0', e->kids[k]->len))
                return fail(err, errlen, cfg, e->kids[k], "a scope is a non-empty string without spaces");
        struct config_grant *g = &cfg->grants[cfg->ngrants++];
        g->client = e->key;
        g->client_len = e->key_len;
        g->at = e;
        g->scopes = (const struct node *const *)e->kids;
        g->nscopes = e->n;
        g->mark = cfg->nmarks;
        cfg->nmarks += CONFIG_GRANT_MARKS(g);
    }
    return 0;
}

static bool key_is(const struct node *n, const char *const *keys)
{
    for (const char *const *k = keys; *k; k++)
        if (strlen(*k) == n->key_len && !memcmp(*k, n->key, n->key_len))
            return true;
    return false;
}

static const char *const scope_keys[] = { "allow", "forbid", "granted", NULL };
static const char *const known_keys[] = { "rules", "limits", "scopes", "exclude", "ignore", NULL };

static struct config *config_new(char *err, size_t errlen)
{
    struct config *cfg = calloc(1, sizeof *cfg);
    if (!cfg || !(cfg->severity = malloc(rule_registry_len * sizeof *cfg->severity))) {
        free(cfg);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < rule_registry_len; i++)
        cfg->severity[i] = CONFIG_SEVERITY_DEFAULT;
    return cfg;
}

static struct config *config_read(struct config *cfg, char *err, size_t errlen);

struct config *config_load(const char *path, char *err, size_t errlen)
{
    struct config *cfg = config_new(err, errlen);
    if (!cfg)
        return NULL;
    char found[PATH_MAX];
    if (!path) {
        if (!find_upward(found, sizeof found))
            return cfg;
        path = found;
    }
    char why[256];
    if (source_read(&cfg->file, path, NULL, CONFIG_MAX_BYTES, why, sizeof why) != SOURCE_OK) {
        snprintf(err, errlen, "%s: %s", path, why);
        config_free(cfg);
        return NULL;
    }
    return config_read(cfg, err, errlen);
}

struct config *config_parse(const char *name, const char *bytes, size_t len, char *err, size_t errlen)
{
    struct config *cfg = config_new(err, errlen);
    if (!cfg)
        return NULL;
    if (len > CONFIG_MAX_BYTES || source_from_bytes(&cfg->file, name, bytes, len) != 0) {
        snprintf(err, errlen, "%s: %s", name, len > CONFIG_MAX_BYTES ? "too large" : "out of memory");
        config_free(cfg);
        return NULL;
    }
    return config_read(cfg, err, errlen);
}

/* Parse the text in CFG->file; CFG is freed on failure. */
static struct config *config_read(struct config *cfg, char *err, size_t errlen)
{
    const struct load_limits lim = { LOAD_DEFAULT_MAX_DEPTH, LOAD_DEFAULT_MAX_ALIAS_NODES };
    struct load_error lerr = { 0 };
    if (load_document(&cfg->file, SYNTAX_YAML, &lim, &cfg->doc, &lerr) != LOAD_OK) {
        snprintf(err, errlen, "%s:%u:%u: %s", cfg->file.name, lerr.line, lerr.col, lerr.msg);
        config_free(cfg);
        return NULL;
    }
    cfg->src = &cfg->file;
    const struct node *root = cfg->doc.root;
    const struct node *limits = node_get(root, "limits"), *scopes = node_get(root, "scopes");
    int rc = root->kind == NODE_OBJECT ? 0 : fail(err, errlen, cfg, root, "expected a mapping");
    for (size_t i = 0; rc == 0 && i < root->n; i++) {
        if (!key_is(root->kids[i], known_keys)) {
            snprintf(err, errlen, "%s:%u:%u: unknown setting; expected rules, limits, scopes, exclude or ignore",
                     cfg->file.name, root->kids[i]->key_line, root->kids[i]->key_col);
            rc = -1;
        }
    }
    if (rc == 0 && limits && limits->kind != NODE_OBJECT)
        rc = fail(err, errlen, cfg, limits, "'limits' maps max_timeout_ms and max_payload_bytes to numbers");
    if (rc == 0 && scopes && scopes->kind != NODE_OBJECT)
        rc = fail(err, errlen, cfg, scopes, "'scopes' holds 'allow' and 'forbid' lists and a 'granted' map");
    for (size_t i = 0; rc == 0 && scopes && i < scopes->n; i++) {
        if (!key_is(scopes->kids[i], scope_keys)) {
            snprintf(err, errlen, "%s:%u:%u: unknown scope setting; expected allow, forbid or granted",
                     cfg->file.name, scopes->kids[i]->key_line, scopes->kids[i]->key_col);
            rc = -1;
        }
    }
    if (rc == 0)
        rc = read_rules(cfg, node_get(root, "rules"), err, errlen);
    if (rc == 0)
        rc = read_limit(cfg, limits, "max_timeout_ms", &cfg->max_timeout_ms, err, errlen);
    if (rc == 0)
        rc = read_limit(cfg, limits, "max_payload_bytes", &cfg->max_payload_bytes, err, errlen);
    if (rc == 0)
        rc = string_list(cfg, node_get(scopes, "allow"), &cfg->allow_scopes, &cfg->nallow_scopes, err, errlen);
    if (rc == 0)
        rc = string_list(cfg, node_get(scopes, "forbid"), &cfg->forbid_scopes, &cfg->nforbid_scopes, err, errlen);
    if (rc == 0)
        rc = read_grants(cfg, node_get(scopes, "granted"), err, errlen);
    if (rc == 0)
        rc = string_list(cfg, node_get(root, "exclude"), &cfg->excludes, &cfg->nexcludes, err, errlen);
    if (rc == 0)
        rc = read_ignores(cfg, node_get(root, "ignore"), err, errlen);
    if (rc != 0) {
        config_free(cfg);
        return NULL;
    }
    return cfg;
}

void config_free(struct config *cfg)
{
    if (!cfg)
        return;
    free(cfg->severity);
    free(cfg->allow_scopes);
    free(cfg->forbid_scopes);
    free(cfg->grants);
    free(cfg->excludes);
    free(cfg->ignores);
    doc_free(&cfg->doc);
    source_free(&cfg->file);
    free(cfg);
}

const char *config_relative(const struct config *cfg, const char *path)
{
    while (strncmp(path, "./", 2) == 0)
        path += 2;
    const char *name = cfg->src ? cfg->file.name : NULL;
    const char *slash = name ? strrchr(name, '/') : NULL;
    if (!slash)
        return path; /* the config sits in the working directory */
    size_t dl = (size_t)(slash - name);
    return strncmp(path, name, dl) == 0 && path[dl] == '/' ? path + dl + 1 : path;
}

bool config_excluded(const struct config *cfg, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *rel = config_relative(cfg, path);
    for (size_t i = 0; i < cfg->nexcludes; i++)
        if (fnmatch(cfg->excludes[i], rel, 0) == 0 || fnmatch(cfg->excludes[i], base, 0) == 0)
            return true;
    return false;
}

static bool listed(const char **list, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && memcmp(list[i], s, len) == 0)
            return true;
    return false;
}

bool config_scope_allowed(const struct config *cfg, const char *scope, size_t len)
{
    return listed(cfg->allow_scopes, cfg->nallow_scopes, scope, len);
}

bool config_scope_forbidden(const struct config *cfg, const char *scope, size_t len)
{
    return listed(cfg->forbid_scopes, cfg->nforbid_scopes, scope, len);
}

const struct config_grant *config_grant_find(const struct config *cfg, const char *client, size_t len)
{
    for (size_t i = 0; i < cfg->ngrants; i++)
        if (cfg->grants[i].client_len == len && memcmp(cfg->grants[i].client, client, len) == 0)
            return &cfg->grants[i];
    return NULL;
}

bool config_grant_has(const struct config_grant *grant, const char *scope, size_t len, size_t *index)
{
    for (size_t i = 0; i < grant->nscopes; i++) {
        if (grant->scopes[i]->len == len && memcmp(grant->scopes[i]->str, scope, len) == 0) {
            if (index)
                *index = i;
            return true;
        }
    }
    return false;
}
