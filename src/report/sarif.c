/* report_sarif.c - SARIF 2.1.0 (one run, a rules entry per registered rule), built with jansson */
#include "report/report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "rules/registry.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SARIF_VERSION "2.1.0"
#define DACC_INFORMATION_URI "https://github.com/dacc-project/dacc" /* placeholder project URL */

/* SARIF's level names are dacc's severity names: "error", "warning", "note". */
static const char *level(enum severity sev)
{
    return severity_name(sev);
}

/* Index of SLUG in rule_registry, or -1 (then the result carries no ruleIndex). */
static long registry_index(const char *slug)
{
    for (size_t i = 0; i < rule_registry_len; i++)
        if (strcmp(rule_registry[i]->slug, slug) == 0)
            return (long)i;
    return -1;
}

/* FILE as a URI reference (RFC 3986): a relative path stays relative, an
 * absolute one becomes a file:// URI; every byte but the unreserved characters
 * and '/' is percent-encoded, so the result is ASCII whatever the name holds
 * (':' in a first segment, spaces, '<stdin>', bytes that are not UTF-8).
 * The caller frees the result; NULL when memory runs out. */
static char *file_uri(const char *file)
{
    static const char hex[] = "0123456789ABCDEF";
    static const char file_scheme[] = "file://";
    size_t len = strlen(file), prefix = file[0] == '/' ? sizeof file_scheme - 1 : 0;
    char *uri = malloc(prefix + len * 3 + 1);
    if (!uri)
        return NULL;
    memcpy(uri, file_scheme, prefix);
    char *o = uri + prefix;
    for (const unsigned char *p = (const unsigned char *)file; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            *o++ = (char)c;
        } else {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o = '\0';
    return uri;
}

/* Set KEY of O to VALUE, which is stolen (released when O is NULL or the set
 * fails).  Returns O, or NULL after releasing O on failure, so calls chain. */
static json_t *obj_set(json_t *o, const char *key, json_t *value)
{
    if (!o || json_object_set_new(o, key, value) != 0) { /* set_new steals value, also on failure */
        if (!o)
            json_decref(value);
        json_decref(o);
        return NULL;
    }
    return o;
}

/* [VALUE], VALUE stolen; or NULL. */
static json_t *array_of(json_t *value)
{
    json_t *a = json_array();
    if (!a || json_array_append_new(a, value) != 0) { /* append_new steals value, also on failure */
        if (!a)
            json_decref(value);
        json_decref(a);
        return NULL;
    }
    return a;
}

/* {"text": S}; a new reference, or NULL. */
static json_t *message(const char *s)
{
    return obj_set(json_object(), "text", report_json_text(s));
}

/* A rules entry; CONFIGURED is what .dacc.yaml made of the rule (an enum
 * severity, -1 its own, -2 off), so that the level a viewer shows for a rule
 * is the one its results were reported at. */
static json_t *rule_json(const struct rule *r, int configured)
{
    json_t *o = obj_set(json_object(), "id", json_string(r->slug));
    o = obj_set(o, "shortDescription", message(r->summary));
    o = obj_set(o, "fullDescription", message(r->explain));
    o = obj_set(o, "help", message(r->explain));
    json_t *conf = json_object();
    if (configured == CONFIG_SEVERITY_OFF)
        conf = obj_set(conf, "enabled", json_false());
    conf = obj_set(conf, "level", json_string(level(configured >= 0 ? (enum severity)configured : r->severity)));
    return obj_set(o, "defaultConfiguration", conf);
}

static json_t *result_json(const struct finding *f)
{
    char *uri = file_uri(f->file);
    json_t *region = json_object();
    /* SARIF's lines and columns start at 1; leave out what is not known */
    if (f->line)
        region = obj_set(region, "startLine", json_integer(f->line));
    if (f->line && f->col)
        region = obj_set(region, "startColumn", json_integer(f->col));
    json_t *physical = obj_set(json_object(), "artifactLocation",
                               obj_set(json_object(), "uri", uri ? json_string(uri) : NULL));
    free(uri);
    physical = obj_set(physical, "region", region);
    json_t *logical = obj_set(json_object(), "fullyQualifiedName", report_json_text(f->pointer));
    logical = obj_set(logical, "kind", json_string("value"));
    json_t *location = obj_set(json_object(), "physicalLocation", physical);
    location = obj_set(location, "logicalLocations", array_of(logical));
    json_t *properties = obj_set(json_object(), "pointer", report_json_text(f->pointer));
    properties = obj_set(properties, "action", report_json_text(f->action));

    json_t *r = obj_set(json_object(), "ruleId", json_string(f->rule));
    long index = registry_index(f->rule);
    if (index >= 0)
        r = obj_set(r, "ruleIndex", json_integer(index));
    r = obj_set(r, "level", json_string(level(f->severity)));
    r = obj_set(r, "message", message(f->message));
    r = obj_set(r, "locations", array_of(location));
    return obj_set(r, "properties", properties);
}

/* invocations: whether every input was read, and, when the caps left
 * results out, a notification saying how many. */
static json_t *invocations_json(const struct diag *diag)
{
    json_t *inv = obj_set(json_object(), "executionSuccessful", json_boolean(!diag->unread));
    if (diag_omitted(diag)) {
        char text[300];
        report_omitted_text(diag, text, sizeof text);
        json_t *note = obj_set(json_object(), "level", json_string("warning"));
        note = obj_set(note, "message", message(text));
        inv = obj_set(inv, "toolExecutionNotifications", array_of(note));
    }
    return array_of(inv);
}

/* INVS (invocations_json()'s, stolen) with a notification per file skipped as
 * neither a data action nor a flow, and one saying what the baseline did;
 * NULL when memory runs out. */
static json_t *adoption_notes(json_t *invs, const struct report_opts *ro)
{
    const struct report_baseline *b = ro->baseline;
    json_t *inv = json_array_get(invs, 0);
    if (!inv || (!ro->nskipped && !b))
        return invs;
    json_t *notes = json_object_get(inv, "toolExecutionNotifications");
    if (!notes && json_object_set_new(inv, "toolExecutionNotifications", json_array()) == 0)
        notes = json_object_get(inv, "toolExecutionNotifications");
    bool failed = !notes;
    for (size_t i = 0; !failed && i < ro->nskipped; i++) {
        char *uri = file_uri(ro->skipped[i]);
        json_t *where = obj_set(json_object(), "artifactLocation",
                                obj_set(json_object(), "uri", uri ? json_string(uri) : NULL));
        free(uri);
        json_t *note = obj_set(json_object(), "level", json_string("note"));
        note = obj_set(note, "message", message("skipped: neither a data action nor a flow"));
        note = obj_set(note, "locations", array_of(obj_set(json_object(), "physicalLocation", where)));
        failed = !note || json_array_append_new(notes, note) != 0;
    }
    if (!failed && b) {
        char text[300];
        if (b->written)
            snprintf(text, sizeof text, "baseline: %zu entries written; the findings in it are not reported",
                     b->entries);
        else
            snprintf(text, sizeof text, "baseline: %zu known findings not reported; %zu entries no longer match",
                     b->matched, b->stale);
        json_t *note = obj_set(json_object(), "level", json_string("note"));
        note = obj_set(note, "message", message(text));
        failed = !note || json_array_append_new(notes, note) != 0;
    }
    if (failed) {
        json_decref(invs);
        return NULL;
    }
    return invs;
}

/* Written as it goes (see report_stream): the tool and its rules, then one
 * result at a time. */
int report_sarif(FILE *out, const struct diag *diag, const struct report_opts *ro)
{
    struct report_stream s;
    report_stream_init(&s, out);
    json_t *rules = json_array();
    if (!rules)
        s.failed = true;
    for (size_t i = 0; i < rule_registry_len && rules; i++)
        if (json_array_append_new(rules, rule_json(rule_registry[i], diag->rule_severity ? diag->rule_severity[i]
                                                                                          : CONFIG_SEVERITY_DEFAULT)))
            s.failed = true;
    json_t *driver = obj_set(json_object(), "name", json_string("dacc"));
    driver = obj_set(driver, "version", json_string(DACC_VERSION));
    driver = obj_set(driver, "informationUri", json_string(DACC_INFORMATION_URI));
    driver = obj_set(driver, "rules", rules); /* stolen */
    report_stream_open(&s, NULL, '{');
    report_stream_put_new(&s, "$schema", json_string(SARIF_SCHEMA));
    report_stream_put_new(&s, "version", json_string(SARIF_VERSION));
    report_stream_open(&s, "runs", '[');
    report_stream_open(&s, NULL, '{');
    report_stream_put_new(&s, "tool", obj_set(json_object(), "driver", driver));
    report_stream_put_new(&s, "invocations", adoption_notes(invocations_json(diag), ro));
    report_stream_put_new(&s, "columnKind", json_string("unicodeCodePoints"));
    report_stream_open(&s, "results", '[');
    for (size_t i = 0; i < diag->n && !s.failed; i++)
        report_stream_put_new(&s, NULL, result_json(&diag->items[i]));
    report_stream_close(&s);
    size_t omitted = diag_omitted(diag);
    if (omitted) {
        json_t *props = obj_set(json_object(), "omittedResults", json_integer((json_int_t)omitted));
        props = obj_set(props, "maxResultsPerFile", json_integer(DIAG_FILE_CAP));
        props = obj_set(props, "maxResultsPerRun", json_integer(DIAG_RUN_CAP));
        report_stream_put_new(&s, "properties", props);
    }
    report_stream_close(&s);
    report_stream_close(&s);
    report_stream_close(&s);
    return report_stream_end(&s);
}
