/* act.c - the actions of PATHs, loaded as lint loads them, and what lint's
 * plaintext-secret rule flags in each (a literal credential): live shows
 * neither those values nor, where the rule flags a member's name, the name
 *
 * The files and actions (R->files, R->acts) are owned here: act_free().
 */
#include "live/live_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/action.h"
#include "core/grow.h"
#include "core/load.h"
#include "core/walk.h"
#include "rules/rule.h"

/* Run lint's plaintext-secret rule over action A (whatever .dacc.yaml says
 * of it, and its suppressions too): what it would flag, live does not show.
 * A flagged name makes the action "#INDEX", as lint calls it.  Returns 0,
 * or -1 when memory ran out. */
static int flag_secrets(struct run *r, struct act *a, const struct source *src, size_t index)
{
    struct diag d = { 0 };
    struct rule_ctx rc = {
        .rule = &rule_plaintext_secret, .policy = &r->env.policy, .data = r->env.data,
        .scratch = r->env.scratch, .config = r->env.cfg, .severity = -1, .diag = &d, .src = src,
        .action = a->node, .action_name = "",
    };
    rule_plaintext_secret.check(&rc, a->node);
    int rc_status = rc.failed ? -1 : 0;
    if (rc_status == 0 && d.n) {
        a->flagged = calloc(d.n, sizeof *a->flagged);
        a->named = calloc(d.n, sizeof *a->named);
        if (!a->flagged || !a->named)
            rc_status = -1;
    }
    for (size_t i = 0; rc_status == 0 && i < d.n; i++) {
        const struct finding *f = &d.items[i];
        const struct node *n = node_at_pointer(a->node, f->pointer);
        if (n && n->key && f->line == n->key_line && f->col == n->key_col &&
            !(n->line == n->key_line && n->col == n->key_col)) {
            a->named[a->nnamed++] = n; /* at the name: the member's name is a credential */
            continue;
        }
        /* a pointer that does not lead back (none should) hides all of the action */
        a->flagged[a->nflagged++] = n ? n : a->node;
        if (!n || n == node_get(a->node, "name"))
            snprintf(a->name, sizeof a->name, "#%zu", index);
    }
    diag_free(&d);
    return rc_status;
}

bool act_name_flagged(const struct act *a, const struct node *n)
{
    for (size_t i = 0; i < a->nnamed; i++)
        if (a->named[i] == n)
            return true;
    for (size_t i = 0; n->parent && i < a->nflagged; i++)
        if (a->flagged[i] == n->parent)
            return true;
    return false;
}

/* N and its ancestors up to A's node, against every flagged node. */
int act_flag_of(const struct act *a, const struct node *n)
{
    for (const struct node *p = n; p; p = p == a->node ? NULL : p->parent)
        for (size_t i = 0; i < a->nflagged; i++)
            if (a->flagged[i] == p)
                return p == n ? 2 : 1;
    return 0;
}

/* One action of a loaded file: its name, whether it asks for a token, and
 * what plaintext-secret flags in it.  Returns 0, or -1 when memory ran out. */
static int add_act(struct run *r, const struct node *node, const struct source *src, size_t index)
{
    void *more = grow(r->acts, &r->acts_cap, r->nacts, sizeof *r->acts, 8);
    if (!more)
        return -1;
    r->acts = more;
    struct act *a = &r->acts[r->nacts++];
    memset(a, 0, sizeof *a);
    a->node = node;
    a->file = src->name;
    const struct node *name = node_get(node, "name");
    a->match = name && name->kind == NODE_STRING && !memchr(name->str, '\0', name->len) ? name->str : NULL;
    action_display_name(node, index, a->name, sizeof a->name);
    a->token = node->kind == NODE_OBJECT && action_is_token_request(node);
    return flag_secrets(r, a, src, index);
}

/* Walks as lint does, and loads each file whole before its actions are added. */
int act_load(struct run *r)
{
    const struct options *opt = r->opt;
    struct file_list list = { 0 };
    int rc = 0;
    /* as lint walks: its excludes, links out of the paths left alone unless --follow-symlinks */
    const struct walk_opts wo = { .excluded = lint_excluded, .ctx = &r->env, .follow_symlinks = opt->follow_symlinks,
                                  .quiet = opt->quiet, .say = cli_say };
    int w = walk_paths(&list, opt->paths, opt->npaths, &wo);
    if (w < 0)
        live_error("out of memory");
    if (w != 0)
        rc = -1;
    for (size_t i = 0; i < list.n && rc == 0; i++) {
        void *more = grow(r->files, &r->files_cap, r->nfiles, sizeof *r->files, 4);
        if (!more) {
            live_error("out of memory");
            rc = -1;
            break;
        }
        r->files = more;
        struct loaded *f = &r->files[r->nfiles];
        memset(f, 0, sizeof *f);
        const char *path = list.paths[i];
        const char *shown = strcmp(path, "-") == 0 ? (opt->stdin_filename ? opt->stdin_filename : "<stdin>") : path;
        char why[256];
        if (source_read(&f->src, path, shown, opt->max_file_bytes, why, sizeof why) != SOURCE_OK) {
            live_error("%s: %s", shown, why);
            rc = -1;
            break;
        }
        r->nfiles++;
        struct load_error err = { 0 };
        enum load_status ls = load_document(&f->src, load_guess_syntax(f->src.name, &f->src), &opt->limits,
                                            &f->doc, &err);
        if (ls != LOAD_OK) {
            if (ls == LOAD_NOMEM)
                live_error("out of memory");
            else
                live_error("%s:%u:%u: %s ('dacc lint' checks the file)", f->src.name, err.line, err.col, err.msg);
            rc = -1;
            break;
        }
        const struct node *root = f->doc.root, *items = action_list(root);
        if (items) {
            for (size_t k = 0; k < items->n && rc == 0; k++)
                rc = add_act(r, items->kids[k], &f->src, k);
        } else {
            rc = add_act(r, root, &f->src, 0);
        }
        if (rc != 0)
            live_error("out of memory");
    }
    walk_free(&list);
    return rc;
}

const struct act *act_find(const struct run *r, const char *name)
{
    for (size_t i = 0; i < r->nacts; i++)
        if (r->acts[i].match && strcmp(r->acts[i].match, name) == 0)
            return &r->acts[i];
    return NULL;
}

void act_free(struct run *r)
{
    for (size_t i = 0; i < r->nfiles; i++) {
        doc_free(&r->files[i].doc);
        source_free(&r->files[i].src);
    }
    free(r->files);
    for (size_t i = 0; i < r->nacts; i++) {
        free(r->acts[i].flagged);
        free(r->acts[i].named);
    }
    free(r->acts);
}
