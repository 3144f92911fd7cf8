/* conceal.h - names that hold a credential are never shown
 *
 * A member name or a reference name can be a credential too: a token pasted
 * as a header's name, a key pasted where {{ secrets.NAME }} wants a name.
 * Before the rules run, conceal_action() marks every member name of an action
 * that looks like a credential (node_key_text() then gives "#N" and
 * node_pointer() stops at its parent), and notes every such reference name;
 * once they ran, conceal_findings() takes those names out of the messages of
 * the action's findings.  plaintext-secret reports both from those marks
 * (node.key_hidden, node.ref_hidden), so each name is judged once.
 */
#ifndef DACC_CONCEAL_H
#define DACC_CONCEAL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "core/node.h"
#include "core/pattern.h"
#include "core/ruledata.h"

/* What a message shows in place of a name that holds a credential. */
#define CONCEAL_TEXT "[credential]"

struct conceal_name {
    const char *s;      /* into the document's strings */
    size_t len;
};

/* The names of one action that must not be shown.  conceal_free() releases it. */
struct conceal {
    struct conceal_name *names;
    size_t n, cap;
};

/* True when NAME (a member or reference name) looks like a credential: a known
 * format or a random token, as plaintext-secret judges a value. */
bool conceal_is_secret_name(const struct ruledata *rd, struct pattern_scratch *scratch, const char *name,
                            size_t len);

/* Mark the member names of ACTION (and below) that hold a credential
 * (node.key_hidden) and the strings with a reference name that does
 * (node.ref_hidden), and note all those names in C.  Returns 0, or -1 when memory runs out. */
int conceal_action(struct node *action, const struct ruledata *rd, struct pattern_scratch *scratch,
                   struct conceal *c);

/* In the messages of DIAG's findings from FIRST on, write CONCEAL_TEXT for
 * every name C holds (whole, or cut short as node_text_fit() cuts it).
 * Returns 0, or -1 when memory runs out. */
int conceal_findings(const struct conceal *c, struct diag *diag, size_t first);

void conceal_free(struct conceal *c);

#endif
