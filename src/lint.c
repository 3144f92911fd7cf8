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

int lint_env_init(struct lint_env *env, const struct options *opt)
{
    char err[512];
    memset(env, 0, sizeof *env);
    env->opt = opt;
    env->data = ruledata_load(opt->rules_dir, err, sizeof err);
    if (!env->data) {
        cli_error("%s", err);
        return -1;
    }
    env->scratch = pattern_scratch_new();
    if (!env->scratch) {
        cli_error("out of memory");
        lint_env_free(env);
        return -1;
    }
    env->policy = opt->policy;
    if (!env->policy.max_timeout_ms)
        env->policy.max_timeout_ms = env->data->max_timeout_ms;
    if (!env->policy.max_payload_bytes)
        env->policy.max_payload_bytes = env->data->max_payload_bytes;
    return 0;
}

void lint_env_free(struct lint_env *env)
{
    if (!env)
        return;
    ruledata_free(env->data);
    pattern_scratch_free(env->scratch);
    env->data = NULL;
    env->scratch = NULL;
}

static int check_action(const struct lint_env *env, const struct source *src,
                        const struct node *action, size_t index, struct diag *diag)
{
    char name[512];
    action_name(action, index, name, sizeof name);
    struct rule_ctx rc = {
        .policy = &env->policy,
        .data = env->data,
        .scratch = env->scratch,
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

int lint_source(const struct lint_env *env, const struct source *src, struct diag *diag)
{
    const struct options *opt = env->opt;
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
            rc = check_action(env, src, list->kids[i], i, diag);
    } else {
        rc = check_action(env, src, root, 0, diag);
    }
    doc_free(&doc);
    return rc;
}

int lint_paths(const struct options *opt, struct diag *diag)
{
    struct lint_env env;
    if (lint_env_init(&env, opt) != 0)
        return -2;
    struct file_list files = { 0 };
    int problems = 0;
    for (size_t i = 0; i < opt->npaths; i++) {
        int rc = walk_add(&files, opt->paths[i]);
        if (rc < 0) {
            walk_free(&files);
            lint_env_free(&env);
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
        int rc = lint_source(&env, &src, diag);
        source_free(&src);
        if (rc != 0) {
            walk_free(&files);
            lint_env_free(&env);
            return -1;
        }
    }
    walk_free(&files);
    lint_env_free(&env);
    diag_sort(diag);
    return problems;
}
