/* timeout.c - every action bounds how long a flow waits on it */
#include "rules/rule.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The whole seconds of a valid timeoutSeconds, or -1 when the value is a
 * schema error (which the schema rule reports alone). */
static long long valid_seconds(const struct node *t)
{
    double v;
    if (t->kind == NODE_INT)
        v = (double)t->i;
    else if (t->kind == NODE_REAL && isfinite(t->d) && floor(t->d) == t->d)
        v = t->d;
    else
        return -1;
    return v >= 1 && v <= 60 ? (long long)v : -1;
}

static void check(struct rule_ctx *rc, const struct node *action)
{
    const struct node *config = node_get(action, "config");
    if (!config || config->kind != NODE_OBJECT)
        return;
    const struct node *t = node_get(config, "timeoutSeconds");
    const char *type = node_string(node_get(action, "actionType"));
    long limit = rc->policy->max_timeout_ms;

    if (type && strcmp(type, "customAuth") == 0) {
        if (t && valid_seconds(t) > 0)
            rule_report(rc, t, "a custom-authentication action must not set 'timeoutSeconds'; remove it");
        return;
    }
    /* said in the field's own unit, seconds, with the limit's milliseconds beside */
    char fix[96];
    if (limit >= 1000)
        snprintf(fix, sizeof fix, "set it to at most %ld (%ld ms)", limit / 1000, limit);
    else
        snprintf(fix, sizeof fix, "the limit of %ld ms is under its smallest value, 1 s", limit);
    if (!t) {
        rule_report_missing(rc, config, "timeoutSeconds", "'config.timeoutSeconds' is missing: %s", fix);
        return;
    }
    long long secs = valid_seconds(t);
    if (secs > 0 && secs * 1000 > limit)
        rule_report(rc, t, "'config.timeoutSeconds' is %lld: %s", secs, fix);
}

const struct rule rule_timeout = {
    .slug = "timeout",
    .severity = SEV_ERROR,
    .summary = "every action sets config.timeoutSeconds within the limit (5000 ms); custom-authentication actions do not",
    .explain =
        "What it checks\n"
        "  Every action except a custom-authentication one (actionType customAuth)\n"
        "  sets config.timeoutSeconds, and timeoutSeconds x 1000 is at most the limit\n"
        "  (--max-timeout-ms, default 5000: 5 passes, 6 fails). A custom-authentication\n"
        "  action must not set it. A value that is not an integer from 1 to 60 is a\n"
        "  schema finding instead.\n"
        "\n"
        "Why\n"
        "  An Architect flow waits on the action while the caller waits on the flow: a\n"
        "  slow endpoint without a tight bound holds calls in silence. The field is\n"
        "  not allowed on a custom-authentication action, whose token request the\n"
        "  platform runs on its own terms.\n"
        "\n"
        "Bad\n"
        "  \"config\": {\"request\": {...}, \"response\": {...}, \"timeoutSeconds\": 30}\n"
        "\n"
        "Good\n"
        "  \"config\": {\"request\": {...}, \"response\": {...}, \"timeoutSeconds\": 5}\n"
        "\n"
        "Fix\n"
        "  dacc fix adds a missing timeoutSeconds, the largest whole number of\n"
        "  seconds within the limit (5 for 5000 ms), and removes it from a\n"
        "  custom-authentication action. dacc fix --unsafe also lowers an integer\n"
        "  over the limit to it: unsafe, as an answer slower than that then times\n"
        "  out.\n",
    .precision = "very-high",
    .tags = (const char *const[]){ "reliability", NULL },
    .fixable = FIX_BOTH,
    .check = check,
};
