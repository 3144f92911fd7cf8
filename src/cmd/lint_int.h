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

#endif
