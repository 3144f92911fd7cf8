/* emit_archy.h - built actions as Archy YAML: an Architect flow that calls each one
 *
 * One flow file per integration (the actions' integrationType), which
 * declares a variable for every required input and every exposed success
 * output of its actions and runs one Call Data Action step per action, in
 * the order given, so that it publishes as it is (`archy publish`, or the
 * Terraform provider's genesyscloud_flow).  Custom-authentication actions
 * are not callable from a flow and get no step.  The step is written in the
 * key order of Archy's own exports (name, processingPrompt, timeout,
 * category; inputs, successOutputs, failureOutputs: ../shared/ARCHY-RESEARCH.md
 * §1.1); the YAML is made by libyaml's emitter.
 *
 * Variable names (Architect's "Flow." scope): an input is Flow.<input>; an
 * output is Flow.<action slug>_<leaf>; in both every run of bytes other than
 * ASCII letters, digits and '_' becomes one '_' (the slug's '-' too), and a
 * name whose first byte is not a letter is led by "v".  A token action
 * binds access_token, expires_in and scope to Flow.oauth_token,
 * Flow.token_ttl and Flow.token_scope.  A name already taken (compared
 * without regard to case, as Architect does) gets "_2", "_3" ...; an input
 * of the same name and type as another action's shares its variable.
 */
#ifndef DACC_EMIT_ARCHY_H
#define DACC_EMIT_ARCHY_H

#include <stdbool.h>
#include <stddef.h>

#include "flow/flow.h"

struct json_t;

#define EMIT_ARCHY_SUFFIX ".flow.yaml"
/* The category written when neither the action nor the options give one: an
 * Archy substitution, quoted so that the file is YAML before and after it. */
#define EMIT_ARCHY_CATEGORY_KEY "data_action_category"

struct archy_action {
    const char *slug;          /* the action's file-name slug */
    struct json_t *action;     /* the built import object (borrowed) */
    bool custom_auth;
};

struct archy_opts {
    const char *category;      /* for actions without one; NULL: the {{data_action_category}} placeholder */
    enum flow_type type;       /* one emit_archy_supports() accepts */
};

/* One flow file: DATA[0..LEN) to be written as NAME. */
struct archy_file {
    char *name;                /* <integration slug>.flow.yaml; owned */
    char *data;                /* owned, NUL-terminated */
    size_t len;
};

/* True for the flow types a complete flow is written for (workflow,
 * inboundShortMessage, inboundCall: the shapes of the public corpus). */
bool emit_archy_supports(enum flow_type type);

/* "workflow, inboundShortMessage or inboundCall", for messages. */
const char *emit_archy_supported(void);

/* The flow files for the N actions, one per integration, sorted by name, into
 * *OUT (*NOUT of them; free with emit_archy_free()).  Returns 0; or -1 with
 * ERR filled (out of memory, or a name libyaml cannot write). */
int emit_archy(const struct archy_action *acts, size_t n, const struct archy_opts *opts, struct archy_file **out,
               size_t *nout, char *err, size_t errlen);

void emit_archy_free(struct archy_file *files, size_t n);

#endif
