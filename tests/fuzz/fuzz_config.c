/* libFuzzer target: .dacc.yaml (severities, limits, scope policy and grants, excludes, ignores). */
#include <stdint.h>
#include <string.h>

#include "core/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512] = "";
    struct config *cfg = config_parse("fuzz.yaml", (const char *)data, size, err, sizeof err);
    if (!cfg) {
        if (!err[0] || strchr(err, '\n'))
            __builtin_trap(); /* a refusal is one line that says why */
        return 0;
    }
    size_t marks = 0;
    for (size_t g = 0; g < cfg->ngrants; g++) {
        const struct config_grant *grant = &cfg->grants[g];
        /* keys are unique (the loader refuses duplicates): each grant is found by its own key */
        if (config_grant_find(cfg, grant->client, grant->client_len) != grant || grant->mark != marks)
            __builtin_trap();
        for (size_t i = 0; i < grant->nscopes; i++) {
            size_t at = (size_t)-1;
            const struct node *sc = grant->scopes[i];
            if (!config_grant_has(grant, sc->str, sc->len, &at) || at > i || memchr(sc->str, ' ', sc->len))
                __builtin_trap();
        }
        marks += CONFIG_GRANT_MARKS(grant);
    }
    if (marks != cfg->nmarks)
        __builtin_trap();
    for (size_t i = 0; i < cfg->nignores; i++)
        if (!cfg->ignores[i].file || !cfg->ignores[i].rule || !cfg->ignores[i].at)
            __builtin_trap();
    config_excluded(cfg, "flows/a.json");
    config_free(cfg);
    return 0;
}
