/* rule.c - the reporting helpers rules call: position, pointer, severity and
 * whether the source line may be echoed under a finding */
#include "rules/rule.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

bool rule_line_may_show(const struct ruledata *rd, struct pattern_scratch *scratch, const struct source *src,
                        unsigned from, unsigned line)
{
    if (from == 0 || from > line)
        from = line;
    if (line - from >= RULE_ECHO_LOOKBACK)
        return false;
    for (unsigned l = from; l <= line; l++) {
        size_t len = 0;
        const char *text = source_line(src, l, &len);
        if (text && !ruledata_line_may_show(rd, scratch, text, len))
            return false;
    }
    return true;
}

/* The line of the member name AT's value belongs to: its own, or for an item
 * of a sequence, its sequence's (a YAML value may sit lines below its key). */
static unsigned key_line_of(const struct node *at)
{
    for (const struct node *p = at; p; p = p->parent)
        if (p->key)
            return p->key_line;
    return at->line;
}

/* Report at LINE:COL, with AT's pointer (and MEMBER's under it); a finding
 * at AT's own value (END set) spans that value in SARIF. */
static void report_at(struct rule_ctx *rc, enum severity sev, const struct node *at, unsigned line,
                      unsigned col, bool end, const char *member, int sensitive, const char *fmt, va_list ap)
{
    char message[512];
    vsnprintf(message, sizeof message, fmt, ap);
    char *pointer = node_pointer(rc->action, at, member);
    size_t ctx_len = 0;
    const char *ctx = sensitive ? NULL : source_line(rc->src, line, &ctx_len);
    if (ctx && !rule_line_may_show(rc->data, rc->scratch, rc->src, key_line_of(at), line))
        ctx = NULL;
    if (rc->severity >= 0)
        sev = (enum severity)rc->severity; /* .dacc.yaml says so */
    if (!pointer || diag_add_span(rc->diag, rc->rule->slug, sev, rc->src->name, line, col, end ? at->end_line : 0,
                                  end ? at->end_col : 0, pointer, rc->action_name, message, ctx, ctx_len) != 0)
        rc->failed = 1;
    free(pointer);
}

static void report(struct rule_ctx *rc, enum severity sev, const struct node *at, const char *member,
                   int sensitive, const char *fmt, va_list ap)
{
    /* a missing member has no value to span: the finding is at its parent's start */
    report_at(rc, sev, at, at->line, at->col, member == NULL, member, sensitive, fmt, ap);
}

void rule_report(struct rule_ctx *rc, const struct node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(rc, rc->rule->severity, at, NULL, 0, fmt, ap);
    va_end(ap);
}

void rule_report_missing(struct rule_ctx *rc, const struct node *parent, const char *member,
                         const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(rc, rc->rule->severity, parent, member, 0, fmt, ap);
    va_end(ap);
}

void rule_report_sensitive(struct rule_ctx *rc, const struct node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(rc, rc->rule->severity, at, NULL, 1, fmt, ap);
    va_end(ap);
}

void rule_report_sensitive_key(struct rule_ctx *rc, const struct node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_at(rc, rc->rule->severity, at, at->key_line, at->key_col, false, NULL, 1, fmt, ap);
    va_end(ap);
}

void rule_report_sev(struct rule_ctx *rc, enum severity sev, const struct node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(rc, sev, at, NULL, 0, fmt, ap);
    va_end(ap);
}

void rule_report_key(struct rule_ctx *rc, enum severity sev, const struct node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_at(rc, sev, at, at->key ? at->key_line : at->line, at->key ? at->key_col : at->col, false, NULL, 0,
              fmt, ap);
    va_end(ap);
}
