/* registry.c - the one table of rules, and the reporting helpers rules call */
#include "rule.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct rule *const rule_registry[] = {
    &rule_syntax,
    &rule_schema,
    &rule_plaintext_secret,
    &rule_token_request_form,
    &rule_timeout,
    &rule_payload_limit,
    &rule_scope_least_privilege,
    &rule_insecure_url,
    &rule_template,
    &rule_contract_mismatch,
    &rule_secure_flag,
    &rule_duplicate_name,
    &rule_suppression,
};

const size_t rule_registry_len = sizeof rule_registry / sizeof rule_registry[0];

const struct rule *rule_find(const char *slug)
{
    for (size_t i = 0; i < rule_registry_len; i++)
        if (strcmp(rule_registry[i]->slug, slug) == 0)
            return rule_registry[i];
    return NULL;
}

size_t rule_index(const struct rule *rule)
{
    for (size_t i = 0; i < rule_registry_len; i++)
        if (rule_registry[i] == rule)
            return i;
    return 0;
}

static void report(struct rule_ctx *rc, enum severity sev, const struct node *at, const char *member,
                   int sensitive, const char *fmt, va_list ap)
{
    char message[512];
    vsnprintf(message, sizeof message, fmt, ap);
    char *pointer = node_pointer(rc->action, at, member);
    size_t ctx_len = 0;
    const char *ctx = sensitive ? NULL : source_line(rc->src, at->line, &ctx_len);
    if (ctx && !ruledata_line_may_show(rc->data, rc->scratch, ctx, ctx_len))
        ctx = NULL;
    if (rc->severity >= 0)
        sev = (enum severity)rc->severity; /* .dacc.yaml says so */
    if (!pointer || diag_add(rc->diag, rc->rule->slug, sev, rc->src->name, at->line, at->col,
                             pointer, rc->action_name, message, ctx, ctx_len) != 0)
        rc->failed = 1;
    free(pointer);
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

void rule_report_sev(struct rule_ctx *rc, enum severity sev, const struct node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(rc, sev, at, NULL, 0, fmt, ap);
    va_end(ap);
}
