/* build_manifest.c - dacc build's secrets.manifest.json: which secrets the
 * built actions reference, how each is provided, and where it is used (never
 * a value) */
#include "cmd/build.h"
#include "cmd/build_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_uses(const void *a, const void *b)
{
    const struct use *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c)
        return c;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    if ((c = strcmp(x->file, y->file)))
        return c;
    return strcmp(x->pointer, y->pointer);
}

static json_t *secret_entry(const struct use *u)
{
    char ref[300], provide[600];
    const char *as;
    if (u->kind == USE_SECRET) {
        snprintf(ref, sizeof ref, "<< secrets.%s >>", u->name);
        as = "integration-secret";
        snprintf(provide, sizeof provide,
                 "a secret named '%s' in Genesys Cloud: a credential field of that name in the integration "
                 "that runs these actions (Admin > Integrations > the integration > Configuration > "
                 "Credentials), set before the actions are imported",
                 u->name);
    } else {
        snprintf(ref, sizeof ref, "${credentials.%s}", u->name);
        as = "integration-credential-field";
        snprintf(provide, sizeof provide,
                 "the credential field '%s' of the integration that runs these actions (Admin > "
                 "Integrations > the integration > Configuration > Credentials)",
                 u->name);
    }
    json_t *e = json_object();
    if (!e)
        return NULL;
    /* each _set_new steals the new value */
    if (json_object_set_new(e, "name", json_string(u->name)) ||
        json_object_set_new(e, "reference", json_string(ref)) ||
        json_object_set_new(e, "providedAs", json_string(as)) ||
        json_object_set_new(e, "provide", json_string(provide)) ||
        json_object_set_new(e, "usedBy", json_array())) {
        json_decref(e);
        return NULL;
    }
    return e;
}

/* The manifest: each secret name (and kind) with the places that use it. */
json_t *build_manifest_json(struct build *b)
{
    if (b->nuses > 1)
        qsort(b->uses, b->nuses, sizeof *b->uses, cmp_uses);
    json_t *root = json_object(), *list = json_array();
    if (!root || !list || json_object_set_new(root, "about", json_string(
            "The secrets that the built actions reference and where each must be provided. "
            "Written by dacc build; it never holds a secret's value.")) ||
        json_object_set(root, "secrets", list)) {
        json_decref(root);
        json_decref(list);
        return NULL;
    }
    json_decref(list); /* root holds it now */
    json_t *entry = NULL;
    for (size_t i = 0; i < b->nuses; i++) {
        const struct use *u = &b->uses[i], *prev = i ? &b->uses[i - 1] : NULL;
        if (prev && cmp_uses(prev, u) == 0)
            continue; /* the same string names it twice */
        if (!prev || strcmp(prev->name, u->name) != 0 || prev->kind != u->kind) {
            entry = secret_entry(u);
            if (!entry || json_array_append_new(list, entry) != 0) /* steals entry */
                goto fail;
        }
        json_t *place = json_object();
        if (!place || json_array_append_new(json_object_get(entry, "usedBy"), place) != 0 || /* steals */
            json_object_set_new(place, "action", json_string(u->action)) ||
            json_object_set_new(place, "file", json_string(u->file)) ||
            json_object_set_new(place, "pointer", json_string(u->pointer)))
            goto fail;
    }
    return root;
fail:
    json_decref(root);
    return NULL;
}
