/* fix_int.h - what the files of the fix engine share: the plan (the intended
 * changes of the tree and their byte edits) and the layout helpers */
#ifndef DACC_FIX_INT_H
#define DACC_FIX_INT_H

#include <stdbool.h>

#include "core/node.h"
#include "fix/fix.h"

/* Byte offset in SRC of 1-based LINE and COL (in code points), or (size_t)-1. */
size_t fix_offset(const struct source *src, unsigned line, unsigned col);

/* What a fix edits in the text: the member KEY (with its value VALUE, text
 * as the syntax writes it) added to object OBJ, or OBJ's member OLD removed. */
struct fix_layout {
    const struct source *src;
    enum load_syntax syntax;
};

/* Add to E the edit that makes KEY: VALUE the first member of OBJ, laid out
 * like the member after it.  Returns 0, 1 when the layout is not one this
 * can follow (nothing added), or -1 when memory runs out. */
int fix_insert_member(const struct fix_layout *l, const struct node *obj, const char *key, const char *value,
                      struct fix_edits *e);

/* Add to E the edit that removes member M of its object with what separates
 * it from its neighbours.  Returns 0, 1 (nothing added) or -1, as above. */
int fix_remove_member(const struct fix_layout *l, const struct node *m, struct fix_edits *e);

/* Add to E the edit that replaces scalar V's text by TEXT (a number, true).
 * Returns 0, 1 (V's text cannot be found: nothing added) or -1. */
int fix_replace_scalar(const struct fix_layout *l, const struct node *v, const char *text, struct fix_edits *e);

/* fix_edit.c: drop E's edits from the N-th on. */
void fix_edits_truncate(struct fix_edits *e, size_t n);

/* A value a change puts in the tree. */
struct fix_want {
    enum node_kind kind;   /* NODE_INT, NODE_BOOL, NODE_STRING, or NODE_OBJECT of one string member */
    long long i;
    bool b;
    const char *str;       /* NODE_STRING, and the member's value of a NODE_OBJECT (static, or the plan's) */
    size_t len;
    const char *mkey;      /* NODE_OBJECT: its one member's name */
};

/* One intended change of the tree.  ADD_MEMBER: member KEY with the value
 * WANT added to object AT; REMOVE_MEMBER: AT's member MEMBER removed;
 * SET_VALUE: value AT replaced by WANT. */
enum fix_change_kind { ADD_MEMBER, REMOVE_MEMBER, SET_VALUE };

struct fix_change {
    enum fix_change_kind kind;
    const struct node *at;
    const char *key;
    const struct node *member;
    struct fix_want want;
    /* the finding it fixes: RULE's, at node FAT (and its member FMEMBER, or NULL) */
    const char *rule;
    const struct node *fat;
    const char *fmember;
    const char *what;      /* what it does, one sentence */
    const char *hint;      /* text the finding's message holds (two findings at one place), or NULL */
    bool unsafe;
};

#define FIX_MAX_CHANGES 512

/* The changes planned for a document and their edits (each edit's owner is
 * its change's index).  Strings the changes point to are owned by OWNED. */
struct fix_plan {
    struct fix_layout layout;
    const struct fix_opts *fo;
    struct fix_edits edits;
    struct fix_change changes[FIX_MAX_CHANGES];
    size_t n;
    char **owned;
    size_t nowned, owned_cap;
    bool failed;           /* memory ran out while planning */
};

/* fix.c: keep change C, whose edits are the plan's from FIRST on (already
 * added, owned by C).  RC is what laying them out returned: 0 keeps C, 1
 * drops its edits (a layout this does not follow), -1 is passed on.
 * Returns 0 or -1. */
int fix_plan_keep(struct fix_plan *p, const struct fix_change *c, size_t first, int rc);

/* fix.c: whether change C would repeat one planned (an alias: the same node
 * twice). */
bool fix_plan_has(const struct fix_plan *p, const struct fix_change *c);

/* fix.c: keep S (malloc'd) until the plan is freed.  Returns S, or NULL (S freed). */
char *fix_plan_own(struct fix_plan *p, char *s);

/* fix_plan.c: plan C: lay out its edit (an added member's value TEXT, or the
 * removal, or a scalar's new TEXT) and keep it.  Returns 0 or -1. */
int fix_plan_edit(struct fix_plan *p, const struct fix_change *c, const char *text);

/* fix_token.c: (--unsafe) a token request's JSON body rewritten as the form
 * token-request-form asks for, with its Content-Type.  Returns 0 or -1. */
int fix_plan_token_body(struct fix_plan *p, const struct node *action);

/* fix_plan.c: plan every fix of the object ACTION.  Returns 0 or -1. */
int fix_plan_action(struct fix_plan *p, const struct node *action);

/* fix_roots.c: plan the lower-casing of ACTION's wrong-case Velocity roots. */
int fix_plan_roots(struct fix_plan *p, const struct node *action);

#endif
