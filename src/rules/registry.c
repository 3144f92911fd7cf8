/* registry.c - the one table of rules, in the order lint runs them */
#include "rules/registry.h"

#include <string.h>

/* one line of rules/rules.def per rule */
#define RULE(id) &rule_##id,
const struct rule *const rule_registry[] = {
#include "rules/rules.def"
};
#undef RULE

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
