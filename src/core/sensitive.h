/* sensitive.h - the contract properties of an action that carry credentials
 * or personal data (rules/sensitive.yaml's names): what the secure-flag rule
 * reports and dacc fix --unsafe marks secure */
#ifndef DACC_SENSITIVE_H
#define DACC_SENSITIVE_H

#include <stddef.h>

#include "core/node.h"
#include "core/ruledata.h"

typedef void sensitive_fn(const struct node *property, void *ctx);

/* Call FN (when not NULL) with CTX for each property, nested ones too, of
 * ACTION's input then output contract whose name DATA says is sensitive;
 * returns their number. */
size_t sensitive_props(const struct ruledata *data, const struct node *action, sensitive_fn *fn, void *ctx);

#endif
