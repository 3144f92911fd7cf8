/* duplicate_name.c - no two actions build to one import file; lint reports it once every file is read
 * (cmd/lint_names.c).  Per action, this file notes a name that carries the suffix the Genesys Cloud UI
 * adds on export, since build names the import file and the Terraform resource after it. */
#include "rules/rule.h"

#include <ctype.h>
#include <string.h>

/* DIGITS decimal digits at S (and no more needed); moves *S past them. */
static bool digits(const char **s, const char *end, size_t min, size_t max)
{
    size_t n = 0;
    while (*s < end && n < max && isdigit((unsigned char)**s)) {
        (*s)++;
        n++;
    }
    return n >= min;
}

/* NAME[0..LEN) ends in " - Exported YYYY-MM-DD @ HH:MM" (seconds allowed),
 * the suffix the UI's export adds. */
static bool export_suffix(const char *name, size_t len)
{
    static const char mark[] = " - Exported ";
    const char *end = name + len;
    for (const char *p = name; p + sizeof mark - 1 <= end; p++) {
        if (memcmp(p, mark, sizeof mark - 1) != 0)
            continue;
        const char *s = p + sizeof mark - 1;
        if (digits(&s, end, 4, 4) && s < end && *s++ == '-' && digits(&s, end, 2, 2) && s < end &&
            *s++ == '-' && digits(&s, end, 2, 2) && end - s >= 3 && !memcmp(s, " @ ", 3)) {
            s += 3;
            if (digits(&s, end, 1, 2) && s < end && *s++ == ':' && digits(&s, end, 2, 2)) {
                if (s < end && *s == ':') {
                    s++;
                    if (!digits(&s, end, 2, 2))
                        continue;
                }
                while (s < end && *s == ' ')
                    s++;
                if (s == end)
                    return true;
            }
        }
    }
    return false;
}

static void check(struct rule_ctx *rc, const struct node *action)
{
    const struct node *name = node_get(action, "name");
    if (node_string(name) && export_suffix(name->str, name->len))
        rule_report_sev(rc, SEV_NOTE, name, "the name ends in the ' - Exported <date> @ <time>' suffix the Genesys "
                        "Cloud UI adds on export: build writes the import file and the Terraform resource under "
                        "it, and flows and Terraform refer to an action by its deployed name; remove the suffix "
                        "(dacc fix --unsafe may strip it)");
}

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
        "  A name that ends in ' - Exported 2024-11-19 @ 14:13', the suffix the\n"
        "  Genesys Cloud UI adds when it exports an action, is a note: build would\n"
        "  name the import file and the Terraform resource after it, and two\n"
        "  exports of one action would not be seen as duplicates.\n"
        "\n"
        "Why\n"
        "  One import file would replace the other, so dacc build refuses to write\n"
        "  either; and two actions whose names differ only in case or punctuation\n"
        "  are hard to tell apart in an Architect flow's action picker. Flows and\n"
        "  Terraform refer to an action by its deployed name, which the export\n"
        "  suffix changes (dacc fix --unsafe may strip it).\n"
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
    .check = check,
};
