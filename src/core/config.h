/* config.h - .dacc.yaml: per-rule severity, limits, scope policy, excludes, ignores */
#ifndef DACC_CONFIG_H
#define DACC_CONFIG_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/node.h"
#include "core/source.h"

#define CONFIG_NAME ".dacc.yaml"
#define CONFIG_MAX_BYTES (1 << 20)

/* What a rule's severity is set to: one of enum severity, or these. */
enum {
    CONFIG_SEVERITY_DEFAULT = -1,
    CONFIG_SEVERITY_OFF = -2,
};

struct config_ignore {
    const char *file;          /* a path or a glob, as the config names files (config_ignore_file) */
    const char *pointer;       /* NULL: any pointer */
    const char *rule;
    const char *reason;        /* NULL: none given (itself a warning) */
    const struct node *at;     /* the entry, for its position and pointer */
    bool used;
};

/* scopes.granted: the scopes an OAuth client has been granted on its token
 * server.  CLIENT names the client as a token request names it: the literal
 * client_id, or the name of the secret or credential it comes from
 * (GENESYS_CLIENT_ID for {{ secrets.GENESYS_CLIENT_ID }}, clientId for
 * ${credentials.clientId}). */
struct config_grant {
    const char *client;        /* the key; CLIENT_LEN bytes, may hold NUL */
    size_t client_len;
    const struct node *at;     /* the key's entry */
    const struct node *const *scopes;  /* string nodes */
    size_t nscopes;
    size_t mark;               /* its first mark: see CONFIG_GRANT_MARKS */
};

/* A run keeps a byte ("mark") per granted scope and two per client: whether
 * some token request of the client was seen, and whether one of them asked
 * for no scope by name (so everything granted may be in use).  Grant G owns
 * marks G->mark .. G->mark + G->nscopes + 1. */
#define CONFIG_GRANT_MARKS(g) ((g)->nscopes + 2)
#define CONFIG_MARK_SEEN(g) ((g)->mark + (g)->nscopes)
#define CONFIG_MARK_ASKS_ALL(g) ((g)->mark + (g)->nscopes + 1)

struct config {
    const struct source *src;  /* NULL when no config file was found */
    int *severity;             /* by registry index */
    long max_timeout_ms;       /* 0: not set here */
    long max_payload_bytes;
    const char **allow_scopes;
    size_t nallow_scopes;
    const char **forbid_scopes;
    size_t nforbid_scopes;
    struct config_grant *grants;
    size_t ngrants;
    size_t nmarks;             /* the marks all grants need */
    const char **excludes;     /* globs, as the config names files */
    size_t nexcludes;
    struct config_ignore *ignores;
    size_t nignores;
    const char *build_category;  /* build.category: the category dacc build --emit archy gives actions
                                  * that name none; NULL when not set */
    /* flows: Architect flows */
    const struct node *flow_substitutions; /* flows.substitutions: KEY: VALUE (string, integer or boolean); or NULL */
    const char **flow_actions;             /* flows.actions: directories (or files) of reference actions, as
                                            * paths to open (relative ones from the config's directory) */
    size_t nflow_actions;
    const struct node *flow_actions_at;    /* that list, for positions */
    const char *baseline;      /* baseline: its path from the working directory (or absolute); NULL: none */
    struct source file;
    struct doc doc;            /* owns the strings above, and the normal forms of paths */
    char cwd[PATH_MAX];        /* the working directory at load; "" when unknown */
    char dir[PATH_MAX];        /* the config file's directory, absolute and normal, symlinks resolved;
                                * the working directory when there is no config file */
    char note[PATH_MAX + 160]; /* a warning line for the caller to show (a .dacc.yaml found but not
                                * used, and why); "" when none */
};

/* Load PATH, or when PATH is NULL the nearest .dacc.yaml from the working
 * directory upward (none found: an empty config).  Returns NULL and fills
 * ERR ("FILE:LINE:COL: what is wrong", one line) on failure.  config_free()
 * releases it. */
struct config *config_load(const char *path, char *err, size_t errlen);
void config_free(struct config *cfg);

/* As config_load(), from the LEN bytes at BYTES, named NAME in messages. */
struct config *config_parse(const char *name, const char *bytes, size_t len, char *err, size_t errlen);

/* How the config names files: a path or glob in it is relative to the
 * directory of the config file, whatever the working directory, and a file
 * is named by its lexically normal path ("./a//b/../c" is "a/c") relative to
 * that directory when it lies below it (also once symlinks are resolved),
 * else by its normal absolute path.  PATH below is a path as findings name
 * files: relative to the working directory (a --stdin-filename too), or
 * absolute. */

/* PATH as CFG names files, into OUT (PATH_MAX bytes): by its text, or with
 * REAL by the file it is once symlinks are resolved ("current/x.json" through
 * a link current -> flows is "flows/x.json").  False when REAL and PATH
 * cannot be resolved. */
bool config_name(const struct config *cfg, const char *path, bool real, char *out);

/* True when the config's path or glob PATTERN names the file NAME (as
 * config_name() gives it) or a directory it is under. */
bool config_name_matches(const char *pattern, const char *name);

/* True when ignore entry IG is about the file PATH (its path or glob). */
bool config_ignore_file(const struct config *cfg, const struct config_ignore *ig, const char *path);

/* True when PATH, or its file name alone, matches one of the exclude globs. */
bool config_excluded(const struct config *cfg, const char *path);

/* True when the config allows SCOPE (LEN bytes) by name (scopes.allow). */
bool config_scope_allowed(const struct config *cfg, const char *scope, size_t len);

/* The first scopes.forbid pattern (an fnmatch glob, '*' crossing ':' and
 * '/') that SCOPE (LEN bytes) matches, or NULL; a string CFG owns. */
const char *config_scope_forbidden(const struct config *cfg, const char *scope, size_t len);

/* The grant of CLIENT (LEN bytes), or NULL. */
const struct config_grant *config_grant_find(const struct config *cfg, const char *client, size_t len);

/* True when GRANT lists SCOPE (LEN bytes); *INDEX (when not NULL) gets its index. */
bool config_grant_has(const struct config_grant *grant, const char *scope, size_t len, size_t *index);

#endif
