/* registry.c - the one table of rules, and the reporting helpers rules call */
#include "rule.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct rule *const rule_registry[] = {
    &rule_syntax,
    &rule_schema,
    &rule_timeout,
    &rule_insecure_url,
};

const size_t rule_registry_len = sizeof rule_registry / sizeof rule_registry[0];

const struct rule *rule_find(const char *slug)
{
    for (size_t i = 0; i < rule_registry_len; i++)
        if (strcmp(rule_registry[i]->slug, slug) == 0)
            return rule_registry[i];
    return NULL;
}

static void report(struct rule_ctx *rc, const struct node *at, const char *member, int sensitive,
                   const char *fmt, va_list ap)
{
    char message[512];
    vsnprintf(message, sizeof message, fmt, ap);
    char *pointer = node_pointer(rc->action, at, member);
    size_t ctx_len = 0;
    const char *ctx = sensitive ? NULL : source_line(rc->src, at->line, &ctx_len);
    if (!pointer || diag_add(rc->diag, rc->rule->slug, rc->rule->severity, rc->src->name, at->line,
                             at->col, pointer, rc->action_name, message, ctx, ctx_len) != 0)
        rc->failed = 1;
    free(pointer);
}

void rule_report(struct rule_ctx *rc, const struct node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(rc, at, NULL, 0, fmt, ap);
    va_end(ap);
}

void rule_report_missing(struct rule_ctx *rc, const struct node *parent, const char *member,
                         const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(rc, parent, member, 0, fmt, ap);
    va_end(ap);
}

void rule_report_sensitive(struct rule_ctx *rc, const struct node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(rc, at, NULL, 1, fmt, ap);
    va_end(ap);
}
