/* build_int.h - what the files of dacc build share (build.c runs the
 * command; build_json.c turns actions into import JSON; build_manifest.c
 * makes the secrets manifest; build_write.c writes the output directory) */
#ifndef DACC_BUILD_INT_H
#define DACC_BUILD_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "cmd/cli.h"
#include "core/diag.h"
#include "core/node.h"
#include "core/walk.h"

enum use_kind {
    USE_SECRET,       /* << secrets.X >> (rewritten from {{ secrets.X }} or kept) */
    USE_CREDENTIAL,   /* ${credentials.X} */
};

/* One string of one action that references a secret. */
struct use {
    enum use_kind kind;
    char *name;            /* owned */
    const char *file;      /* the item's file name (borrowed) */
    const char *action;    /* the item's action name (borrowed) */
    char *pointer;         /* owned */
};

/* One built action. */
struct item {
    char *file;            /* <slug>.custom.json or <slug>.customAuth.json */
    char *slug;
    char *name;            /* the action's name */
    char *origin;          /* FILE:LINE:COL of the action, for messages */
    bool custom_auth;
    int precision;         /* significant digits its real numbers need (0: none) */
    json_t *json;          /* the import object (owned reference) */
};

/* One run of dacc build: the actions built so far and the secrets they use. */
struct build {
    const struct options *opt;
    struct item *items;
    size_t n, cap;
    struct use *uses;
    size_t nuses, usecap;
    size_t refused;        /* actions that cannot be built (already reported) */
    struct walk_record *rec;  /* what lint read and its walk entered */
    const char *config_category; /* .dacc.yaml's build.category (lint_outcome's); NULL: none */
};

/* build_json.c: build ACTION (number INDEX of file SRCNAME) into a new item
 * of B, and note the secrets it uses.  Returns 0 (an action that cannot be
 * built is said on standard error and counted in B->refused), or -1 when
 * memory runs out. */
int build_add_action(struct build *b, const char *srcname, const struct node *action, size_t index);

/* build_json.c: release what IT owns. */
void build_item_free(struct item *it);

/* build_manifest.c: the secrets manifest, each secret name (and kind) with
 * the places that use it; sorts B->uses.  A new reference, or NULL when
 * memory runs out. */
json_t *build_manifest_json(struct build *b);

/* build_write.c: the output directory must not lie inside a directory being
 * read (REC NULL: judged by names only, before lint walks).  Returns 0, or
 * -1 after saying why. */
int build_output_outside_inputs(const struct options *opt, const struct walk_record *rec);

/* build_write.c: write every item of B, the Terraform, then the manifest,
 * name the stale files beside them and print the summary (LINT: its
 * findings, for the counts).  Returns an exit status. */
int build_write_all(struct build *b, const struct diag *lint);

static inline const char *build_plural(size_t n)
{
    return n == 1 ? "" : "s";
}

#endif
