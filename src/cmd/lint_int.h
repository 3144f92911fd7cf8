/* lint_int.h - what the files of the lint pipeline share beside lint.h
 * (lint.c reads and checks the files; lint_names.c keeps the duplicate-name
 * rule's names; lint_ignore.c applies .dacc.yaml's ignore list).  It names
 * lint.h's structs without including it: no module includes another back. */
#ifndef DACC_LINT_INT_H
#define DACC_LINT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "core/node.h"
#include "core/source.h"
#include "core/walk.h"
#include "rules/rule.h"

struct lint_env;
struct lint_names;
struct lint_flows;

/* lint.c: add a finding of a rule that lint reports itself (syntax,
 * suppression), honouring .dacc.yaml: its severity, or nothing when it is
 * off; line LINE of SRC (when given) is its context.  Returns 0, or -1 when
 * memory runs out. */
int lint_add_own(const struct lint_env *env, struct diag *diag, const struct rule *rule, const char *file,
                 unsigned line, unsigned col, const char *pointer, const char *message, const struct source *src);

/* lint_names.c: note where ACTION's name is (SHOWN: as findings name the
 * action) and which import file it builds to, in ENV->names (nothing when
 * that is NULL).  Returns 0, or -1 when memory runs out. */
int lint_note_name(const struct lint_env *env, const struct source *src, const struct node *action,
                   const char *shown);

/* lint_names.c: release every name of L and empty it. */
void lint_names_free(struct lint_names *l);

/* lint_names.c: move every name of FROM to the end of TO (FROM keeps
 * nothing, or all of them when memory runs out).  Returns 0 or -1. */
int lint_names_take(struct lint_names *to, struct lint_names *from);

/* lint_names.c: duplicate-name findings into DIAG for every action whose
 * import file an earlier one of NAMES (sorted here) builds to.  Returns 0,
 * or -1 when memory runs out. */
int lint_report_duplicates(const struct lint_env *env, struct lint_names *names, struct diag *diag);

/* lint_ignore.c: the entry of .dacc.yaml's ignore list (CTX, a struct
 * config) that drops F, or -1 (a diag_ignored_fn). */
int lint_ignored_by(const void *ctx, const struct finding *f);

/* lint_ignore.c: drop the findings of DIAG the ignore list matches, then
 * warn about its entries without a reason or without a match.  Returns 0,
 * or -1 when memory runs out. */
int lint_apply_ignores(const struct lint_env *env, const struct file_list *files, struct diag *diag);

/* lint.c: a syntax finding at LINE:COL of SRC (its line echoed when it may
 * be shown).  Returns 0, or -1 when memory runs out. */
int lint_add_syntax(const struct lint_env *env, struct diag *diag, const struct source *src, unsigned line,
                    unsigned col, const char *message);

/* lint.c: apply the inline suppressions of SRC (parsed into DOC) to its
 * findings DIAG[FROM..], then report the wrong ones.  Returns 0 or -1. */
int lint_suppress_inline(const struct lint_env *env, const struct source *src, const struct doc *doc,
                         struct diag *diag, size_t from, size_t names_from);

/* lint_flow.c: ENV->substs from .dacc.yaml's flows.substitutions, then
 * --subst-file, then --subst (a later one wins).  Returns 0, or -1 after
 * saying why with cli_error() (FILE:LINE:COL for a file). */
int lint_flow_substs(struct lint_env *env);

/* lint_flow.c: whether SRC is an Architect flow: DOC (loaded with status
 * ST) has a flow type as its one key, or, when it did not load, the text
 * with its {{KEY}}s substituted does.  1 yes, 0 no, -1 out of memory. */
int lint_flow_kind(const struct lint_env *env, const struct source *src, const struct doc *doc, int st);

/* lint_flow.c: a flow read in phase one: kept in ENV->flows for phase two,
 * or, when ENV keeps none, checked now against no action.  Returns 0 or -1. */
int lint_flow_source(const struct lint_env *env, const struct source *src, struct diag *diag);

/* lint_flow.c: add the summary of ACTION (of SRC) to ENV->flows, when kept
 * (an action without a name is no call's).  Returns 0, or -1 out of memory. */
int lint_flow_note_action(const struct lint_env *env, const struct source *src, const struct node *action);

/* lint_flow.c: move everything of FROM to the end of TO.  Returns 0 or -1. */
int lint_flows_take(struct lint_flows *to, struct lint_flows *from);

void lint_flows_free(struct lint_flows *f);

/* lint_flow.c: phase two, once every file is read: add the actions of
 * .dacc.yaml's flows.actions (their own findings are not reported), then
 * check every kept flow's calls with the rules' check_call, a file at a
 * time in name order.  Returns 0, -1 out of memory, or -2 when a reference
 * directory cannot be read (said with cli_error()). */
int lint_flows_check(const struct lint_env *env, struct lint_flows *flows, struct diag *diag);

#endif
