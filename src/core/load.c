/* load.c - syntax choice and checks common to both loaders */
#include "core/load_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/fsutil.h"

void load_set_error(struct load_error *err, unsigned line, unsigned col, const char *fmt, ...)
{
    va_list ap;
    err->line = line ? line : 1;
    err->col = col ? col : 1;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
}

enum load_syntax load_guess_syntax(const char *name, const struct source *src)
{
    if (name && fs_name_ends(name, ".json"))
        return SYNTAX_JSON;
    if (name && (fs_name_ends(name, ".yaml") || fs_name_ends(name, ".yml")))
        return SYNTAX_YAML;
    const char *p = src->bytes, *end = src->bytes + src->len;
    if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    return p < end && (*p == '{' || *p == '[') ? SYNTAX_JSON : SYNTAX_YAML;
}

bool load_is_blank(const struct source *src, enum load_syntax syntax)
{
    bool comments = syntax == SYNTAX_YAML;
    const char *p = src->bytes, *end = src->bytes + src->len;
    if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end) {
        if (comments && *p == '#') {
            p = source_eol(p, end, NULL);
            if (p == end)
                return true;
        }
        if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
            return false;
        p++;
    }
    return true;
}

enum load_status load_document(const struct source *src, enum load_syntax syntax,
                               const struct load_limits *lim, struct doc *doc,
                               struct load_error *err)
{
    if (load_is_blank(src, syntax)) {
        load_set_error(err, 1, 1, "empty file: expected a data action, an array of them or {\"entities\": [...]}");
        return LOAD_SYNTAX;
    }
    enum load_status st = syntax == SYNTAX_JSON ? load_json(src, lim, doc, err)
                                                : load_yaml(src, lim, doc, err);
    if (st != LOAD_OK)
        doc_free(doc);
    return st;
}
