/* suppression.c - ignores carry a reason and match something; lint itself reports these */
#include "rule.h"

const struct rule rule_suppression = {
    .slug = "suppression",
    .severity = SEV_WARNING,
    .summary = "every inline '# dacc:ignore' and config ignore entry gives a reason and matches a finding",
    .explain =
        "What it checks\n"
        "  An inline suppression in a YAML source, '# dacc:ignore SLUG reason' on the\n"
        "  line of the value or the line above it, and an entry of the 'ignore' list\n"
        "  of .dacc.yaml (file, rule, optional pointer, reason) each give a reason,\n"
        "  and each silences at least one finding. Otherwise it is a warning at the\n"
        "  suppression.\n"
        "\n"
        "Why\n"
        "  A suppression without a reason cannot be reviewed, and one that matches\n"
        "  nothing (the value moved, the rule was renamed) hides nothing but still\n"
        "  reads as if something were accepted.\n"
        "\n"
        "Bad\n"
        "  timeoutSeconds: 30  # dacc:ignore timeout\n"
        "\n"
        "Good\n"
        "  timeoutSeconds: 30  # dacc:ignore timeout vendor needs 30 s at month end, INC-4211\n",
    .check = 0,
};
