/* syntax.c - the file must parse; the loader reports these findings */
#include "rule.h"

const struct rule rule_syntax = {
    .slug = "syntax",
    .severity = SEV_ERROR,
    .summary = "the file is valid JSON or YAML: no duplicate keys, valid UTF-8, within the size and depth limits",
    .explain =
        "What it checks\n"
        "  The file parses as JSON (.json) or YAML 1.2 (.yaml, .yml): balanced brackets,\n"
        "  no trailing commas, no duplicate keys, valid UTF-8, at most 256 levels of\n"
        "  nesting, at most 16 MiB, no YAML tags, and YAML aliases only within a small\n"
        "  expansion cap. The finding is at the line and column where the parser\n"
        "  stopped.\n"
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
    .check = 0,
};
