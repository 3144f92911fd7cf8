/* suppression.c - ignores carry a reason and match something; lint itself reports these */
#include "rules/rule.h"

const struct rule rule_suppression = {
    .slug = "suppression",
    .severity = SEV_WARNING,
    .summary = "every inline '# dacc:ignore' and config ignore entry names a rule, gives a reason and matches a finding",
    .explain =
        "What it checks\n"
        "  An inline suppression in a YAML source, '# dacc:ignore SLUG reason', and\n"
        "  an entry of the 'ignore' list of .dacc.yaml (file, rule, optional pointer,\n"
        "  reason) each name a known rule, give a reason, and silence at least one\n"
        "  finding. Otherwise it is a warning at the suppression. A comment after a\n"
        "  value silences that line; a comment alone on its line silences the next\n"
        "  line of YAML. On the line of a key whose value is a block mapping or\n"
        "  sequence ('config:  # dacc:ignore timeout why'), it also silences what is\n"
        "  reported at that collection, such as a member it lacks, but not the\n"
        "  values inside it. One comment may hold several ('# dacc:ignore a why\n"
        "  # dacc:ignore b why'); a '#' inside a quoted or block scalar is text, not\n"
        "  a comment. A suppression of a rule that .dacc.yaml turns off is not\n"
        "  reported as matching nothing.\n"
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
    .precision = "very-high",
    .tags = (const char *const[]){ "maintainability", NULL },
    .check = 0,
};
