/* report_json.c - the JSON report of SPEC §4, built with jansson */
#include "report.h"

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

int report_json(FILE *out, const struct diag *diag, const struct options *opt)
{
    (void)opt;
    int rc = -1;
    json_t *root = report_json_root(), *findings = json_array(), *summary = json_object();
    if (!root || !findings || !summary)
        goto out;
    for (size_t i = 0; i < diag->n; i++)
        if (json_array_append_new(findings, finding_json(&diag->items[i])))
            goto out;
    if (json_object_set_new(summary, "files", json_integer((json_int_t)diag->files)) ||
        json_object_set_new(summary, "actions", json_integer((json_int_t)diag->actions)) ||
        json_object_set_new(summary, "errors", json_integer((json_int_t)diag_count(diag, SEV_ERROR))) ||
        json_object_set_new(summary, "warnings", json_integer((json_int_t)diag_count(diag, SEV_WARNING))) ||
        json_object_set(root, "findings", findings) || json_object_set(root, "summary", summary))
        goto out;
    rc = report_json_dump(out, root);
out:
    json_decref(findings);
    json_decref(summary);
    json_decref(root);
    return rc;
}
