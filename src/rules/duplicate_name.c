/* duplicate_name.c - no two actions build to one import file; lint reports it once every file is read */
#include "rules/rule.h"

const struct rule rule_duplicate_name = {
    .slug = "duplicate-name",
    .severity = SEV_ERROR,
    .summary = "no two actions of a run have names that build to the same import file",
    .explain =
        "What it checks\n"
        "  dacc build names each import file after its action: the name's ASCII\n"
        "  letters and digits, lower-cased, other runs of characters one '-', then\n"
        "  .custom.json (.customAuth.json for a custom-authentication action). Two\n"
        "  actions among the files of one run, in one file or in two, whose names\n"
        "  give the same file name ('Get Order', 'get-order', 'GET  ORDER!') are an\n"
        "  error at the 'name' of each after the first, which the message names.\n"
        "  Only the files of the run are compared (a file named twice is one file):\n"
        "  a pre-commit hook that lints the changed files sees a clash among them, a\n"
        "  CI run over every file sees all. '# dacc:ignore duplicate-name why' on the\n"
        "  name's line and an 'ignore' entry of .dacc.yaml silence it; as a run over\n"
        "  some files cannot tell whether the other file of a clash exists, neither\n"
        "  is ever reported as matching nothing.\n"
        "\n"
        "Why\n"
        "  One import file would replace the other, so dacc build refuses to write\n"
        "  either; and two actions whose names differ only in case or punctuation\n"
        "  are hard to tell apart in an Architect flow's action picker.\n"
        "\n"
        "Bad\n"
        "  orders/lookup.yaml:  name: Get Order\n"
        "  legacy/lookup.json:  \"name\": \"get-order\"\n"
        "\n"
        "Good\n"
        "  orders/lookup.yaml:  name: Get Order\n"
        "  legacy/lookup.json:  \"name\": \"Get Order (legacy CRM)\"\n",
    .precision = "very-high",
    .tags = (const char *const[]){ "correctness", NULL },
    .check = 0,
};
