/* pull_int.h - what the files of dacc pull share (pull.c: the entry, the
 * token and the order of a run; pull_api.c: the Platform API, page by page;
 * pull_write.c: the files written, or compared with --check)
 *
 * The client credentials are live's secrets (secrets.c) and the token is
 * live's token step (token.c), run over an action pull makes for the
 * Genesys Cloud login: client id and secret from DACC_SECRET_CLIENTID and
 * DACC_SECRET_CLIENTSECRET or --secrets-file, sent as a Basic pair, and
 * scrubbed, with the token, from whatever a server sends back (scrub.c).
 * Neither is ever printed or written.
 */
#ifndef DACC_PULL_INT_H
#define DACC_PULL_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/action.h"
#include "live/live_int.h"

#define PULL_PAGE_SIZE 100               /* the API's largest page of actions and integrations */
#define PULL_RESPONSE_MAX ((long)16 << 20) /* the most a page or an action may be: an input file's limit */
#define PULL_MAX_TIME_S 300              /* --max-time's default */
#define PULL_RETRIES 5                   /* 429s retried for one request */

/* One action read from the org. */
struct pulled {
    char *name;                          /* its name (owned) */
    char id[160];                        /* the entity's id ("" when it had none) */
    char key[ACTION_IMPORT_NAME_MAX];    /* build's import file name for it: what --check matches on */
    char file[ACTION_IMPORT_NAME_MAX];   /* the file it is written to: KEY, .yaml with --yaml */
    json_t *json;                        /* as exported (owned) */
    bool draft;                          /* a draft's */
};

/* One run of dacc pull. */
struct pull {
    const struct options *opt;
    struct run run;                      /* live's: limits, secrets, the token, scrubbing, the token's HTTP */
    struct http *api;                    /* the Platform API's requests */
    char api_base[512];                  /* https://api.REGION, or --api-base */
    char login_base[512];                /* https://login.REGION, or --login-base */
    long long deadline;                  /* now_ms() at which --max-time runs out */
    bool progress;                       /* a progress line on standard error (a terminal) */
    bool progress_shown;                 /* one is on the terminal now */
    long requests;                       /* API requests made */
    /* the token action pull makes (pull.c) */
    struct source login_src;
    struct doc login_doc;
    struct act login;
    struct request login_q;
    long token;                          /* index in run.tokens; -1: none yet */
    /* what the org holds (pull_api.c) */
    json_t *integrations;                /* id -> [name, integrationType] */
    struct pulled *items;
    size_t n, cap;
};

/* ---- pull.c --------------------------------------------------------------- */

/* A (new) token for the API: 0, or -1 after saying why (RENEW: the last
 * one was refused). */
int pull_token(struct pull *p, bool renew);

/* The progress line, when there is one: FMT on standard error, over the last. */
void pull_progress(struct pull *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Clear the progress line (before a message, or at the end). */
void pull_progress_done(struct pull *p);

/* ---- pull_api.c ----------------------------------------------------------- */

/* Every integration, then every action (and with --drafts every draft) the
 * filters take, into P->items, sorted by file name.  Returns 0, or -1 after
 * saying why. */
int pull_api_read(struct pull *p);

/* ---- pull_write.c --------------------------------------------------------- */

/* Write P->items into -o DIR, then lint them: the exit status. */
int pull_write(struct pull *p);

/* --check: compare P->items with the actions in -o DIR: the exit status. */
int pull_check(struct pull *p);

#endif
