/* report_json.c - the JSON report of SPEC §4, built with jansson */
#include "report/report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at S (1-4), or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
    size_t n = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3
             : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 2 && s[0] < 0xC2)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

/* A JSON string of S; bytes that are not UTF-8 (a file name, say) become U+FFFD. */
json_t *report_json_text(const char *s)
{
    json_t *j = json_string(s);
    if (j)
        return j;
    size_t len = strlen(s);
    char *fixed = malloc(len * 3 + 1);
    if (!fixed)
        return NULL;
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n = utf8_len(p);
        if (n) {
            memcpy(fixed + o, p, n);
            o += n;
            p += n;
        } else {
            memcpy(fixed + o, "\xEF\xBF\xBD", 3);
            o += 3;
            p++;
        }
    }
    fixed[o] = '\0';
    j = json_string(fixed);
    free(fixed);
    return j;
}

static json_t *finding_json(const struct finding *f)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    /* each _set_new steals the new value */
    if (json_object_set_new(o, "rule", json_string(f->rule)) ||
        json_object_set_new(o, "severity", json_string(severity_name(f->severity))) ||
        json_object_set_new(o, "file", report_json_text(f->file)) ||
        json_object_set_new(o, "line", json_integer(f->line)) ||
        json_object_set_new(o, "column", json_integer(f->col)) ||
        json_object_set_new(o, "pointer", report_json_text(f->pointer)) ||
        json_object_set_new(o, "action", report_json_text(f->action)) ||
        json_object_set_new(o, "message", report_json_text(f->message))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

int report_json_dump(FILE *out, const json_t *root)
{
    if (json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 || fputc('\n', out) == EOF)
        return -1;
    return ferror(out) ? -1 : 0;
}

json_t *report_json_root(void)
{
    json_t *root = json_object(), *tool = json_object();
    /* each _set_new steals the new value, even when it fails */
    if (!root || !tool || json_object_set_new(tool, "name", json_string("dacc")) ||
        json_object_set_new(tool, "version", json_string(DACC_VERSION)) ||
        json_object_set(root, "tool", tool)) {
        json_decref(root);
        root = NULL;
    }
    json_decref(tool);
    return root;
}

void report_stream_init(struct report_stream *s, FILE *out)
{
    memset(s, 0, sizeof *s);
    s->out = out;
}

static void indent(struct report_stream *s)
{
    fputc('\n', s->out);
    for (int i = 0; i < s->depth; i++)
        fputs("  ", s->out);
}

/* What comes before a member or element: a comma after the one before, a
 * new line, the indent, and the key. */
static void lead(struct report_stream *s, const char *key)
{
    if (s->depth == 0)
        return;
    if (s->filled[s->depth - 1])
        fputc(',', s->out);
    s->filled[s->depth - 1] = true;
    indent(s);
    if (key) {
        json_t *k = json_string(key);
        char *text = k ? json_dumps(k, JSON_ENCODE_ANY) : NULL;
        if (!text)
            s->failed = true;
        else
            fprintf(s->out, "%s: ", text);
        free(text);
        json_decref(k);
    }
}

void report_stream_open(struct report_stream *s, const char *key, char kind)
{
    if (s->failed)
        return;
    if (s->depth >= REPORT_STREAM_DEPTH) {
        s->failed = true;
        return;
    }
    lead(s, key);
    fputc(kind, s->out);
    s->close[s->depth] = kind == '{' ? '}' : ']';
    s->filled[s->depth] = false;
    s->depth++;
}

void report_stream_put(struct report_stream *s, const char *key, const json_t *value)
{
    if (s->failed)
        return;
    char *text = value ? json_dumps(value, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY) : NULL;
    if (!text) {
        s->failed = true;
        return;
    }
    lead(s, key);
    /* jansson indents from column 0; a string never holds a raw newline */
    for (const char *p = text, *nl; *p; p = nl + 1) {
        nl = strchr(p, '\n');
        if (!nl) {
            fputs(p, s->out);
            break;
        }
        fwrite(p, 1, (size_t)(nl - p), s->out);
        indent(s);
    }
    free(text);
    if (ferror(s->out))
        s->failed = true;
}

void report_stream_put_new(struct report_stream *s, const char *key, json_t *value)
{
    report_stream_put(s, key, value);
    json_decref(value);
}

void report_stream_close(struct report_stream *s)
{
    if (s->failed || s->depth == 0)
        return;
    s->depth--;
    if (s->filled[s->depth])
        indent(s);
    fputc(s->close[s->depth], s->out);
}

int report_stream_end(struct report_stream *s)
{
    if (!s->failed && s->depth == 0 && fputc('\n', s->out) != EOF && !ferror(s->out))
        return 0;
    return -1;
}

void report_omitted_text(const struct diag *diag, char *buf, size_t len)
{
    size_t n = diag_omitted(diag);
    if (n == 0) {
        if (len)
            buf[0] = '\0';
        return;
    }
    snprintf(buf, len, "%zu finding%s not shown: a report lists the first %d findings of each file and the "
             "first %d of the run (the counts hold them all)", n, n == 1 ? "" : "s", DIAG_FILE_CAP, DIAG_RUN_CAP);
}

/* The summary's members about a baseline (ro->baseline): "baseline":
 * {"file", "written"} or {"file", "matched", "stale"}.  Returns 0, or -1
 * when memory runs out. */
static int adoption_members(json_t *summary, const struct report_opts *ro)
{
    const struct report_baseline *b = ro->baseline;
    if (!b)
        return 0;
    json_t *o = json_object();
    /* each _set_new steals the new value */
    if (!o || json_object_set_new(o, "file", report_json_text(b->file)) ||
        (b->written && json_object_set_new(o, "written", json_integer((json_int_t)b->entries))) ||
        (!b->written && json_object_set_new(o, "matched", json_integer((json_int_t)b->matched))) ||
        (!b->written && json_object_set_new(o, "stale", json_integer((json_int_t)b->stale)))) {
        json_decref(o);
        return -1;
    }
    return json_object_set_new(summary, "baseline", o);
}

int report_json(FILE *out, const struct diag *diag, const struct report_opts *ro)
{
    struct report_stream s;
    json_t *root = report_json_root(), *summary = json_object();
    report_stream_init(&s, out);
    if (!root || !summary)
        s.failed = true;
    report_stream_open(&s, NULL, '{');
    report_stream_put(&s, "tool", root ? json_object_get(root, "tool") : NULL); /* borrowed */
    report_stream_open(&s, "findings", '[');
    for (size_t i = 0; i < diag->n && !s.failed; i++)
        report_stream_put_new(&s, NULL, finding_json(&diag->items[i]));
    report_stream_close(&s);
    if (ro->nskipped) {
        report_stream_open(&s, "skipped", '[');
        for (size_t i = 0; i < ro->nskipped && !s.failed; i++)
            report_stream_put_new(&s, NULL, report_json_text(ro->skipped[i]));
        report_stream_close(&s);
    }
    size_t omitted = diag_omitted(diag);
    /* each _set_new steals the new value */
    if (!summary || json_object_set_new(summary, "files", json_integer((json_int_t)diag->files)) ||
        json_object_set_new(summary, "actions", json_integer((json_int_t)diag->actions)) ||
        json_object_set_new(summary, "errors", json_integer((json_int_t)diag_count(diag, SEV_ERROR))) ||
        json_object_set_new(summary, "warnings", json_integer((json_int_t)diag_count(diag, SEV_WARNING))) ||
        (omitted && json_object_set_new(summary, "omitted", json_integer((json_int_t)omitted))) ||
        (diag->unread && json_object_set_new(summary, "unread", json_integer((json_int_t)diag->unread))) ||
        adoption_members(summary, ro) != 0)
        s.failed = true;
    report_stream_put(&s, "summary", summary);
    report_stream_close(&s);
    json_decref(summary);
    json_decref(root);
    return report_stream_end(&s);
}
