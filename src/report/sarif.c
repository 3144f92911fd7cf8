/* report_sarif.c - SARIF 2.1.0 (one run, a rules entry per registered rule), built with jansson,
 * as GitHub code scanning reads it: rule metadata, file URIs relative to %SRCROOT%, regions that
 * span the value, fingerprints of dacc's own, at most 25,000 results */
#include "report/report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/digest.h"
#include "report/sarif_int.h"
#include "rules/registry.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SARIF_VERSION "2.1.0"
#define DACC_INFORMATION_URI "https://github.com/dacc-project/dacc" /* placeholder project URL */
#define SRCROOT "%SRCROOT%"
/* GitHub code scanning takes at most 25,000 results a run (and refuses a file
 * with more): the run cap of diag.h keeps a report within it. */
#define SARIF_MAX_RESULTS 25000
_Static_assert(DIAG_RUN_CAP <= SARIF_MAX_RESULTS, "a SARIF run lists at most 25,000 results");

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
 * absolute one becomes a file:// URI (ending in '/' when DIR); every byte but
 * the unreserved characters and '/' is percent-encoded, so the result is
 * ASCII whatever the name holds (':' in a first segment, spaces, '<stdin>',
 * bytes that are not UTF-8).  The caller frees the result; NULL when memory
 * runs out. */
static char *file_uri(const char *file, bool dir)
{
    static const char hex[] = "0123456789ABCDEF";
    static const char file_scheme[] = "file://";
    size_t len = strlen(file), prefix = file[0] == '/' ? sizeof file_scheme - 1 : 0;
    char *uri = malloc(prefix + len * 3 + 2);
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
    if (dir && o > uri + prefix && o[-1] != '/')
        *o++ = '/';
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

/* A string member of a new reference to S, which the caller frees; the
 * reference is NULL when S is (memory ran out). */
static json_t *text_new(char *s)
{
    json_t *j = s ? report_json_text(s) : NULL;
    free(s);
    return j;
}

/* A rule's properties for GitHub code scanning: tags, precision, and for a
 * security rule its security-severity. */
static json_t *rule_properties(const struct rule *r)
{
    json_t *tags = json_array();
    for (const char *const *t = r->tags; t && *t && tags; t++)
        if (json_array_append_new(tags, json_string(*t)) != 0) { /* steals, also on failure */
            json_decref(tags);
            tags = NULL;
        }
    json_t *o = obj_set(json_object(), "tags", tags);
    if (r->precision)
        o = obj_set(o, "precision", json_string(r->precision));
    if (r->security_severity)
        o = obj_set(o, "security-severity", json_string(r->security_severity));
    return o;
}

/* A rules entry; CONFIGURED is what .dacc.yaml made of the rule (an enum
 * severity, -1 its own, -2 off), so that the level a viewer shows for a rule
 * is the one its results were reported at.  The descriptions fit GitHub's
 * limit of 1,024 characters; the help is the explain text, also as Markdown. */
static json_t *rule_json(const struct rule *r, int configured)
{
    json_t *o = obj_set(json_object(), "id", json_string(r->slug));
    o = obj_set(o, "name", text_new(report_sarif_rule_name(r->slug)));
    o = obj_set(o, "shortDescription", message(r->summary));
    o = obj_set(o, "fullDescription", obj_set(json_object(), "text",
                                              text_new(report_sarif_full_description(r->explain))));
    json_t *help = obj_set(json_object(), "text", report_json_text(r->explain));
    help = obj_set(help, "markdown", text_new(report_sarif_help_markdown(r->explain)));
    o = obj_set(o, "help", help);
    json_t *conf = json_object();
    if (configured == CONFIG_SEVERITY_OFF)
        conf = obj_set(conf, "enabled", json_false());
    conf = obj_set(conf, "level", json_string(level(configured >= 0 ? (enum severity)configured : r->severity)));
    o = obj_set(o, "defaultConfiguration", conf);
    return obj_set(o, "properties", rule_properties(r));
}

/* What the results of a run share: where files are, and the fingerprint of
 * the result before (results with equal fingerprints come one after another
 * in report order; each is numbered, as GitHub numbers its own). */
struct sarif_state {
    struct report_sarif_paths paths;
    const struct report_opts *ro;
    char last[DIGEST_HEX_LEN + 1];
    unsigned occurrence;
};

/* partialFingerprints: dacc's own, the SHA-256 of the rule, the file's path
 * (as the artifact URI gives it), the action and the JSON Pointer, never the
 * line, so a result keeps its identity through edits above it and ends when
 * its value is fixed; and the same in the key GitHub matches alerts by. */
static json_t *fingerprints_json(struct sarif_state *st, const struct finding *f, const char *path)
{
    size_t len = strlen(f->rule) + strlen(path) + strlen(f->action) + strlen(f->pointer) + 4;
    char *key = malloc(len), hex[DIGEST_HEX_LEN + 1], line_hash[32];
    if (!key)
        return NULL;
    /* NUL-separated, so no two tuples give the same bytes */
    size_t o = 0;
    for (const char *const *part = (const char *const[]){ f->rule, path, f->action, f->pointer, NULL }; *part;
         part++) {
        size_t n = strlen(*part) + 1;
        memcpy(key + o, *part, n);
        o += n;
    }
    int rc = digest_sha256_hex(key, o, hex);
    free(key);
    if (rc != 0)
        return NULL;
    st->occurrence = strcmp(hex, st->last) == 0 ? st->occurrence + 1 : 1;
    memcpy(st->last, hex, sizeof hex);
    snprintf(line_hash, sizeof line_hash, "%.16s:%u", hex, st->occurrence);
    json_t *fp = obj_set(json_object(), "dacc/v1", json_string(hex));
    return obj_set(fp, "primaryLocationLineHash", json_string(line_hash));
}

/* The region of F: where the value starts and, when known, just past where it
 * ends.  SARIF's lines and columns start at 1; what is not known is left out. */
static json_t *region_json(const struct finding *f)
{
    json_t *region = json_object();
    if (f->line)
        region = obj_set(region, "startLine", json_integer(f->line));
    if (f->line && f->col)
        region = obj_set(region, "startColumn", json_integer(f->col));
    if (f->line && f->col && f->end_line >= f->line && (f->end_line > f->line || f->end_col > f->col)) {
        region = obj_set(region, "endLine", json_integer(f->end_line));
        region = obj_set(region, "endColumn", json_integer(f->end_col));
    }
    return region;
}

/* artifactLocation of FILE: a URI relative to %SRCROOT% when it lies under it,
 * else its own; *PATH (when not NULL) the path the URI was made from.  NULL
 * when memory runs out. */
static json_t *artifact_json(struct sarif_state *st, const char *file, const char **path)
{
    const char *p = NULL;
    bool based = false;
    if (report_sarif_path(&st->paths, file, &p, &based) != 0)
        return NULL;
    if (path)
        *path = p;
    char *uri = file_uri(p, false);
    json_t *artifact = obj_set(json_object(), "uri", uri ? json_string(uri) : NULL);
    free(uri);
    if (based)
        artifact = obj_set(artifact, "uriBaseId", json_string(SRCROOT));
    return artifact;
}

int report_fix_cmp(const void *a, const void *b)
{
    const struct report_fix *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    if (c == 0)
        c = x->line != y->line ? (x->line < y->line ? -1 : 1) : x->col != y->col ? (x->col < y->col ? -1 : 1) : 0;
    if (c == 0)
        c = strcmp(x->rule, y->rule);
    return c ? c : strcmp(x->pointer, y->pointer);
}

/* A region of replacement R: where it starts and, always (an insertion is
 * an empty region), where it ends. */
static json_t *replacement_json(const struct report_replacement *r)
{
    json_t *region = obj_set(json_object(), "startLine", json_integer(r->line));
    region = obj_set(region, "startColumn", json_integer(r->col));
    region = obj_set(region, "endLine", json_integer(r->end_line));
    region = obj_set(region, "endColumn", json_integer(r->end_col));
    json_t *o = obj_set(json_object(), "deletedRegion", region);
    return obj_set(o, "insertedContent", obj_set(json_object(), "text", report_json_text(r->text)));
}

/* fixes: what dacc fix does about F (SARIF 2.1.0 section 3.55), or NULL
 * (then the result has none) when it has no fix for it. */
static json_t *fixes_json(const struct sarif_state *st, const struct finding *f, json_t *artifact)
{
    const struct report_opts *ro = st->ro;
    if (!ro || !ro->nfixes || !f->pointer)
        return NULL;
    struct report_fix key = { .file = f->file, .rule = f->rule, .pointer = f->pointer, .line = f->line, .col = f->col };
    const struct report_fix *fix = bsearch(&key, ro->fixes, ro->nfixes, sizeof *ro->fixes, report_fix_cmp);
    const struct report_fix *end = ro->fixes + ro->nfixes;
    while (fix && fix > ro->fixes && report_fix_cmp(&key, fix - 1) == 0)
        fix--;   /* the first of the fixes at that place: the one whose hint the message holds */
    while (fix && fix < end && report_fix_cmp(&key, fix) == 0 && fix->hint &&
           (!f->message || !strstr(f->message, fix->hint)))
        fix++;
    if (!fix || fix == end || report_fix_cmp(&key, fix) != 0 || !fix->n)
        return NULL;
    json_t *replacements = json_array();
    for (size_t i = 0; i < fix->n && replacements; i++)
        if (json_array_append_new(replacements, replacement_json(&fix->items[i])) != 0) {
            json_decref(replacements);
            replacements = NULL;
        }
    json_t *change = obj_set(json_object(), "artifactLocation", json_deep_copy(artifact));
    change = obj_set(change, "replacements", replacements);
    json_t *o = obj_set(json_object(), "description", message(fix->description));
    return array_of(obj_set(o, "artifactChanges", array_of(change)));
}

static json_t *result_json(struct sarif_state *st, const struct finding *f)
{
    const char *path = NULL;
    json_t *artifact = artifact_json(st, f->file, &path);
    if (!artifact)
        return NULL;
    json_t *physical = obj_set(json_object(), "artifactLocation", artifact);
    physical = obj_set(physical, "region", region_json(f));
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
    r = obj_set(r, "partialFingerprints", fingerprints_json(st, f, path));
    json_t *fixes = fixes_json(st, f, artifact);
    if (fixes)
        r = obj_set(r, "fixes", fixes);
    return obj_set(r, "properties", properties);
}

/* invocations: whether every input was read, the working directory, and,
 * when the caps left results out, a notification saying how many (GitHub
 * code scanning refuses a run of more than 25,000 results). */
static json_t *invocations_json(const struct diag *diag, const struct sarif_state *st)
{
    json_t *inv = obj_set(json_object(), "executionSuccessful", json_boolean(!diag->unread));
    char *cwd = file_uri(st->paths.cwd, true);
    inv = obj_set(inv, "workingDirectory", obj_set(json_object(), "uri", cwd ? json_string(cwd) : NULL));
    free(cwd);
    size_t omitted = diag_omitted(diag);
    if (omitted) {
        char text[600];
        snprintf(text, sizeof text, "%zu result%s left out: a SARIF run of dacc lists at most %d results (GitHub "
                 "code scanning takes at most %d a run), the first %d of each file, in report order; the "
                 "exit status and --strict count them all", omitted, omitted == 1 ? "" : "s", DIAG_RUN_CAP,
                 SARIF_MAX_RESULTS, DIAG_FILE_CAP);
        json_t *note = obj_set(json_object(), "level", json_string("warning"));
        note = obj_set(note, "message", message(text));
        note = obj_set(note, "descriptor", obj_set(json_object(), "id", json_string("results-capped")));
        note = obj_set(note, "properties", obj_set(json_object(), "omittedResults", json_integer((json_int_t)omitted)));
        inv = obj_set(inv, "toolExecutionNotifications", array_of(note));
    }
    return array_of(inv);
}

/* originalUriBaseIds: %SRCROOT%, the directory relative artifact URIs start from. */
static json_t *base_ids_json(const struct sarif_state *st)
{
    char *root = file_uri(st->paths.root, true);
    json_t *loc = obj_set(json_object(), "uri", root ? json_string(root) : NULL);
    free(root);
    loc = obj_set(loc, "description", message("the root of the repository: --srcroot, or the git work tree "
                                              "holding the working directory"));
    return obj_set(json_object(), SRCROOT, loc);
}

/* The tool: dacc and every registered rule, with the level each has in this run. */
static json_t *tool_json(const struct diag *diag)
{
    json_t *rules = json_array();
    for (size_t i = 0; i < rule_registry_len && rules; i++)
        if (json_array_append_new(rules, rule_json(rule_registry[i], diag->rule_severity ? diag->rule_severity[i]
                                                                                          : CONFIG_SEVERITY_DEFAULT))) {
            json_decref(rules); /* append_new stole the entry */
            rules = NULL;
        }
    json_t *driver = obj_set(json_object(), "name", json_string("dacc"));
    driver = obj_set(driver, "version", json_string(DACC_VERSION));
    driver = obj_set(driver, "informationUri", json_string(DACC_INFORMATION_URI));
    driver = obj_set(driver, "rules", rules); /* stolen */
    return obj_set(json_object(), "driver", driver);
}

/* INVS (invocations_json()'s, stolen) with a notification per file skipped as
 * neither a data action nor a flow, and one saying what the baseline did;
 * NULL when memory runs out. */
static json_t *adoption_notes(json_t *invs, struct sarif_state *st, const struct report_opts *ro)
{
    const struct report_baseline *b = ro ? ro->baseline : NULL;
    json_t *inv = json_array_get(invs, 0);
    if (!inv || !ro || (!ro->nskipped && !b))
        return invs;
    json_t *notes = json_object_get(inv, "toolExecutionNotifications");
    if (!notes && json_object_set_new(inv, "toolExecutionNotifications", json_array()) == 0)
        notes = json_object_get(inv, "toolExecutionNotifications");
    bool failed = !notes;
    for (size_t i = 0; !failed && i < ro->nskipped; i++) {
        json_t *where = obj_set(json_object(), "artifactLocation", artifact_json(st, ro->skipped[i], NULL));
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
    struct sarif_state st = { .ro = ro };
    report_stream_init(&s, out);
    if (report_sarif_paths_init(&st.paths, ro ? ro->srcroot : NULL) != 0)
        s.failed = true;
    report_stream_open(&s, NULL, '{');
    report_stream_put_new(&s, "$schema", json_string(SARIF_SCHEMA));
    report_stream_put_new(&s, "version", json_string(SARIF_VERSION));
    report_stream_open(&s, "runs", '[');
    report_stream_open(&s, NULL, '{');
    report_stream_put_new(&s, "tool", s.failed ? NULL : tool_json(diag));
    report_stream_put_new(&s, "invocations", s.failed ? NULL : adoption_notes(invocations_json(diag, &st), &st, ro));
    report_stream_put_new(&s, "originalUriBaseIds", s.failed ? NULL : base_ids_json(&st));
    report_stream_put_new(&s, "columnKind", json_string("unicodeCodePoints"));
    report_stream_open(&s, "results", '[');
    for (size_t i = 0; i < diag->n && i < SARIF_MAX_RESULTS && !s.failed; i++)
        report_stream_put_new(&s, NULL, result_json(&st, &diag->items[i]));
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
    report_sarif_paths_free(&st.paths);
    return report_stream_end(&s);
}
