/* config.c - reading .dacc.yaml with the project's own YAML loader */
#include "core/config.h"

#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "core/load.h"
#include "rules/registry.h"
#include "core/termsafe.h"

static int fail(char *err, size_t errlen, const struct config *cfg, const struct node *n, const char *what)
{
    snprintf(err, errlen, "%s:%u:%u: %s", cfg->file.name, n ? n->line : 1, n ? n->col : 1, what);
    return -1;
}

/* Whether a file or directory that UID owns may steer this run: the user's
 * own, or root's, as git judges a repository (safe.directory). */
static bool trusted_owner(uid_t uid)
{
    return uid == geteuid() || uid == 0;
}

/* Why the .dacc.yaml at PATH is not used, into CFG's note (one line). */
static void not_used(struct config *cfg, const char *path, const char *whose, uid_t uid)
{
    char shown[PATH_MAX];
    snprintf(cfg->note, sizeof cfg->note, "warning: %s is not used: %s is owned by uid %lu, neither yours nor "
             "root's (--config FILE uses it anyway)", termsafe_escape(path, shown, sizeof shown), whose,
             (unsigned long)uid);
}

/* The nearest .dacc.yaml from the working directory upward, into OUT, as a
 * path relative to the working directory (./.dacc.yaml, ../.dacc.yaml ...).
 * The search ends at the root of a repository (a directory holding .git, a
 * directory or a file), and, as git does, at a directory that neither the
 * user nor root owns; a .dacc.yaml there, or one that neither owns, is not
 * used (a warning in CFG's note): anyone who can write to /tmp could otherwise
 * switch rules off for every run under /tmp/x. */
static bool find_upward(struct config *cfg, char *out, size_t outlen)
{
    char dir[PATH_MAX];
    if (!getcwd(dir, sizeof dir))
        return false;
    for (size_t up = 0;; up++) {
        char abs[PATH_MAX + 16];
        struct stat dst, cst;
        bool fits = (size_t)snprintf(abs, sizeof abs, "%s%s%s", dir, strcmp(dir, "/") ? "/" : "", CONFIG_NAME) <
                    sizeof abs;
        if (stat(dir, &dst) != 0)
            return false;
        bool mine = trusted_owner(dst.st_uid);
        if (fits && stat(abs, &cst) == 0) {
            if (!mine || !trusted_owner(cst.st_uid)) {
                not_used(cfg, abs, mine ? "it" : "its directory", mine ? cst.st_uid : dst.st_uid);
                return false;
            }
            size_t o = 0;
            for (size_t i = 0; i < up && o + 4 < outlen; i++)
                o += (size_t)snprintf(out + o, outlen - o, "../");
            snprintf(out + o, outlen - o, "%s", CONFIG_NAME);
            return true;
        }
        if (!mine)
            return false; /* nor above it */
        char git[PATH_MAX + 16];
        if ((size_t)snprintf(git, sizeof git, "%s%s.git", dir, strcmp(dir, "/") ? "/" : "") < sizeof git &&
            lstat(git, &cst) == 0)
            return false; /* the repository's root: what lies above is not its */
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

/* Files as the config names them.  A path is lexically normal when it has no
 * empty, "." or ".." components (but for a relative one's leading ".."s) and
 * no trailing '/'.  The config names a file by its normal path relative to
 * the config's directory when it lies below it, else by its normal absolute
 * path: so "./flows/x.json", "flows//x.json" and, from the directory flows,
 * "x.json" all become "flows/x.json". */

/* Append to the normal path OUT (*O bytes long) the components of PATH. */
static bool path_append(char *out, size_t outlen, size_t *o, const char *path)
{
    for (const char *s = path; *s;) {
        while (*s == '/')
            s++;
        size_t n = strcspn(s, "/");
        if (n == 0 || (n == 1 && s[0] == '.')) {
            s += n;
            continue;
        }
        size_t tail = *o; /* where the last component starts */
        while (tail && out[tail - 1] != '/')
            tail--;
        bool at_root = *o == 1 && out[0] == '/';
        bool up = n == 2 && s[0] == '.' && s[1] == '.';
        if (up && at_root) {
            /* the root's parent is the root */
        } else if (up && tail < *o && !(*o - tail == 2 && !memcmp(out + tail, "..", 2))) {
            *o = tail == 1 ? 1 : tail ? tail - 1 : 0;
        } else {
            bool sep = *o && out[*o - 1] != '/';
            if (*o + sep + n + 1 > outlen)
                return false;
            if (sep)
                out[(*o)++] = '/';
            memcpy(out + *o, s, n);
            *o += n;
        }
        out[*o] = '\0';
        s += n;
    }
    return true;
}

/* PATH, relative to the absolute directory BASE (or to nothing when BASE is
 * ""), as a normal path into OUT ("." for an empty relative one).  False when
 * it does not fit. */
static bool path_normal(const char *base, const char *path, char *out, size_t outlen)
{
    size_t o = 0;
    if (outlen < 2)
        return false;
    out[0] = '\0';
    if (path[0] == '/' || base[0] == '/') {
        out[o++] = '/';
        out[o] = '\0';
    }
    if ((path[0] != '/' && !path_append(out, outlen, &o, base)) || !path_append(out, outlen, &o, path))
        return false;
    if (o == 0)
        snprintf(out, outlen, ".");
    return true;
}

/* True when the normal relative path P starts by climbing out ("..", "../x"). */
static bool path_climbs(const char *p)
{
    return p[0] == '.' && p[1] == '.' && (!p[2] || p[2] == '/');
}

/* The part of the normal absolute path ABS below directory DIR, or NULL. */
static const char *path_below(const char *dir, const char *abs)
{
    size_t dl = strlen(dir);
    if (strcmp(dir, ".") == 0) /* no working directory was known: both are relative */
        return abs[0] != '/' && strcmp(abs, ".") && !path_climbs(abs) ? abs : NULL;
    if (dl == 1 && dir[0] == '/')
        return abs[0] == '/' && abs[1] ? abs + 1 : NULL;
    return dl && strncmp(abs, dir, dl) == 0 && abs[dl] == '/' && abs[dl + 1] ? abs + dl + 1 : NULL;
}

/* PATH with symlinks resolved (fs_resolve), into OUT (PATH_MAX bytes). */
static bool path_real(const char *path, char *out)
{
    char *real = fs_resolve(path);
    bool fits = real && (size_t)snprintf(out, PATH_MAX, "%s", real) < PATH_MAX;
    free(real);
    return fits;
}

/* Where CFG's paths are relative to: the directory of the config file NAME
 * (symlinks resolved when it exists), or the working directory. */
static void config_set_dir(struct config *cfg, const char *name)
{
    char dir[PATH_MAX];
    const char *slash = name ? strrchr(name, '/') : NULL;
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", slash == name ? 1 : (int)(slash - name), name);
    if (!realpath(dir, cfg->dir) && !path_normal(cfg->cwd, dir, cfg->dir, sizeof cfg->dir))
        cfg->dir[0] = '\0';
}

bool config_name(const struct config *cfg, const char *path, bool real, char *out)
{
    char abs[PATH_MAX], resolved[PATH_MAX];
    if (!path_normal(cfg->cwd, path, abs, sizeof abs)) {
        snprintf(out, PATH_MAX, "%s", path);
        return !real;
    }
    const char *full = abs;
    if (real) {
        /* realpath reads ".." after a symlink as the link's target's parent,
         * which the text alone cannot: resolve the path as given */
        char raw[PATH_MAX];
        if ((size_t)snprintf(raw, sizeof raw, "%s%s%s", path[0] == '/' ? "" : cfg->cwd, path[0] == '/' ? "" : "/",
                             path) >= sizeof raw || !path_real(raw, resolved))
            return false;
        full = resolved;
    }
    const char *rel = path_below(cfg->dir, full);
    snprintf(out, PATH_MAX, "%s", rel ? rel : full);
    return true;
}

/* PATTERN against the first LEN bytes of NAME. */
static bool matches_part(const char *pattern, const char *name, size_t len)
{
    char part[PATH_MAX];
    if (len >= sizeof part)
        return false;
    memcpy(part, name, len);
    part[len] = '\0';
    return strcmp(pattern, part) == 0 || fnmatch(pattern, part, 0) == 0;
}

bool config_name_matches(const char *pattern, const char *name)
{
    if (strcmp(pattern, name) == 0 || fnmatch(pattern, name, 0) == 0)
        return true;
    /* a directory covers what is under it: "legacy" names legacy/a/x.json */
    for (const char *s = strchr(name, '/'); s; s = strchr(s + 1, '/'))
        if (s > name && matches_part(pattern, name, (size_t)(s - name)))
            return true;
    return false;
}

/* As config_name_matches(), and a PATTERN without '/' also names any file or
 * directory of that name at any depth in the config's tree ("node_modules",
 * "*.draft.yaml"). */
static bool exclude_matches(const char *pattern, const char *name)
{
    if (config_name_matches(pattern, name))
        return true;
    if (strchr(pattern, '/') || name[0] == '/') /* a file outside the config's tree: by its path only */
        return false;
    for (const char *part = name; part; part = strchr(part, '/') ? strchr(part, '/') + 1 : NULL) {
        const char *end = strchr(part, '/');
        if (matches_part(pattern, part, end ? (size_t)(end - part) : strlen(part)))
            return true;
    }
    return false;
}

/* ENTRY, a path or glob the config gives relative to its directory, as CFG
 * names files: a copy in the config's document (NULL: out of memory). */
static const char *config_path(struct config *cfg, const char *entry)
{
    char rel[PATH_MAX], abs[PATH_MAX];
    const char *s = entry;
    if (entry[0] && path_normal("", entry, rel, sizeof rel)) {
        s = rel;
        if ((rel[0] == '/' || path_climbs(rel)) &&
            path_normal(cfg->dir, rel, abs, sizeof abs)) {
            const char *below = path_below(cfg->dir, abs);
            s = below ? below : abs;
        }
    }
    return doc_strndup(&cfg->doc, s, strlen(s));
}

/* A string without NUL bytes (which C string functions would cut it at). */
static bool is_text(const struct node *n)
{
    return n && n->kind == NODE_STRING && !memchr(n->str, '\0', n->len);
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
        if (!is_text(seq->kids[i]))
            return fail(err, errlen, cfg, seq->kids[i], "expected a string");
        (*out)[(*n)++] = seq->kids[i]->str;
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

/* Refuse a member of mapping OBJ that is not one of KEYS, at its name:
 * "unknown WHAT 'NAME'; expected EXPECTED". */
static int known_keys_only(struct config *cfg, const struct node *obj, const char *const *keys, const char *what,
                           const char *expected, char *err, size_t errlen)
{
    for (size_t i = 0; i < obj->n; i++) {
        const struct node *m = obj->kids[i];
        if (!key_is(m, keys)) {
            char key[80];
            snprintf(err, errlen, "%s:%u:%u: unknown %s '%s'; expected %s", cfg->file.name, m->key_line, m->key_col,
                     what, node_key_text(m, key, sizeof key), expected);
            return -1;
        }
    }
    return 0;
}

/* Member KEY of mapping OBJ into *OUT: NULL when it is absent, a refusal
 * when it is not a string. */
static int string_member(struct config *cfg, const struct node *obj, const char *key, const char **out,
                         char *err, size_t errlen)
{
    const struct node *n = node_get(obj, key);
    *out = NULL;
    if (!n)
        return 0;
    if (!is_text(n)) {
        char msg[80];
        if (n->kind == NODE_STRING)
            snprintf(msg, sizeof msg, "'%s' holds a NUL byte", key);
        else
            snprintf(msg, sizeof msg, "'%s' is a string, not %s", key, node_kind_name(n->kind));
        return fail(err, errlen, cfg, n, msg);
    }
    *out = n->str;
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
        if (rule_registry[index] == &rule_syntax && sev != SEV_ERROR)
            return fail(err, errlen, cfg, r, "'syntax' stays an error: a file dacc cannot read is a file no rule "
                        "checked, and build cannot write it; list it in 'exclude' instead");
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

static const char *const ignore_keys[] = { "file", "rule", "pointer", "reason", NULL };

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
        if (e->kind != NODE_OBJECT)
            return fail(err, errlen, cfg, e, "an ignore entry needs 'file' and 'rule' (and a 'reason')");
        if (known_keys_only(cfg, e, ignore_keys, "ignore key", "file, rule, pointer or reason", err, errlen) != 0 ||
            string_member(cfg, e, "file", &ig->file, err, errlen) != 0 ||
            string_member(cfg, e, "rule", &ig->rule, err, errlen) != 0 ||
            string_member(cfg, e, "pointer", &ig->pointer, err, errlen) != 0 ||
            string_member(cfg, e, "reason", &ig->reason, err, errlen) != 0)
            return -1;
        ig->at = e;
        if (!ig->file || !ig->rule)
            return fail(err, errlen, cfg, e, "an ignore entry needs 'file' and 'rule' (and a 'reason')");
        if (!ig->file[0])
            return fail(err, errlen, cfg, node_get(e, "file"), "'file' is a path or a glob, not empty");
        if (!rule_find(ig->rule))
            return fail(err, errlen, cfg, node_get(e, "rule"), "unknown rule; 'dacc rules' lists them");
        if (rule_find(ig->rule) == &rule_syntax)
            return fail(err, errlen, cfg, node_get(e, "rule"), "'syntax' findings cannot be ignored: no rule "
                        "checked a file dacc cannot read; list it in 'exclude' instead");
        if (ig->pointer && ig->pointer[0] && ig->pointer[0] != '/')
            return fail(err, errlen, cfg, node_get(e, "pointer"),
                        "'pointer' is a JSON Pointer: empty or starting with '/'");
        if (!(ig->file = config_path(cfg, ig->file)))
            return fail(err, errlen, cfg, e, "out of memory");
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

/* True when S may be a scopes.forbid pattern (it is quoted in findings). */
static bool scope_pattern(const char *s)
{
    if (!s[0])
        return false;
    for (; *s; s++)
        if ((unsigned char)*s <= ' ' || *s == 0x7f)
            return false;
    return true;
}

static const char *const scope_keys[] = { "allow", "forbid", "granted", NULL };
static const char *const limit_keys[] = { "max_timeout_ms", "max_payload_bytes", NULL };
static const char *const known_keys[] = { "rules", "limits", "scopes", "exclude", "ignore", "build", "flows", "baseline", NULL };
static const char *const build_keys[] = { "category", NULL };

/* build: what dacc build writes (build.category, for --emit archy). */
static int read_build(struct config *cfg, const struct node *build, char *err, size_t errlen)
{
    if (!build)
        return 0;
    if (build->kind != NODE_OBJECT)
        return fail(err, errlen, cfg, build, "'build' holds 'category'");
    if (known_keys_only(cfg, build, build_keys, "build setting", "category", err, errlen) != 0 ||
        string_member(cfg, build, "category", &cfg->build_category, err, errlen) != 0)
        return -1;
    const struct node *c = node_get(build, "category");
    if (c && (!c->len || strstr(c->str, "{{") || strpbrk(c->str, "\n\r")))
        return fail(err, errlen, cfg, c, "'build.category' is a category name: one line, not empty, no {{...}}");
    return 0;
}

static const char *const flow_keys[] = { "substitutions", "actions", NULL };

/* flows: {substitutions: {KEY: VALUE}, actions: [DIR]}.  Values are strings,
 * integers or booleans (their keys are judged where they are used); an
 * actions entry is a path from the config's directory. */
static int read_flows(struct config *cfg, const struct node *flows, char *err, size_t errlen)
{
    if (!flows)
        return 0;
    if (flows->kind != NODE_OBJECT)
        return fail(err, errlen, cfg, flows, "'flows' holds a 'substitutions' map and an 'actions' list");
    if (known_keys_only(cfg, flows, flow_keys, "flows setting", "substitutions or actions", err, errlen) != 0)
        return -1;
    const struct node *subs = node_get(flows, "substitutions");
    if (subs && subs->kind != NODE_OBJECT)
        return fail(err, errlen, cfg, subs, "'substitutions' maps each KEY of {{KEY}} to its value");
    for (size_t i = 0; subs && i < subs->n; i++) {
        const struct node *v = subs->kids[i];
        if (v->kind != NODE_STRING && v->kind != NODE_INT && v->kind != NODE_BOOL)
            return fail(err, errlen, cfg, v, "a substitution is a string, an integer or a boolean (quote it)");
    }
    cfg->flow_substitutions = subs;
    cfg->flow_actions_at = node_get(flows, "actions");
    if (string_list(cfg, cfg->flow_actions_at, &cfg->flow_actions, &cfg->nflow_actions, err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < cfg->nflow_actions; i++) {
        char abs[PATH_MAX];
        const char *p = cfg->flow_actions[i];
        if (!p[0] || !path_normal(cfg->dir, p, abs, sizeof abs))
            return fail(err, errlen, cfg, cfg->flow_actions_at->kids[i], "expected a directory of actions");
        if (!(cfg->flow_actions[i] = doc_strndup(&cfg->doc, abs, strlen(abs))))
            return fail(err, errlen, cfg, NULL, "out of memory");
    }
    return 0;
}


/* baseline: FILE, a path relative to the config file's directory, into
 * cfg->baseline as a path from the working directory (or absolute). */
static int read_baseline(struct config *cfg, const struct node *n, char *err, size_t errlen)
{
    if (!n)
        return 0;
    if (n->kind != NODE_STRING || n->len == 0 || memchr(n->str, '\0', n->len))
        return fail(err, errlen, cfg, n, "'baseline' names a file (relative to this one) that --write-baseline made");
    const char *name = cfg->file.name, *slash = strrchr(name, '/');
    int dl = slash && n->str[0] != '/' ? (int)(slash - name) : 0;
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%.*s%s%s", dl, name, dl ? "/" : "", n->str) >= (int)sizeof path)
        return fail(err, errlen, cfg, n, "path too long");
    if (!(cfg->baseline = doc_strndup(&cfg->doc, path, strlen(path))))
        return fail(err, errlen, cfg, NULL, "out of memory");
    return 0;
}

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
    if (!getcwd(cfg->cwd, sizeof cfg->cwd))
        cfg->cwd[0] = '\0';
    config_set_dir(cfg, NULL);
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
        if (!find_upward(cfg, found, sizeof found))
            return cfg;
        path = found;
    }
    char why[256];
    if (source_read(&cfg->file, path, NULL, CONFIG_MAX_BYTES, why, sizeof why) != SOURCE_OK) {
        char shown[PATH_MAX];
        snprintf(err, errlen, "%s: %s", termsafe_escape(path, shown, sizeof shown), why);
        config_free(cfg);
        return NULL;
    }
    config_set_dir(cfg, path);
    cfg = config_read(cfg, err, errlen);
    if (!cfg) {
        /* the message names the file, and may quote a key: safe on a terminal */
        char safe[1024];
        snprintf(err, errlen, "%s", termsafe_escape(err, safe, sizeof safe));
    }
    return cfg;
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
    config_set_dir(cfg, name);
    return config_read(cfg, err, errlen);
}

/* Parse the text in CFG->file; CFG is freed on failure. */
static struct config *config_read(struct config *cfg, char *err, size_t errlen)
{
    const struct load_limits lim = { LOAD_DEFAULT_MAX_DEPTH, LOAD_DEFAULT_MAX_ALIAS_NODES };
    struct load_error lerr = { 0 };
    if (!load_is_blank(&cfg->file, SYNTAX_YAML) &&
        load_document(&cfg->file, SYNTAX_YAML, &lim, &cfg->doc, &lerr) != LOAD_OK) {
        snprintf(err, errlen, "%s:%u:%u: %s", cfg->file.name, lerr.line, lerr.col, lerr.msg);
        config_free(cfg);
        return NULL;
    }
    cfg->src = &cfg->file;
    /* an empty file, or an empty document ("---" alone), means all defaults */
    const struct node *root = cfg->doc.root;
    if (!root || root->kind == NODE_NULL) {
        if (!(cfg->doc.root = doc_node(&cfg->doc, NODE_OBJECT, root ? root->line : 1, root ? root->col : 1))) {
            snprintf(err, errlen, "out of memory");
            config_free(cfg);
            return NULL;
        }
        root = cfg->doc.root;
    }
    const struct node *limits = node_get(root, "limits"), *scopes = node_get(root, "scopes");
    static const char settings[] = "rules, limits, scopes, exclude, ignore, build, flows or baseline";
    char what[120];
    snprintf(what, sizeof what, "expected a mapping of settings: %s", settings);
    int rc = root->kind == NODE_OBJECT ? 0 : fail(err, errlen, cfg, root, what);
    if (rc == 0)
        rc = known_keys_only(cfg, root, known_keys, "setting", settings, err, errlen);
    if (rc == 0 && limits && limits->kind != NODE_OBJECT)
        rc = fail(err, errlen, cfg, limits, "'limits' maps max_timeout_ms and max_payload_bytes to numbers");
    if (rc == 0 && limits)
        rc = known_keys_only(cfg, limits, limit_keys, "limit", "max_timeout_ms or max_payload_bytes", err, errlen);
    if (rc == 0 && scopes && scopes->kind != NODE_OBJECT)
        rc = fail(err, errlen, cfg, scopes, "'scopes' holds 'allow' and 'forbid' lists and a 'granted' map");
    if (rc == 0 && scopes)
        rc = known_keys_only(cfg, scopes, scope_keys, "scope setting", "allow, forbid or granted", err, errlen);
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
    for (size_t i = 0; rc == 0 && i < cfg->nforbid_scopes; i++)
        if (!scope_pattern(cfg->forbid_scopes[i]))
            rc = fail(err, errlen, cfg, node_get(scopes, "forbid")->kids[i],
                      "a forbidden scope is a non-empty pattern without spaces or control characters");
    if (rc == 0)
        rc = read_grants(cfg, node_get(scopes, "granted"), err, errlen);
    if (rc == 0)
        rc = string_list(cfg, node_get(root, "exclude"), &cfg->excludes, &cfg->nexcludes, err, errlen);
    for (size_t i = 0; rc == 0 && i < cfg->nexcludes; i++)
        if (!(cfg->excludes[i] = config_path(cfg, cfg->excludes[i])))
            rc = fail(err, errlen, cfg, NULL, "out of memory");
    if (rc == 0)
        rc = read_ignores(cfg, node_get(root, "ignore"), err, errlen);
    if (rc == 0)
        rc = read_build(cfg, node_get(root, "build"), err, errlen);
    if (rc == 0)
        rc = read_flows(cfg, node_get(root, "flows"), err, errlen);
    if (rc == 0)
        rc = read_baseline(cfg, node_get(root, "baseline"), err, errlen);
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
    free(cfg->flow_actions);
    doc_free(&cfg->doc);
    source_free(&cfg->file);
    free(cfg);
}

bool config_excluded(const struct config *cfg, const char *path)
{
    if (!cfg->nexcludes)
        return false;
    char name[PATH_MAX];
    config_name(cfg, path, false, name);
    for (size_t i = 0; i < cfg->nexcludes; i++)
        if (exclude_matches(cfg->excludes[i], name))
            return true;
    /* the text missed: the file it names, through any symlinks */
    if (!config_name(cfg, path, true, name))
        return false;
    for (size_t i = 0; i < cfg->nexcludes; i++)
        if (exclude_matches(cfg->excludes[i], name))
            return true;
    return false;
}

bool config_ignore_file(const struct config *cfg, const struct config_ignore *ig, const char *path)
{
    char name[PATH_MAX];
    config_name(cfg, path, false, name);
    if (config_name_matches(ig->file, name))
        return true;
    return config_name(cfg, path, true, name) && config_name_matches(ig->file, name);
}

bool config_scope_allowed(const struct config *cfg, const char *scope, size_t len)
{
    for (size_t i = 0; i < cfg->nallow_scopes; i++)
        if (strlen(cfg->allow_scopes[i]) == len && memcmp(cfg->allow_scopes[i], scope, len) == 0)
            return true;
    return false;
}

const char *config_scope_forbidden(const struct config *cfg, const char *scope, size_t len)
{
    if (!cfg->nforbid_scopes)
        return NULL;
    char buf[256], *s = len < sizeof buf ? buf : malloc(len + 1);
    if (!s)
        return cfg->forbid_scopes[0]; /* out of memory: refuse rather than let it pass */
    memcpy(s, scope, len);
    s[len] = '\0';
    const char *pattern = NULL;
    for (size_t i = 0; i < cfg->nforbid_scopes && !pattern; i++)
        if (fnmatch(cfg->forbid_scopes[i], s, 0) == 0)
            pattern = cfg->forbid_scopes[i];
    if (s != buf)
        free(s);
    return pattern;
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
