/* lint.c - the lint pipeline */
#include "lint.h"

#include <stdio.h>
#include <string.h>

#include "load.h"
#include "walk.h"

/* The action name for reports: its "name", or "#N" when it has none. */
static void action_name(const struct node *action, size_t index, char *out, size_t outlen)
{
    const struct node *name = node_get(action, "name");
    if (name && name->kind == NODE_STRING && name->len > 0 && !memchr(name->str, '\0', name->len))
        snprintf(out, outlen, "%s", name->str);
    else
        snprintf(out, outlen, "#%zu", index);
}

static int check_action(const struct options *opt, const struct source *src,
                        const struct node *action, size_t index, struct diag *diag)
{
    char name[512];
    action_name(action, index, name, sizeof name);
    struct rule_ctx rc = {
        .policy = &opt->policy,
        .diag = diag,
        .src = src,
        .action = action,
        .action_name = name,
    };
    for (size_t i = 0; i < rule_registry_len; i++) {
        if (!rule_registry[i]->check)
            continue;
        rc.rule = rule_registry[i];
        rule_registry[i]->check(&rc, action);
    }
    diag->actions++;
    return rc.failed ? -1 : 0;
}

int lint_source(const struct options *opt, const struct source *src, struct diag *diag)
{
    struct doc doc = { 0 };
    struct load_error err = { 0 };
    diag->files++;
    enum load_syntax syntax = load_guess_syntax(src->name, src);
    enum load_status st = load_document(src, syntax, &opt->limits, &doc, &err);
    if (st == LOAD_NOMEM)
        return -1;
    if (st == LOAD_SYNTAX) {
        size_t len = 0;
        const char *line = source_line(src, err.line, &len);
        return diag_add(diag, rule_syntax.slug, rule_syntax.severity, src->name, err.line, err.col,
                        "", "", err.msg, line, len);
    }
    /* one action, an array of them, or an API listing {"entities": [...]} */
    const struct node *root = doc.root;
    const struct node *list = NULL;
    if (root->kind == NODE_ARRAY) {
        list = root;
    } else {
        const struct node *entities = node_get(root, "entities");
        if (entities && entities->kind == NODE_ARRAY)
            list = entities;
    }
    int rc = 0;
    if (list) {
        for (size_t i = 0; i < list->n && rc == 0; i++)
            rc = check_action(opt, src, list->kids[i], i, diag);
    } else {
        rc = check_action(opt, src, root, 0, diag);
    }
    doc_free(&doc);
    return rc;
}

int lint_paths(const struct options *opt, struct diag *diag)
{
    struct file_list files = { 0 };
    int problems = 0;
    for (size_t i = 0; i < opt->npaths; i++) {
        int rc = walk_add(&files, opt->paths[i]);
        if (rc < 0) {
            walk_free(&files);
            return -1;
        }
        problems += rc;
    }
    for (size_t i = 0; i < files.n; i++) {
        const char *path = files.paths[i];
        int is_stdin = strcmp(path, "-") == 0;
        const char *shown = is_stdin ? (opt->stdin_filename ? opt->stdin_filename : "<stdin>") : path;
        struct source src;
        char why[256];
        enum source_status st = source_read(&src, path, shown, opt->max_file_bytes, why, sizeof why);
        if (st != SOURCE_OK) {
            cli_error("%s: %s", shown, why);
            problems++;
            continue;
        }
        int rc = lint_source(opt, &src, diag);
        source_free(&src);
        if (rc != 0) {
            walk_free(&files);
            return -1;
        }
    }
    walk_free(&files);
    diag_sort(diag);
    return problems;
}
