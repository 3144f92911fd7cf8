/* syntax.c - the file must parse; the loader reports these findings */
#include "rules/rule.h"

const struct rule rule_syntax = {
    .slug = "syntax",
    .severity = SEV_ERROR,
    .summary = "the file is valid JSON or YAML: no duplicate keys, valid UTF-8, within the size and depth limits",
    .explain =
        "What it checks\n"
        "  The file parses as JSON (.json) or YAML 1.2 (.yaml, .yml): balanced brackets,\n"
        "  no trailing commas, no duplicate keys, valid UTF-8, at most 256 levels of\n"
        "  nesting, at most 16 MiB, no YAML tags, and YAML aliases only within an\n"
        "  expansion cap (10,000 values, and 16 MiB for the file with every string and\n"
        "  name its aliases repeat). The finding is at the line and column where the\n"
        "  parser stopped; a duplicate key is not quoted, the first one's place is\n"
        "  named.\n"
        "\n"
        "Why\n"
        "  Genesys Cloud refuses to import a broken file, and a duplicated key silently\n"
        "  keeps only one of its values, so a review can approve a value that is never\n"
        "  used.\n"
        "\n"
        "Bad\n"
        "  {\"name\": \"Get order\", \"name\": \"Get order v2\", }\n"
        "\n"
        "Good\n"
        "  {\"name\": \"Get order v2\"}\n",
    .precision = "very-high",
    .tags = (const char *const[]){ "correctness", NULL },
    .check = 0,
};
