/* live_int.h - what the files of dacc-live.so share, and nothing outside
 * src/live/ includes
 *
 * A run: load the actions of PATHs (act.c); render every request that will
 * be made (request.c, with the values of secrets.c), so that a missing
 * secret or input stops the run before any request; get a token with each
 * token action (token.c: one per distinct token request, reused until it
 * nears expiry); perform each --call with it (call.c); report every step
 * (steps.c).  live.c holds the entry and the order of these; exchange.c
 * performs a step's request through http.c, the only libcurl user, and says
 * what a failure means.
 *
 * Secrets and tokens never reach any output: requests are shown through
 * render.h's masked text, a token only as its length and a short hash, and
 * whatever a server sends back is scrubbed of both (scrub.c), in every form
 * they were sent in or a server may echo them in, before it is shown.
 * Literal credentials in an action (what lint's plaintext-secret rule flags)
 * are not shown either, and names, paths and server text reach a terminal
 * only through termsafe.h.  Durations from servers are clamped before any
 * arithmetic, and the process neither dumps core nor is dumpable while it
 * holds secrets.
 *
 * Functions shared between the files carry the name of the file that
 * defines them: act_, call_, exchange_, http_, live_ (live.c), request_,
 * scrub_, secrets_, step_ (steps.c), token_.
 */
#ifndef DACC_LIVE_INT_H
#define DACC_LIVE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include <jansson.h>

#include "cmd/lint.h"
#include "core/diag.h"
#include "core/digest.h"
#include "core/node.h"
#include "core/source.h"
#include "live/http.h"
#include "live/render.h"

#define TOKEN_HASH_LEN 12          /* hex digits of the token's SHA-256 shown */
#define NEAR_EXPIRY_MS 60000       /* a token with less left is renewed before a call */
#define SHOWN_MAX 240              /* bytes of server text quoted in a message */
#define NOT_SHOWN "[literal value not shown]"
/* Every duration a server gives (Retry-After, expires_in) is clamped to this
 * many seconds before any arithmetic: a century, which no timeout reaches and
 * which a count of milliseconds holds with room to spare. */
#define SERVER_SECONDS_MAX (100LL * 365 * 24 * 3600)

/* ---- the run's state ---------------------------------------------------- */

struct loaded {
    struct source src;
    struct doc doc;
};

struct act {
    const struct node *node;
    const char *file;           /* borrowed from its struct loaded */
    const char *match;          /* its "name", for --call; NULL when it has none */
    char name[160];             /* as reports call it: its name, or "#N" as lint does */
    bool token;                 /* a token request (SPEC §3) */
    /* the nodes plaintext-secret flags in it (a literal credential): their
     * values are not shown; NULL when there are none */
    const struct node **flagged;
    size_t nflagged;
    /* the members whose names it flags (a finding at the name's position):
     * their names are not shown */
    const struct node **named;
    size_t nnamed;
};

/* A request rendered from an action. */
struct request {
    char method[8];
    struct render_result url;
    struct render_result body;
    bool has_body;
    struct render_result *values;   /* header values */
    const char **names;             /* header names, borrowed from the document */
    size_t nheaders;
    bool *name_hidden;              /* plaintext-secret flags the name: not shown */
    long timeout_ms;
    bool timeout_from_action;       /* config.timeoutSeconds, not --max-timeout-ms */
};

struct check {
    enum severity sev;
    const char *id;                 /* static: status, scope, timeout ... */
    char *msg;
};

struct step {
    const char *kind;               /* "token" or "call" */
    const struct act *act;
    char method[8];
    char *url_shown;
    bool performed;                 /* a request went out */
    long status;                    /* 0: no HTTP response */
    char tls[16];
    long t_dns, t_connect, t_tls, t_first, t_total;
    int attempts;
    long response_bytes;            /* -1: none */
    bool has_token;
    size_t token_len;
    char token_hash[TOKEN_HASH_LEN + 1];
    char token_type[24];
    long long expires_in;           /* as the server said; 0: none usable */
    char *scope;                    /* as granted, or NULL */
    bool reused;                    /* the token of an earlier, identical request */
    const char *token_from;         /* call: the token action's name */
    long success_bytes;             /* -1: not rendered */
    struct check *checks;
    size_t nchecks, cap;
};

struct token {
    char key[DIGEST_HEX_LEN + 1];   /* SHA-256 of the rendered request */
    char *value;
    size_t len;
    char hash[TOKEN_HASH_LEN + 1];
    long long expires_at;           /* monotonic ms */
    const struct act *act;
};

struct missing {
    enum render_ref kind;
    char name[80];
    /* referenced in a field plaintext-secret flags (the name may be a
     * credential): not named, the action and field are */
    bool hidden;
    const struct act *act;
    const char *field;              /* static */
};

/* One run of dacc live.  Each group of fields is owned (filled and freed)
 * by the file named beside it; scrub.c reads the secrets and the tokens. */
struct run {
    /* live.c */
    const struct options *opt;
    struct lint_env env;            /* limits: flags over .dacc.yaml over rules/ */
    bool env_ready;
    long payload_limit;
    struct http *http;
    bool nomem;
    bool trouble;                   /* a configuration error found while running */
    /* act.c */
    struct loaded *files;
    size_t nfiles, files_cap;
    struct act *acts;
    size_t nacts, acts_cap;
    /* secrets.c */
    struct source secrets_src;
    struct doc secrets_doc;
    const struct node *secrets;     /* the --secrets-file map, or NULL */
    struct missing *missing;
    size_t nmissing, missing_cap;
    const char **used;              /* every secret value handed out (for scrubbing) */
    size_t nused, used_cap;
    char **derived;                 /* every form a secret is sent in (render.h), and */
    size_t nderived, derived_cap;   /* the base64url spelling of each: scrubbed too */
    char *raw_request;              /* ${input.rawRequest}: the inputs as JSON */
    /* request.c: the action and field being rendered, and whether
     * plaintext-secret flags the field (for secrets_missing) */
    const struct act *rendering;
    const char *rendering_field;
    bool rendering_flagged;
    /* token.c */
    struct token *tokens;
    size_t ntokens, tokens_cap;
    const struct token *pending;    /* a token being checked, not yet in TOKENS */
    /* steps.c */
    struct step *steps;
    size_t nsteps, steps_cap;
};

/* Seconds S from a server, clamped to 0 .. SERVER_SECONDS_MAX. */
static inline long long server_seconds(long long s)
{
    return s < 0 ? 0 : s > SERVER_SECONDS_MAX ? SERVER_SECONDS_MAX : s;
}

/* Milliseconds on the monotonic clock. */
static inline long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- live.c: what live says --------------------------------------------- */

/* Write FMT formatted to F, made safe for a terminal (termsafe.h): names,
 * paths and server text never reach it raw.  The caller writes the newline. */
void live_tput(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* cli_error(), made safe for a terminal. */
void live_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* No core file and no ptrace by other processes of the user while secrets
 * and tokens are in memory (live and pull): an aborted run would otherwise
 * leave them on disk.  Returns 0, or -1 after saying why. */
int live_no_core_dumps(void);

/* --verbose: one line to standard error, made safe for a terminal; never
 * given a secret or a token. */
void live_verbose(const struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- act.c: the actions of PATHs ---------------------------------------- */

/* Load every file of PATHs into R->files and R->acts.  Returns 0, or -1
 * after saying why. */
int act_load(struct run *r);

/* The action named NAME (for --call), or NULL. */
const struct act *act_find(const struct run *r, const char *name);

/* Whether the name of member N of A is not to be shown: plaintext-secret
 * flags it, or the collection it is a member of. */
bool act_name_flagged(const struct act *a, const struct node *n);

/* 2: N is flagged itself; 1: a member N belongs to is; 0: neither. */
int act_flag_of(const struct act *a, const struct node *n);

/* Free R's files and actions. */
void act_free(struct run *r);

/* ---- secrets.c: inputs and secrets -------------------------------------- */

/* --secrets-file PATH into R.  Returns 0, or -1 after saying why. */
int secrets_load(struct run *r, const char *path);

/* render.h's callbacks, CTX being the run: the value of an input or a
 * secret (remembered for scrubbing), a reference without a value (said by
 * secrets_say_missing), and a form a secret is sent in (scrubbed too). */
const char *secrets_lookup(void *ctx, enum render_ref kind, const char *name, size_t len);
void secrets_missing(void *ctx, enum render_ref kind, const char *name, size_t len);
void secrets_derived(void *ctx, const char *text, size_t len);

/* Say what is missing: every secret and input, with where to give it. */
void secrets_say_missing(const struct run *r);

/* Free what secrets.c keeps in R. */
void secrets_free(struct run *r);

/* ---- scrub.c: server text made fit to show ------------------------------ */

/* Copy server text S[0..LEN) into OUT for a message: control characters
 * become spaces, every secret handed out and every token received, in any
 * form a server may echo it in, becomes "[redacted]", and long text is cut
 * with "..." (after scrubbing, so that no part of a secret is left at the
 * cut).  CUT: S is itself the start of longer text (a header kept in part),
 * so a secret that runs into its end is redacted too. */
void scrub_text(const struct run *r, const char *s, size_t len, bool cut, char *out, size_t outlen);

/* scrub_text() of text that is whole. */
void scrub(const struct run *r, const char *s, size_t len, char *out, size_t outlen);

/* ---- request.c: rendering a request ------------------------------------- */

/* Render action A's request into Q.  Returns 0, or -1 after saying why
 * (a missing secret or input is only recorded, and said later). */
int request_prepare(struct run *r, const struct act *a, struct request *q);

/* Free what Q holds and zero it. */
void request_free(struct request *q);

/* render.h's url_escape callback, CTX being the run. */
char *request_url_escape(void *ctx, const char *s, size_t len);

/* ---- exchange.c: a step's request and what its failure means ------------ */

/* Perform Q into RS, honouring one 429 Retry-After when it fits in the
 * timeout; the step records the attempts and timings.  Returns -1 when
 * memory ran out. */
int exchange(struct run *r, struct step *st, const struct request *q, const char *bearer, struct resp *rs);

/* Whether Q goes to an https:// URL; adds the check that says why not. */
bool exchange_https_url(struct run *r, struct step *st, const struct request *q);

/* --verbose: the request as it goes, secrets masked; BEARER_SHOWN stands
 * for the token's Authorization header (NULL: none is sent). */
void exchange_show(const struct run *r, const struct request *q, const char *bearer_shown);

/* A transfer that did not complete: say what happened and what to do.
 * Returns true when it was such a failure. */
bool exchange_transport_failed(struct run *r, struct step *st, const struct resp *rs, const struct request *q);

/* Responses other than 2xx that token and API endpoints give. */
void exchange_status_failed(struct run *r, struct step *st, const struct resp *rs, const struct request *q,
                            bool token_step);

/* ---- token.c and call.c: the steps -------------------------------------- */

/* Get a token with token action A (request Q), unless an identical request
 * already got one that is not near expiry (or RENEW).  Returns the token's
 * index in R->tokens, or -1 when there is none. */
long token_step(struct run *r, const struct act *a, const struct request *q, bool renew);

/* Free R's tokens. */
void token_free(struct run *r);

/* Perform --call action A (request Q) with token TOK (NULL: the token step
 * of TOKEN_ACT gave none, and the call is not made). */
void call_step(struct run *r, const struct act *a, const struct request *q, const struct token *tok,
               const struct act *token_act);

/* Check the translation map of ST's action against the response DOC, then
 * render its success template with the values found and report its size. */
void call_check_map(struct run *r, struct step *st, json_t *doc, const struct resp *rs);

/* ---- steps.c: steps, their checks, and the reports ---------------------- */

/* A new step of KIND ("token" or "call") for A, in R->steps; NULL when
 * memory ran out (R->nomem says so). */
struct step *step_new(struct run *r, const char *kind, const struct act *act);

/* Add a check of severity SEV and id ID (static) to ST, its message FMT. */
void step_check(struct run *r, struct step *st, enum severity sev, const char *id, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The errors and warnings of every step. */
void step_count(const struct run *r, size_t *errors, size_t *warnings);

/* The report of R's steps to OUT, as text or as JSON.  Return 0, or -1
 * when OUT failed. */
int step_report_text(FILE *out, const struct run *r);
int step_report_json(FILE *out, const struct run *r, bool verified);

/* Free R's steps. */
void step_free(struct run *r);

#endif
