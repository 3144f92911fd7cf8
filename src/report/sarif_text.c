/* sarif_text.c - the text the SARIF report derives: a rule's descriptions
 * for GitHub code scanning (plain text cut to its 1,024-character limit, and
 * Markdown help) from its explain text, and artifact URIs relative to
 * %SRCROOT% */
#include "report/sarif_int.h"


#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/grow.h"

/* ---- text buffers ---- */

static void put_str(struct grow_text *b, const char *s)
{
    grow_text_add(b, s, strlen(s));
}

/* B's text, handed to the caller (who frees it); NULL after a memory failure. */
static char *take(struct grow_text *b)
{
    if (!b->s)
        put_str(b, "");
    if (b->failed) {
        free(b->s);
        return NULL;
    }
    return b->s;
}

/* ---- rule descriptions ---- */

/* An explain text is headings ("What it checks", "Why", "Bad", "Good") at the
 * start of a line, each followed by lines indented two spaces.  Calls FN for
 * each line: its section heading, the line without the indent, and whether it
 * is the heading itself. */
struct explain_line {
    const char *section;
    size_t section_len;
    const char *text;
    size_t len;
    bool heading;
};

/* The line at *P of an explain text; advances *P.  False at the end. */
static bool next_line(const char **p, struct explain_line *l)
{
    if (!**p)
        return false;
    const char *s = *p, *nl = strchr(s, '\n');
    size_t len = nl ? (size_t)(nl - s) : strlen(s);
    *p = s + len + (nl ? 1 : 0);
    l->heading = len > 0 && s[0] != ' ';
    if (l->heading) {
        l->section = s;
        l->section_len = len;
    }
    size_t skip = !l->heading && len >= 2 && s[0] == ' ' && s[1] == ' ' ? 2 : 0;
    l->text = s + skip;
    l->len = len - skip;
    return true;
}

static bool section_is(const struct explain_line *l, const char *name)
{
    return l->section && l->section_len == strlen(name) && strncmp(l->section, name, l->section_len) == 0;
}

/* Cut TEXT in place to at most MAX bytes: after its last whole sentence
 * that fits, or else after a word, with "...". */
static void cut_to(char *text, size_t max)
{
    size_t len = strlen(text), end = 0;
    if (len <= max)
        return;
    for (size_t i = 0; i < max; i++)
        if (text[i] == '.' && (text[i + 1] == ' ' || text[i + 1] == '\n'))
            end = i + 1;
    if (end == 0) {
        for (size_t i = 0; i + 3 < max; i++)
            if (text[i] == ' ')
                end = i;
        memcpy(text + end, "...", 4);
        return;
    }
    text[end] = '\0';
}

char *report_sarif_full_description(const char *explain)
{
    struct grow_text b = { 0 };
    struct explain_line l = { 0 };
    bool open = false, blank = false;
    for (const char *p = explain; next_line(&p, &l);) {
        if (l.heading || !section_is(&l, "What it checks"))
            continue;
        if (l.len == 0) {
            blank = open;
            continue;
        }
        put_str(&b, !open ? "" : blank ? "\n\n" : " ");
        grow_text_add(&b, l.text, l.len);
        open = true;
        blank = false;
    }
    char *s = take(&b);
    if (s)
        cut_to(s, REPORT_SARIF_TEXT_MAX);
    return s;
}

/* Prose of LEN bytes at S in Markdown: the characters that would start
 * emphasis, code, a link or HTML are escaped. */
static void put_prose(struct grow_text *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (strchr("\\`*_[]<>#|", s[i]))
            grow_text_add(b, "\\", 1);
        grow_text_add(b, s + i, 1);
    }
}

/* The explain text as Markdown: each heading in bold, the prose of a section
 * escaped, with its paragraphs kept, and the Bad and Good examples as code. */
char *report_sarif_help_markdown(const char *explain)
{
    struct grow_text b = { 0 };
    struct explain_line l = { 0 };
    bool code = false;
    for (const char *p = explain; next_line(&p, &l);) {
        if (l.heading) {
            if (code)
                put_str(&b, "```\n");
            if (b.len && !(b.len >= 2 && b.s[b.len - 1] == '\n' && b.s[b.len - 2] == '\n'))
                put_str(&b, "\n");
            code = section_is(&l, "Bad") || section_is(&l, "Good");
            put_str(&b, "**");
            put_prose(&b, l.text, l.len);
            put_str(&b, code ? "**\n\n```text\n" : "**\n\n");
        } else if (code) {
            if (l.len) /* a blank line between examples stays out of the block's end */
                grow_text_add(&b, l.text, l.len), put_str(&b, "\n");
        } else {
            put_prose(&b, l.text, l.len);
            put_str(&b, "\n");
        }
    }
    if (code)
        put_str(&b, "```\n");
    return take(&b);
}

char *report_sarif_rule_name(const char *slug)
{
    struct grow_text b = { 0 };
    bool upper = true;
    for (const char *p = slug; *p; p++) {
        if (*p == '-') {
            upper = true;
            continue;
        }
        char c = upper && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
        grow_text_add(&b, &c, 1);
        upper = false;
    }
    return take(&b);
}

/* ---- paths ---- */

/* PATH made absolute against CWD and normalised without asking the file
 * system: empty and "." segments dropped, ".." taking the one before.  The
 * caller frees the result ("/" for the root); NULL when memory runs out. */
static char *lexical(const char *cwd, const char *path)
{
    size_t cap = strlen(cwd) + strlen(path) + 3;
    char *joined = malloc(cap), *out = malloc(cap);
    if (!joined || !out) {
        free(joined);
        free(out);
        return NULL;
    }
    snprintf(joined, cap, "%s/%s", path[0] == '/' ? "" : cwd, path);
    size_t o = 0;
    for (char *seg = joined; *seg;) {
        size_t n = strcspn(seg, "/");
        if (n == 2 && seg[0] == '.' && seg[1] == '.') {
            while (o > 0 && out[--o] != '/')
                ;
        } else if (n > 0 && !(n == 1 && seg[0] == '.')) {
            out[o++] = '/';
            memcpy(out + o, seg, n);
            o += n;
        }
        seg += n + (seg[n] == '/');
    }
    if (o == 0)
        out[o++] = '/';
    out[o] = '\0';
    free(joined);
    return out;
}

/* PATH as the file system resolves it (symbolic links and ".." applied, as
 * GitHub asks: a result in a link's path cannot be shown), or lexically
 * when it cannot (a name from --stdin-filename).  NULL when memory runs out. */
static char *resolve(const char *cwd, const char *path)
{
    char *real = realpath(path, NULL);
    return real ? real : lexical(cwd, path);
}

/* The git work tree holding DIR (absolute): the nearest directory upward
 * with a .git (a directory, or a file in a linked work tree), or DIR itself.
 * The caller frees the result; NULL when memory runs out. */
static char *git_root(const char *dir)
{
    size_t len = strlen(dir);
    char *probe = malloc(len + sizeof "/.git");
    if (!probe)
        return NULL;
    memcpy(probe, dir, len + 1);
    for (;;) {
        struct stat st;
        memcpy(probe + len, "/.git", sizeof "/.git"); /* "//.git" at the root, which is "/.git" */
        if (lstat(probe, &st) == 0) {
            probe[len] = '\0';
            return probe;
        }
        if (len <= 1)
            break;
        while (len > 0 && probe[len - 1] != '/')
            len--;
        if (len > 1)
            len--; /* the '/' before the last segment, but the root's */
    }
    free(probe);
    return strdup(dir);
}

int report_sarif_paths_init(struct report_sarif_paths *sp, const char *srcroot)
{
    memset(sp, 0, sizeof *sp);
    char *cwd = getcwd(NULL, 0);
    sp->cwd = cwd ? cwd : strdup("/");
    if (!sp->cwd)
        return -1;
    sp->root = srcroot ? resolve(sp->cwd, srcroot) : git_root(sp->cwd);
    return sp->root ? 0 : -1;
}

void report_sarif_paths_free(struct report_sarif_paths *sp)
{
    free(sp->cwd);
    free(sp->root);
    free(sp->file);
    free(sp->path);
    memset(sp, 0, sizeof *sp);
}

int report_sarif_path(struct report_sarif_paths *sp, const char *file, const char **path, bool *based)
{
    if (!sp->file || strcmp(sp->file, file) != 0) {
        free(sp->file);
        free(sp->path);
        sp->path = NULL;
        sp->file = strdup(file);
        if (!sp->file)
            return -1;
        if (strcmp(file, "<stdin>") == 0) { /* not a file: its name as it is */
            sp->path = strdup(file);
            sp->based = false;
        } else {
            char *abs = resolve(sp->cwd, file);
            size_t n = strcmp(sp->root, "/") == 0 ? 0 : strlen(sp->root);
            sp->based = abs && strncmp(abs, sp->root, n) == 0 && abs[n] == '/' && abs[n + 1];
            sp->path = abs ? strdup(sp->based ? abs + n + 1 : abs) : NULL;
            free(abs);
        }
        if (!sp->path)
            return -1;
    }
    *path = sp->path;
    *based = sp->based;
    return 0;
}
