/* rule.h - what a rule is, and what a rule may do while it checks an action
 *
 * A rule never prints, never keeps state between calls and never frees nodes:
 * it reports findings against nodes through rule_report*(), which work out the
 * position and the JSON Pointer.  What a run must remember across files (which
 * granted scopes some token request asked for) it sets in the run's marks,
 * which its finish() reads once every file has been checked.
 */
#ifndef DACC_RULE_H
#define DACC_RULE_H

#include <stddef.h>

#include "core/config.h"
#include "core/diag.h"
#include "core/pattern.h"
#include "core/ruledata.h"
#include "core/node.h"
#include "core/source.h"
#include "flow/flow.h"
#include "rules/registry.h"

/* The limits rules enforce (SPEC §3 defaults; flags change them). */
struct policy {
    long max_timeout_ms;       /* default 5000 (rules/limits.yaml) */
    long max_payload_bytes;    /* default 32768 */
};

struct rule_ctx {
    const struct rule *rule;
    const struct policy *policy;
    const struct ruledata *data;        /* secret formats, scopes, limits */
    struct pattern_scratch *scratch;    /* matching memory of this thread */
    const struct config *config;        /* .dacc.yaml settings (never NULL) */
    int severity;                       /* configured severity of this rule, or -1 */
    struct diag *diag;
    const struct source *src;
    const struct node *action;  /* the action being checked (a flow's root for check_call);
                                   pointers are relative to it */
    const char *action_name;    /* for check_call: the called action's name */
    enum flow_type flow_type;   /* check_call: the flow's type; FLOW_NONE otherwise */
    unsigned char *marks;       /* config->nmarks bytes a check may set to 1 (see config.h); NULL: none */
    int failed;                 /* set when memory ran out while reporting */
};


/* Report at node AT (its position and pointer). */
void rule_report(struct rule_ctx *rc, const struct node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Report a missing member MEMBER of PARENT: the pointer names the member, the
 * position is the parent's. */
void rule_report_missing(struct rule_ctx *rc, const struct node *parent, const char *member,
                         const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* As rule_report(), for a value that holds a credential: its source line is
 * never echoed. */
void rule_report_sensitive(struct rule_ctx *rc, const struct node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* As rule_report_sensitive(), for a member name that holds a credential: at
 * the name's position, with its parent's pointer (the name is never shown). */
void rule_report_sensitive_key(struct rule_ctx *rc, const struct node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* True when line LINE of SRC may be echoed under a finding: neither it nor
 * any line from FROM (the line of the key a value belongs to, a wrapped
 * value's first line) down to it looks like it carries a credential.  At
 * most RULE_ECHO_LOOKBACK lines are judged; a longer stretch is not echoed. */
bool rule_line_may_show(const struct ruledata *rd, struct pattern_scratch *scratch, const struct source *src,
                        unsigned from, unsigned line);
#define RULE_ECHO_LOOKBACK 64

/* As rule_report(), at severity SEV rather than the rule's default (a rule
 * whose findings are errors or warnings by case). */
void rule_report_sev(struct rule_ctx *rc, enum severity sev, const struct node *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* As rule_report_sev(), at the name of member AT (its key_line:key_col), with
 * AT's own pointer: a finding about a key whose value may sit lines below. */
void rule_report_key(struct rule_ctx *rc, enum severity sev, const struct node *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
