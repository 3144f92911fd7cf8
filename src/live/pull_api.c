/* pull_api.c - the org read through the Platform API, page by page: its
 * integrations (for each action's integrationType), its actions with their
 * configuration and contract (custom-authentication actions included), and
 * with --drafts its drafts
 *
 * Every request is a GET with the token as a Bearer header, TLS 1.2 or newer
 * and verified (http.c), live's --max-timeout-ms each and the whole run
 * within --max-time; a 429 is retried after its Retry-After (1, 2, 4 ... s
 * without one) at most PULL_RETRIES times, a 401 after a new token once.
 * Integration credentials are never asked for.  Server text is scrubbed of
 * the secret and the token before it is quoted.  P->items and
 * P->integrations are filled here and freed by pull.c.
 */
#include "live/pull_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/grow.h"
#include "core/load.h"
#include "live/pull_export.h"

static void sleep_ms(long long ms)
{
    struct timespec ts = { .tv_sec = (time_t)(ms / 1000), .tv_nsec = (long)(ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* Why the transfer RS of GET URL did not complete, said in one line. */
static void say_transport(struct pull *p, const char *url, const struct resp *rs, long timeout_ms)
{
    char err[SHOWN_MAX];
    scrub_text(&p->run, rs->err, strlen(rs->err), rs->err_cut, err, sizeof err);
    if (!err[0])
        snprintf(err, sizeof err, "%s", rs->outcome_text ? rs->outcome_text : "failed");
    pull_progress_done(p);
    switch (rs->outcome) {
    case HTTP_TIMEOUT:
        live_error("GET %s: no complete answer within %ld ms (--max-timeout-ms, or what is left of --max-time)",
                   url, timeout_ms);
        break;
    case HTTP_TLS_HANDSHAKE:
        live_error("GET %s: the TLS handshake failed (%s); pull speaks TLS 1.2 or newer", url, err);
        break;
    case HTTP_CERTIFICATE:
        live_error("GET %s: the server's certificate failed verification (%s); for a private CA pass --cacert FILE",
                   url, err);
        break;
    case HTTP_CACERT_FILE:
        live_error("--cacert %s: cannot use it as CA certificates: %s", p->opt->cacert ? p->opt->cacert : "", err);
        break;
    case HTTP_TOO_LARGE:
    case HTTP_WRITE:
        if (rs->capped || rs->outcome == HTTP_TOO_LARGE) {
            live_error("GET %s: the response is larger than %ld bytes, which pull does not read", url,
                       PULL_RESPONSE_MAX);
            break;
        }
        live_error("GET %s: the request failed: %s", url, err);
        break;
    case HTTP_DNS:
        live_error("GET %s: cannot resolve the host (%s): check --region", url, err);
        break;
    case HTTP_CONNECT:
        live_error("GET %s: cannot connect (%s)", url, err);
        break;
    default:
        live_error("GET %s: the request failed: %s", url, err);
        break;
    }
}

/* A status other than 200 from GET URL, said in one line with the API's own
 * message (scrubbed). */
static void say_status(struct pull *p, const char *url, const struct resp *rs)
{
    char msg[SHOWN_MAX] = "";
    json_t *j = json_loadb(rs->body, rs->len, 0, NULL);
    const char *m = json_string_value(json_object_get(j, "message"));
    if (m)
        scrub(&p->run, m, strlen(m), msg, sizeof msg);
    json_decref(j);
    pull_progress_done(p);
    long s = rs->status;
    const char *what = s == 401   ? "the API refused the token, also a new one"
                       : s == 403 ? "the OAuth client lacks a permission: it needs integrations:action:view (or "
                                    "bridge:actions:view) and integrations:integration:view"
                       : s == 404 ? "nothing at this URL: check --region or --api-base"
                       : s >= 500 ? "the server failed; try again later"
                                  : "unexpected status";
    live_error("GET %s: HTTP %ld: %s%s%s", url, s, what, msg[0] ? ": " : "", msg);
}

/* How long to wait before retrying after the 429 RS (attempt ATTEMPT), in
 * ms; -1 when the wait does not fit before the deadline. */
static long long retry_wait(const struct pull *p, const struct resp *rs, int attempt)
{
    long long wait = rs->retry_after >= 0 ? server_seconds(rs->retry_after) * 1000 : 1000LL << (attempt - 1);
    return now_ms() + wait < p->deadline ? wait : -1;
}

/* One GET of URL (the Bearer token, Accept: application/json) into RS, with
 * the retries: 0 with RS holding the last response (status 200 or another),
 * or -1 after saying why (RS freed). */
static int get_once(struct pull *p, const char *url, struct resp *rs)
{
    const char *names[1] = { "Accept" };
    struct render_result values[1] = { { .text = (char *)"application/json", .len = 16,
                                         .shown = (char *)"application/json", .shown_len = 16 } };
    bool hidden[1] = { false };
    struct request q = { .method = "GET", .values = values, .names = names, .nheaders = 1, .name_hidden = hidden,
                         .url = { .text = (char *)url, .len = strlen(url), .shown = (char *)url,
                                  .shown_len = strlen(url) } };
    bool renewed = false;
    for (int attempt = 1;; attempt++) {
        long long left = p->deadline - now_ms();
        long timeout = p->run.env.policy.max_timeout_ms;
        if (left <= 0) {
            pull_progress_done(p);
            live_error("GET %s: --max-time ran out", url);
            return -1;
        }
        if (left < timeout)
            timeout = (long)left;
        live_verbose(&p->run, "> GET %s", url);
        p->requests++;
        if (http_perform(p->api, &q, p->run.tokens[p->token].value, timeout, rs) != 0) {
            http_resp_free(rs);
            pull_progress_done(p);
            live_error("out of memory");
            return -1;
        }
        live_verbose(&p->run, "< HTTP %ld, %zu bytes", rs->status, rs->len);
        if (rs->outcome != HTTP_COMPLETE) {
            say_transport(p, url, rs, timeout);
            http_resp_free(rs);
            return -1;
        }
        long long wait = rs->status == 429 && attempt <= PULL_RETRIES ? retry_wait(p, rs, attempt) : -1;
        if (rs->status == 429 && wait < 0) {
            pull_progress_done(p);
            if (attempt > PULL_RETRIES)
                live_error("GET %s: HTTP 429: still rate limited after %d retries; the org's API rate limit is shared "
                           "by every client of the org: try again later", url, PULL_RETRIES);
            else
                live_error("GET %s: HTTP 429: rate limited, and waiting %s%lld s would pass --max-time; try again "
                           "later or give a longer --max-time", url, rs->retry_after >= 0 ? "the Retry-After of " : "",
                           rs->retry_after >= 0 ? server_seconds(rs->retry_after) : 1LL << (attempt - 1));
            http_resp_free(rs);
            return -1;
        }
        if (wait >= 0) {
            pull_progress(p, "rate limited: waiting %lld s (Retry-After)", (wait + 999) / 1000);
            live_verbose(&p->run, "HTTP 429: waiting %lld ms", wait);
            http_resp_free(rs);
            sleep_ms(wait);
            continue;
        }
        if (rs->status == 401 && !renewed) {
            /* the token expired or was revoked mid-listing: one new token */
            http_resp_free(rs);
            renewed = true;
            live_verbose(&p->run, "HTTP 401: asking for a new token");
            if (pull_token(p, true) != 0)
                return -1;
            continue;
        }
        return 0;
    }
}

/* GET PATH (with its query) from the API: its JSON object into *OUT (the
 * caller owns it).  Returns 0, or -1 after saying why. */
static int api_get(struct pull *p, const char *path, json_t **out)
{
    char url[2048];
    int n = snprintf(url, sizeof url, "%s%s", p->api_base, path);
    if (n < 0 || (size_t)n >= sizeof url) {
        live_error("GET %s%s: the URL is too long", p->api_base, path);
        return -1;
    }
    struct resp rs;
    if (get_once(p, url, &rs) != 0)
        return -1;
    int rc = 0;
    if (rs.status != 200) {
        say_status(p, url, &rs);
        rc = -1;
    } else {
        json_error_t jerr;
        *out = json_loadb(rs.body, rs.len, 0, &jerr);
        if (!json_is_object(*out)) {
            char why[200];
            load_json_reason(why, sizeof why, jerr.text);
            pull_progress_done(p);
            live_error("GET %s: the answer is not a JSON object (%s)", url, *out ? "another JSON value" : why);
            json_decref(*out);
            *out = NULL;
            rc = -1;
        }
    }
    http_resp_free(&rs);
    return rc;
}

/* What to do with each entity of a listing. */
typedef int (*each_fn)(struct pull *p, const json_t *entity, bool draft);

/* Every page of the listing at PATH (a query of its own, without paging):
 * each entity to EACH.  Returns 0, or -1 after saying why. */
static int api_list(struct pull *p, const char *what, const char *path, each_fn each, bool draft)
{
    for (long page = 1;; page++) {
        char query[1024];
        snprintf(query, sizeof query, "%s%spageSize=%d&pageNumber=%ld", path, strchr(path, '?') ? "&" : "?",
                 PULL_PAGE_SIZE, page);
        json_t *doc = NULL;
        if (api_get(p, query, &doc) != 0)
            return -1;
        const json_t *entities = json_object_get(doc, "entities");
        const json_t *count = json_object_get(doc, "pageCount");
        if (!json_is_array(entities)) {
            pull_progress_done(p);
            live_error("GET %s%s: the listing has no entities array", p->api_base, query);
            json_decref(doc);
            return -1;
        }
        if (json_is_integer(count))
            pull_progress(p, "reading %s: page %ld of %lld", what, page, (long long)json_integer_value(count));
        else
            pull_progress(p, "reading %s: page %ld", what, page);
        size_t i;
        const json_t *e;
        int rc = 0;
        json_array_foreach(entities, i, e) {
            if (rc == 0)
                rc = each(p, e, draft);
        }
        const json_t *next = json_object_get(doc, "nextUri");
        bool last = json_array_size(entities) == 0 ||
                    (json_is_integer(count) ? page >= json_integer_value(count) : !json_is_string(next));
        json_decref(doc);
        if (rc != 0)
            return -1;
        if (last)
            return 0;
    }
}

/* An integration: its name and type, by id. */
static int add_integration(struct pull *p, const json_t *e, bool draft)
{
    (void)draft;
    const char *id = json_string_value(json_object_get(e, "id"));
    const char *name = json_string_value(json_object_get(e, "name"));
    const char *type = json_string_value(json_object_get(json_object_get(e, "integrationType"), "id"));
    if (!id)
        return 0;
    if (json_object_set_new(p->integrations, id, json_pack("[s?,s?]", name, type)) != 0) {
        live_error("out of memory");
        return -1;
    }
    return 0;
}

/* Whether NAME is one of the N filters of LIST (none: all pass). */
static bool passes(const char *const *list, size_t n, const char *name, const char *also)
{
    if (n == 0)
        return true;
    for (size_t i = 0; i < n; i++)
        if ((name && strcmp(list[i], name) == 0) || (also && strcmp(list[i], also) == 0))
            return true;
    return false;
}

/* The entity E again, alone, with its contract and configuration (a listing
 * may leave them out): a new reference into *OUT.  Returns 0 or -1. */
static int fetch_whole(struct pull *p, const char *id, bool draft, json_t **out)
{
    char *esc = http_url_escape(p->api, id, strlen(id));
    if (!esc) {
        live_error("out of memory");
        return -1;
    }
    char path[1024];
    snprintf(path, sizeof path, "/api/v2/integrations/actions/%s%s?expand=contract&includeConfig=true", esc,
             draft ? "/draft" : "");
    free(esc);
    return api_get(p, path, out);
}

/* An action (or a draft) of the listing: filtered, read whole when the
 * listing left its contract or configuration out, and exported. */
static int add_action(struct pull *p, const json_t *e, bool draft)
{
    const char *id = json_string_value(json_object_get(e, "id"));
    const char *iid = json_string_value(json_object_get(e, "integrationId"));
    const json_t *integ = iid ? json_object_get(p->integrations, iid) : NULL;
    const char *iname = json_string_value(json_array_get(integ, 0));
    const char *itype = json_string_value(json_array_get(integ, 1));
    const char *category = json_string_value(json_object_get(e, "category"));
    if (!passes(p->opt->pull_integrations, p->opt->npull_integrations, iname, iid) ||
        !passes(p->opt->pull_categories, p->opt->npull_categories, category, NULL))
        return 0;
    json_t *whole = NULL;
    if (id && (!json_object_get(e, "contract") || !json_object_get(e, "config"))) {
        if (fetch_whole(p, id, draft, &whole) != 0)
            return -1;
        e = whole;
    }
    char why[160];
    json_t *x = pull_export(e, itype, true, why, sizeof why);
    const char *name = json_string_value(json_object_get(x, "name"));
    int rc = 0;
    if (!x) {
        pull_progress_done(p);
        live_error("an entity of the %s listing (id %s) is %s", draft ? "drafts" : "actions", id ? id : "none", why);
        rc = -1;
    } else {
        void *more = grow(p->items, &p->cap, p->n, sizeof *p->items, 32);
        char *copy = more ? strdup(name) : NULL;
        if (more)
            p->items = more;
        if (!copy) {
            live_error("out of memory");
            json_decref(x);
            rc = -1;
        } else {
            p->items[p->n++] = (struct pulled){ .name = copy, .json = x, .draft = draft };
            snprintf(p->items[p->n - 1].id, sizeof p->items[p->n - 1].id, "%s", id ? id : "");
        }
    }
    json_decref(whole);
    return rc;
}

/* The file ITEM is written to: build's import name for its export
 * (action_import_name), .yaml instead of .json with --yaml.  Returns 0, or
 * -1 after saying why. */
static int name_file(struct pull *p, struct pulled *it)
{
    char why[160];
    size_t len = 0;
    char *text = pull_export_text(it->json, false, &len, why, sizeof why);
    struct source src = { 0 };
    struct doc doc = { 0 };
    struct load_error err = { 0 };
    int rc = text && source_from_bytes(&src, "export", text, len) == 0 &&
                     load_document(&src, SYNTAX_JSON, &p->opt->limits, &doc, &err) == LOAD_OK
                 ? 0
                 : -1;
    char name[ACTION_IMPORT_NAME_MAX];
    if (rc == 0 && action_import_name(doc.root, name) == 0)
        rc = -1;
    if (rc == 0) {
        size_t n = strlen(name);
        snprintf(it->key, sizeof it->key, "%s", name);
        if (p->opt->pull_yaml && n > 5)
            snprintf(name + n - 5, sizeof name - (n - 5), ".yaml");
        snprintf(it->file, sizeof it->file, "%s", name);
    } else {
        live_error("action '%s': cannot name its file (%s)", it->name, err.msg[0] ? err.msg : why);
    }
    doc_free(&doc);
    source_free(&src);
    free(text);
    return rc;
}

static int by_file(const void *a, const void *b)
{
    const struct pulled *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    return c ? c : strcmp(x->id, y->id);
}

/* With --drafts, an action's draft stands for it: the published one goes. */
static void drop_replaced(struct pull *p)
{
    size_t kept = 0;
    for (size_t i = 0; i < p->n; i++) {
        bool replaced = false;
        for (size_t j = 0; j < p->n && !p->items[i].draft && !replaced; j++)
            replaced = p->items[j].draft && p->items[i].id[0] && strcmp(p->items[j].id, p->items[i].id) == 0;
        if (replaced) {
            free(p->items[i].name);
            json_decref(p->items[i].json);
            continue;
        }
        p->items[kept++] = p->items[i];
    }
    p->n = kept;
}

/* Every --integration names an integration of the org (by name or id): a
 * typo would otherwise take no action, and --check would call the whole
 * repository drift.  Returns 0, or -1 after saying which does not. */
static int check_integrations(struct pull *p)
{
    for (size_t i = 0; i < p->opt->npull_integrations; i++) {
        const char *want = p->opt->pull_integrations[i];
        bool found = json_object_get(p->integrations, want) != NULL;
        const char *id;
        const json_t *v;
        json_object_foreach(p->integrations, id, v) {
            const char *name = json_string_value(json_array_get(v, 0));
            found = found || (name && strcmp(name, want) == 0);
        }
        if (!found) {
            pull_progress_done(p);
            live_error("--integration '%s': the org has no integration of that name or id", want);
            return -1;
        }
    }
    return 0;
}

int pull_api_read(struct pull *p)
{
    p->integrations = json_object();
    if (!p->integrations) {
        live_error("out of memory");
        return -1;
    }
    if (api_list(p, "integrations", "/api/v2/integrations", add_integration, false) != 0 ||
        check_integrations(p) != 0 ||
        api_list(p, "actions", "/api/v2/integrations/actions?includeAuthActions=true&includeConfig=true", add_action,
                 false) != 0)
        return -1;
    if (p->opt->pull_drafts &&
        api_list(p, "drafts", "/api/v2/integrations/actions/drafts?includeAuthActions=true&includeConfig=true",
                 add_action, true) != 0)
        return -1;
    drop_replaced(p);
    for (size_t i = 0; i < p->n; i++)
        if (name_file(p, &p->items[i]) != 0)
            return -1;
    qsort(p->items, p->n, sizeof *p->items, by_file);
    for (size_t i = 1; i < p->n; i++) {
        if (strcmp(p->items[i - 1].file, p->items[i].file) == 0) {
            pull_progress_done(p);
            live_error("the org's actions '%s' and '%s' both give the file name %s; nothing was written: rename one "
                       "in the org",
                       p->items[i - 1].name, p->items[i].name, p->items[i].file);
            return -1;
        }
    }
    return 0;
}
