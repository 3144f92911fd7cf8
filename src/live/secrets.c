/* secrets.c - the values templates are given: --input pairs (and
 * ${input.rawRequest}, all of them as JSON), secrets from the environment
 * (DACC_SECRET_NAME) or --secrets-file, and the references that found none
 *
 * Every secret value handed out, and every form one is sent in, is kept
 * (R->used, R->derived) so that scrub.c can take it out of server text.
 * What is kept here is freed by secrets_free().
 */
#include "live/live_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/grow.h"
#include "core/load.h"
#include "report/report.h"

#define SECRETS_FILE_MAX ((size_t)1 << 20)

/* The value of --input NAME=VALUE, or for rawRequest every input as one JSON
 * object (made once, owned by R); NULL when there is none. */
static const char *input_value(struct run *r, const char *name, size_t len)
{
    for (size_t i = 0; i < r->opt->ninputs; i++) {
        const char *kv = r->opt->inputs[i];
        if (strncmp(kv, name, len) == 0 && kv[len] == '=')
            return kv + len + 1;
    }
    if (len == 10 && memcmp(name, "rawRequest", 10) == 0) {
        /* Genesys's pass-through of the whole input: here, the --input pairs */
        if (!r->raw_request) {
            json_t *o = json_object();
            for (size_t i = 0; o && i < r->opt->ninputs; i++) {
                const char *kv = r->opt->inputs[i], *eq = strchr(kv, '=');
                /* report_json_text: an input that is not UTF-8 is not a memory failure */
                if (json_object_setn_new(o, kv, (size_t)(eq - kv), report_json_text(eq + 1)))
                    r->nomem = true;
            }
            r->raw_request = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
            json_decref(o);
            if (!r->raw_request)
                r->nomem = true;
        }
        return r->raw_request;
    }
    return NULL;
}

/* DACC_SECRET_<NAME upper-cased>, other characters than letters and digits as '_'. */
static void secret_env_name(const char *name, size_t len, char *out, size_t outlen)
{
    int n = snprintf(out, outlen, "DACC_SECRET_");
    size_t o = n > 0 ? (size_t)n : 0;
    for (size_t i = 0; i < len && o + 1 < outlen; i++) {
        char ch = name[i];
        if (ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 'a' + 'A');
        else if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')))
            ch = '_';
        out[o++] = ch;
    }
    out[o] = '\0';
}

/* Keep a copy of TEXT[0..LEN) among the forms of secrets to scrub, once. */
static void keep_derived(struct run *r, const char *text, size_t len)
{
    for (size_t i = 0; i < r->nderived; i++)
        if (strlen(r->derived[i]) == len && memcmp(r->derived[i], text, len) == 0)
            return;
    void *more = grow(r->derived, &r->derived_cap, r->nderived, sizeof *r->derived, 8);
    char *copy = more ? strndup(text, len) : NULL;
    if (more)
        r->derived = more;
    if (!copy) {
        r->nomem = true;
        return;
    }
    r->derived[r->nderived++] = copy;
}

/* A form a secret is sent in, and its base64url spelling ('-' and '_' for
 * '+' and '/') when that differs. */
void secrets_derived(void *ctx, const char *text, size_t len)
{
    struct run *r = ctx;
    keep_derived(r, text, len);
    if (!memchr(text, '+', len) && !memchr(text, '/', len))
        return;
    char *alt = strndup(text, len);
    if (!alt) {
        r->nomem = true;
        return;
    }
    for (size_t i = 0; i < len; i++)
        alt[i] = alt[i] == '+' ? '-' : alt[i] == '/' ? '_' : alt[i];
    keep_derived(r, alt, len);
    free(alt);
}

static void remember_secret(struct run *r, const char *value)
{
    for (size_t i = 0; i < r->nused; i++)
        if (r->used[i] == value)
            return;
    void *more = grow(r->used, &r->used_cap, r->nused, sizeof *r->used, 8);
    if (!more) {
        r->nomem = true;
        return;
    }
    r->used = more;
    r->used[r->nused++] = value;
    secrets_derived(r, value, strlen(value)); /* its base64url spelling, if any */
}

/* The environment first, then --secrets-file.  An empty value is no value. */
static const char *secret_value(struct run *r, const char *name, size_t len)
{
    char var[128];
    if (len == 0 || len > 80)
        return NULL;
    secret_env_name(name, len, var, sizeof var);
    const char *v = getenv(var);
    if (v && *v) {
        remember_secret(r, v);
        return v;
    }
    if (r->secrets) {
        char key[81];
        memcpy(key, name, len);
        key[len] = '\0';
        const struct node *n = node_get(r->secrets, key);
        if (n && n->kind == NODE_STRING && n->len > 0 && !memchr(n->str, '\0', n->len)) {
            remember_secret(r, n->str);
            return n->str;
        }
    }
    return NULL;
}

const char *secrets_lookup(void *ctx, enum render_ref kind, const char *name, size_t len)
{
    struct run *r = ctx;
    if (kind == RENDER_INPUT)
        return input_value(r, name, len);
    if (kind == RENDER_SECRET)
        return secret_value(r, name, len);
    return NULL;
}

/* Once per name and kind; a reference in a flagged field makes it hidden. */
void secrets_missing(void *ctx, enum render_ref kind, const char *name, size_t len)
{
    struct run *r = ctx;
    if (len >= sizeof r->missing->name)
        len = sizeof r->missing->name - 1;
    for (size_t i = 0; i < r->nmissing; i++)
        if (r->missing[i].kind == kind && strlen(r->missing[i].name) == len &&
            memcmp(r->missing[i].name, name, len) == 0) {
            if (r->rendering_flagged && !r->missing[i].hidden) {
                r->missing[i].hidden = true;
                r->missing[i].act = r->rendering;
                r->missing[i].field = r->rendering_field;
            }
            return;
        }
    void *more = grow(r->missing, &r->missing_cap, r->nmissing, sizeof *r->missing, 4);
    if (!more) {
        r->nomem = true;
        return;
    }
    r->missing = more;
    struct missing *m = &r->missing[r->nmissing++];
    m->kind = kind;
    m->hidden = r->rendering_flagged;
    m->act = r->rendering;
    m->field = r->rendering_field;
    memcpy(m->name, name, len);
    m->name[len] = '\0';
}

/* --secrets-file: a regular file that only its owner may read, holding a map
 * of names to strings.  Returns 0, or -1 after saying why. */
int secrets_load(struct run *r, const char *path)
{
    int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        live_error("%s: cannot open the secrets file: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        live_error("%s: the secrets file must be a regular file", path);
        close(fd);
        return -1;
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        live_error("%s: the secrets file is open to group or others (mode %04o); "
                   "run 'chmod 600 %s' so that only its owner can read it",
                   path, (unsigned)(st.st_mode & 07777), path);
        close(fd);
        return -1;
    }
    if ((size_t)st.st_size > SECRETS_FILE_MAX) {
        live_error("%s: the secrets file is larger than %zu bytes", path, SECRETS_FILE_MAX);
        close(fd);
        return -1;
    }
    size_t cap = (size_t)st.st_size + 1, len = 0;
    char *buf = malloc(cap);
    int rc = buf ? 0 : -1;
    if (!buf)
        live_error("out of memory");
    while (rc == 0) {
        if (len == cap) {
            live_error("%s: the secrets file changed while it was read", path);
            rc = -1;
            break;
        }
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            live_error("%s: cannot read the secrets file: %s", path, strerror(errno));
            rc = -1;
        }
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    if (rc == 0 && source_from_bytes(&r->secrets_src, path, buf, len) != 0) {
        live_error("out of memory");
        rc = -1;
    }
    free(buf);
    if (rc != 0)
        return -1;
    struct load_error err = { 0 };
    struct load_limits lim = { .max_depth = 8, .max_alias_nodes = 0 };
    enum load_status ls = load_document(&r->secrets_src, load_guess_syntax(path, &r->secrets_src), &lim,
                                        &r->secrets_doc, &err);
    if (ls == LOAD_NOMEM) {
        live_error("out of memory");
        return -1;
    }
    if (ls == LOAD_SYNTAX) {
        live_error("%s:%u:%u: %s", path, err.line, err.col, err.msg);
        return -1;
    }
    const struct node *map = r->secrets_doc.root;
    if (map->kind != NODE_OBJECT) {
        live_error("%s: the secrets file must hold a map of secret names to values", path);
        return -1;
    }
    for (size_t i = 0; i < map->n; i++) {
        const struct node *v = map->kids[i];
        if (v->kind != NODE_STRING) {
            char key[64];
            live_error("%s:%u:%u: the value of '%s' must be a string", path, v->line, v->col,
                       node_key_text(v, key, sizeof key));
            return -1;
        }
    }
    r->secrets = map;
    return 0;
}

/* Each missing value once, then that no request was made. */
void secrets_say_missing(const struct run *r)
{
    for (size_t i = 0; i < r->nmissing; i++) {
        const struct missing *m = &r->missing[i];
        if (m->hidden) {
            live_error("%s: action '%s': a %s referenced in %s has no value; the field holds what plaintext-secret "
                       "flags, so it is not named here: 'dacc lint' says what to fix",
                       m->act->file, m->act->name, m->kind == RENDER_SECRET ? "secret" : "input", m->field);
        } else if (m->kind == RENDER_SECRET) {
            char var[128];
            secret_env_name(m->name, strlen(m->name), var, sizeof var);
            live_error("secret '%s' has no value: set %s%s%s", m->name, var,
                       r->opt->secrets_file ? " or add it to " : "",
                       r->opt->secrets_file ? r->opt->secrets_file : " (or give it in --secrets-file FILE)");
        } else {
            live_error("input '%s' has no value: pass --input %s=VALUE", m->name, m->name);
        }
    }
    live_error("no request was made");
}

void secrets_free(struct run *r)
{
    free(r->missing);
    free(r->used);
    for (size_t i = 0; i < r->nderived; i++)
        free(r->derived[i]);
    free(r->derived);
    free(r->raw_request);
    doc_free(&r->secrets_doc);
    source_free(&r->secrets_src);
}
