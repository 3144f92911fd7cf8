/* payload_limit.c - bodies stay under the payload limit; collections are paged */
#include "rules/rule.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/action.h"
#include "core/template.h"

static bool is_id(const char *s, size_t n)
{
    size_t digits = 0, hex = 0;
    for (size_t i = 0; i < n; i++) {
        digits += isdigit((unsigned char)s[i]) != 0;
        hex += isxdigit((unsigned char)s[i]) != 0 || s[i] == '-';
    }
    return digits == n || (hex == n && digits > 0 && n >= 8);
}

/* The last path segment of URL names a plural resource (SPEC §3 heuristic):
 * not a reference, not an id, ending in 's' but not "ss", "us" or "is". */
static bool collection_segment(const char *url, const char **seg, size_t *seglen)
{
    size_t n = strcspn(url, "?#");
    while (n && url[n - 1] == '/')
        n--;
    size_t start = n;
    while (start && url[start - 1] != '/')
        start--;
    const char *s = url + start;
    size_t len = n - start;
    if (len < 3 || memchr(s, '$', len) || memchr(s, '{', len) || memchr(s, ':', len) || is_id(s, len))
        return false;
    char last = (char)tolower((unsigned char)s[len - 1]), before = (char)tolower((unsigned char)s[len - 2]);
    if (last != 's' || before == 's' || before == 'u' || before == 'i')
        return false;
    for (size_t i = 0; i < len; i++)
        if (!isalpha((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
            return false;
    *seg = s;
    *seglen = len;
    return true;
}

static bool listed(const struct string_list *l, const char *s, size_t len)
{
    for (size_t i = 0; i < l->n; i++)
        if (strlen(l->items[i]) == len && strncasecmp(l->items[i], s, len) == 0)
            return true;
    return false;
}

/* Stops the walk at a reference to one of the flow's inputs. */
static enum tpl_walk_step stop_at_input(const char *s, const struct tpl_ref *ref, void *ctx)
{
    (void)s;
    (void)ctx;
    return tpl_root_is(ref, "input") ? TPL_WALK_STOP : TPL_WALK_ON;
}

/* S[0..LEN) uses one of the flow's inputs, also inside a call
 * ($esc.url(${input.q})); a credential or secret does not narrow anything. */
static bool uses_input(const char *s, size_t len)
{
    return tpl_walk(s, len, stop_at_input, NULL);
}

/* The query of URL bounds what the GET returns: it has a pagination
 * parameter, or one set from an input that narrows the listing to a lookup
 * (name=${input.queueName}; not sortOrder=${input.order}, nor
 * api_key=${credentials.key}). */
static bool bounded(struct rule_ctx *rc, const char *url)
{
    size_t qlen, pos = 0;
    const char *q = action_url_query(url, &qlen);
    struct tpl_param p;
    while (q && tpl_form_next(q, qlen, &pos, &p)) {
        char name[64];
        size_t n = tpl_url_decode(q + p.key_start, p.key_end - p.key_start, name, sizeof name);
        const char *k = name;
        char dollar[64];
        if (n > 13 && memcmp(name, "${esc.dollar}", 13) == 0) {
            /* OData's $top written as ${esc.dollar}top so Velocity leaves it alone */
            snprintf(dollar, sizeof dollar, "$%s", name + 13);
            k = dollar;
        }
        for (size_t i = 0; i < rc->data->pagination_params.n; i++)
            if (strcmp(k, rc->data->pagination_params.items[i]) == 0)
                return true;
        if (!listed(&rc->data->not_filters, k, strlen(k)) &&
            uses_input(q + p.value_start, p.value_end - p.value_start))
            return true;
    }
    return false;
}

/* A translation map path that takes a whole array ("$", "$.items", "$.x[*]"). */
static bool whole_array_path(const char *path)
{
    size_t n = strlen(path);
    if (n == 1 && path[0] == '$')
        return true;
    if (n >= 3 && strcmp(path + n - 3, "[*]") == 0)
        return true;
    return false;
}

/* The path segment before SEG in URL is a reference or an id: SEG is a
 * sub-resource of one item (/members/${input.id}/points). */
static bool keyed_parent(const char *url, const char *seg)
{
    const char *end = seg;
    while (end > url && end[-1] == '/')
        end--;
    const char *start = end;
    while (start > url && start[-1] != '/')
        start--;
    size_t n = (size_t)(end - start);
    return n > 0 && (memchr(start, '$', n) || memchr(start, '{', n) || is_id(start, n));
}

/* The action reads the response as a list: a translation-map path over
 * every element or a filter of an array ($.entities[*], $[*],
 * $.items[?(@.x)]), or a success template that counts or loops (.size(),
 * #foreach). */
static bool reads_list(const struct node *action)
{
    const struct node *map = node_path(action, "config/response/translationMap");
    for (size_t i = 0; map && map->kind == NODE_OBJECT && i < map->n; i++) {
        const char *p = node_string(map->kids[i]);
        if (p && (strstr(p, "[*]") || strstr(p, "[?") || strstr(p, "[:") || strstr(p, "..")))
            return true;
    }
    const char *success = node_string(node_path(action, "config/response/successTemplate"));
    return success && (strstr(success, ".size()") || strstr(success, "#foreach"));
}

/* An unpaginated GET on the collection SEG that can grow past the limit and
 * can be paged: warned about, with the API's own paging when the URL shows a
 * known API (rules/limits.yaml paging_apis). */
static void check_collection(struct rule_ctx *rc, const struct node *action, const struct node *url,
                             const char *seg, size_t seglen)
{
    long limit = rc->policy->max_payload_bytes;
    const struct paging_api *api = ruledata_paging_api(rc->data, url->str, url->len, rc->scratch);
    if (api && !api->paging)
        return; /* the endpoint offers no paging: nothing to advise */
    if (keyed_parent(url->str, seg) && !reads_list(action))
        return; /* a sub-resource of one item, read as one thing (a balance, its first recording) */
    if (api)
        rule_report_sev(rc, SEV_WARNING, url, "GET on the collection '%.*s' without paging parameters: its "
                        "response can grow past %ld bytes; page it with %s's own (%s)",
                        (int)seglen, seg, limit, api->api, api->paging);
    else
        rule_report_sev(rc, SEV_WARNING, url, "GET on the collection '%.*s' without paging parameters: its "
                        "response can grow past %ld bytes; page it with the API's own (for example "
                        "limit=50&offset=0)", (int)seglen, seg, limit);
    const struct node *success = node_path(action, "config/response/successTemplate");
    if (node_string(success) && strstr(success->str, "rawResult"))
        rule_report_sev(rc, SEV_WARNING, success, "the success template returns ${rawResult} of an unpaginated "
                        "collection; map only the fields the flow needs");
    const struct node *map = node_path(action, "config/response/translationMap");
    for (size_t i = 0; map && map->kind == NODE_OBJECT && i < map->n; i++) {
        const struct node *m = map->kids[i];
        char key[80];
        if (node_string(m) && whole_array_path(m->str))
            rule_report_sev(rc, SEV_WARNING, m, "'%s' maps a whole array of an unpaginated collection",
                            node_key_text(m, key, sizeof key));
    }
}

static void check(struct rule_ctx *rc, const struct node *action)
{
    const struct node *request = action_request(action);
    if (!request)
        return;
    long limit = rc->policy->max_payload_bytes;
    const struct node *body = node_get(request, "requestTemplate");
    if (node_string(body) && (long)body->len > limit)
        rule_report(rc, body, "the request body template is %zu bytes, over the limit of %ld", body->len, limit);
    const char *type = node_string(node_get(action, "actionType"));
    const struct node *success = node_path(action, "config/response/successTemplate");
    if (type && !strcmp(type, "static") && node_string(success) && (long)success->len > limit)
        rule_report(rc, success, "the static payload is %zu bytes, over the limit of %ld", success->len, limit);

    const struct node *url = node_get(request, "requestUrlTemplate");
    const char *method = node_string(node_get(request, "requestType"));
    const char *seg;
    size_t seglen;
    if (!node_string(url) || !method || strcmp(method, "GET") != 0 ||
        !collection_segment(url->str, &seg, &seglen) || listed(&rc->data->not_collections, seg, seglen) ||
        bounded(rc, url->str))
        return;
    check_collection(rc, action, url, seg, seglen);
}

const struct rule rule_payload_limit = {
    .slug = "payload-limit",
    .severity = SEV_ERROR,
    .summary = "request bodies and static payloads stay under 32768 bytes; collection GETs are paginated (warning)",
    .explain =
        "What it checks\n"
        "  The request body template (and the success template of a static action)\n"
        "  is at most the limit (--max-payload-bytes, default 32768, the UTF-8 byte\n"
        "  length of the decoded string: the limit itself passes). A GET whose last\n"
        "  path segment names a plural resource (not a reference or an id) and has\n"
        "  none of the pagination parameters of rules/limits.yaml (limit/offset,\n"
        "  pageSize/pageNumber, page/per_page, cursor ...) is a warning, and so is\n"
        "  returning its ${rawResult} or mapping a whole array of it. A query\n"
        "  parameter set from an input makes the GET a lookup, which is not\n"
        "  warned about (queues?name=${input.queueName}), unless it only orders or\n"
        "  shapes the listing (sortOrder, expand, fields ...: not_filters in\n"
        "  rules/limits.yaml); a filter with a fixed value (?state=open) still lists.\n"
        "  A sub-resource of one item (the segment before it a reference or an id:\n"
        "  /members/${input.memberId}/points) is warned about only when the action\n"
        "  reads it as a list: a translation-map path over every element or a\n"
        "  filter ($.entities[*], $[*], [?(...)]), or .size() / #foreach in the\n"
        "  success template. When the URL shows a known API (paging_apis in\n"
        "  rules/limits.yaml: Genesys Cloud, ServiceNow, Microsoft Graph), the\n"
        "  message names that API's own paging parameters, and an endpoint the\n"
        "  table says has none (a Genesys conversation's recordings or summaries)\n"
        "  is not warned about. A warning thus means: this can grow past the limit\n"
        "  and can be paged.\n"
        "\n"
        "Why\n"
        "  Genesys Cloud refuses data action requests and responses over its payload\n"
        "  limit; an unpaginated list works in testing and fails in production once\n"
        "  the collection grows.\n"
        "\n"
        "Bad\n"
        "  \"requestType\": \"GET\", \"requestUrlTemplate\": \"https://api.example.com/v1/orders\"\n"
        "\n"
        "Good\n"
        "  \"requestType\": \"GET\", \"requestUrlTemplate\": \"https://api.example.com/v1/orders?limit=50&offset=0\"\n",
    .precision = "medium",
    .tags = (const char *const[]){ "reliability", NULL },
    .check = check,
};
