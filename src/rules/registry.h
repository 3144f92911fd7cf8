/* registry.h - what a rule is to the rest of dacc: its metadata, the table
 * of every rule and the lookups.  Needs only diag.h (a severity): config,
 * lint and the CLI read the table without the check context of rule.h. */
#ifndef DACC_REGISTRY_H
#define DACC_REGISTRY_H

#include <stddef.h>

#include "core/diag.h"

struct node;
struct rule_ctx;
struct flow_call;
struct flow_action;

/* Whether dacc fix (fix/fix.h) fixes some of a rule's findings, and how. */
enum rule_fixable {
    FIX_NO = 0,
    FIX_SAFE = 1,   /* by default: the fix does not change what the action does at run time, beyond the finding */
    FIX_UNSAFE = 2, /* with --unsafe only: the fix changes what the action does */
    FIX_BOTH = FIX_SAFE | FIX_UNSAFE, /* some findings each way */
};

struct rule {
    const char *slug;
    enum severity severity;
    const char *summary;       /* one line, for `dacc rules` */
    const char *explain;       /* what, why, a bad and a good example, for `dacc explain` */
    /* For GitHub code scanning (SARIF's rule properties): how often a finding
     * is right ("very-high", "high", "medium" or "low"); the tags ("security"
     * for a security rule, and its CWEs), NULL-terminated; and for a security
     * rule, a CVSS-like score from "0.1" to "10.0" (GitHub shows over 9.0 as
     * critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low), NULL for the others. */
    const char *precision;
    const char *const *tags;
    const char *security_severity;
    enum rule_fixable fixable;  /* dacc fix fixes some of its findings (`dacc rules`, `explain` say so) */
    /* Check one action (any node: the schema rule reports non-objects).  NULL for
     * rules reported by the loader itself (syntax). */
    void (*check)(struct rule_ctx *rc, const struct node *action);
    /* Once per run, after every file, when a .dacc.yaml was read: SRC is that
     * file, ACTION its root (pointers are into it), MARKS what the checks of
     * every file set.  NULL for rules without run-wide findings. */
    void (*finish)(struct rule_ctx *rc);
    /* Check one Call Data Action step of an Architect flow (rc->action is the
     * flow's root, rc->flow_type its type) against MATCHED, the action of the
     * run (or of .dacc.yaml's flows.actions) its name names, or NULL when
     * there is none.  Lint calls it once every file is read, for calls whose
     * names hold no unresolved {{KEY}}.  NULL for rules about actions alone. */
    void (*check_call)(struct rule_ctx *rc, const struct flow_call *call, const struct flow_action *matched);
};

/* The registry: every rule, in a fixed order (rules/rules.def). */
extern const struct rule *const rule_registry[];
extern const size_t rule_registry_len;
/* The rule named SLUG, or NULL. */
const struct rule *rule_find(const char *slug);
/* RULE's place in rule_registry (0 for a rule not in it). */
size_t rule_index(const struct rule *rule);

#define RULE(id) extern const struct rule rule_##id;
#include "rules/rules.def"
#undef RULE

#endif
