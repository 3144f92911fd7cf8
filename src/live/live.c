/* live.c - dacc live (dacc-live.so): the plugin's entry, the order of a run's
 * steps, and what live says on standard error
 *
 * A run: load the actions of PATHs; render every request that will be made
 * (so that a missing secret or input stops the run before any request);
 * get a token with each token action (one per distinct token request, reused
 * until it nears expiry); perform each --call with it; report every step.
 * The jobs are in the files live_int.h names; this one owns the struct run
 * of a run and frees it through them.
 */
#include "live/live.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "core/termsafe.h"
#include "live/live_int.h"
#include "live/pull.h"

/* ---- what live says ----------------------------------------------------- */

/* FMT formatted: a malloc'd string, or NULL when memory ran out. */
static char *vformat(const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *out = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (out)
        vsnprintf(out, (size_t)n + 1, fmt, again);
    va_end(again);
    return out;
}

void live_tput(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = vformat(fmt, ap);
    va_end(ap);
    if (text)
        termsafe_write(f, text, strlen(text), false);
    else
        fputs("[out of memory]", f);
    free(text);
}

void live_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = vformat(fmt, ap);
    va_end(ap);
    if (!text) {
        cli_error("out of memory");
        return;
    }
    termsafe_fix(text);
    cli_error("%s", text);
    free(text);
}

void live_verbose(const struct run *r, const char *fmt, ...)
{
    if (!r->opt->verbose)
        return;
    va_list ap;
    fputs(r->opt->command == CMD_PULL ? "dacc pull: " : "dacc live: ", stderr);
    va_start(ap, fmt);
    char *text = vformat(fmt, ap);
    va_end(ap);
    if (text)
        termsafe_write(stderr, text, strlen(text), false);
    free(text);
    fputc('\n', stderr);
}

/* ---- the run ------------------------------------------------------------ */

/* A readable regular file, or -1 after saying why. */
static int check_cacert(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || access(path, R_OK) != 0) {
        live_error("--cacert %s: not a readable file", path);
        return -1;
    }
    return 0;
}

int live_no_core_dumps(void)
{
    const struct rlimit none = { 0, 0 };
    if (setrlimit(RLIMIT_CORE, &none) != 0) {
        live_error("cannot disable core dumps: %s", strerror(errno));
        return -1;
    }
#ifdef __linux__
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
        live_error("cannot make the process non-dumpable: %s", strerror(errno));
        return -1;
    }
#endif
    return 0;
}

/* What a run performs: the token actions and their requests, and the --call
 * actions (NC of them) and theirs.  The arrays are owned (plan_free()); the
 * actions are the run's. */
struct plan {
    const struct act **tacts, **cacts;
    struct request *tq, *cq;
    size_t nt, nc;
};

static void plan_free(struct plan *p)
{
    for (size_t i = 0; p->tq && i < p->nt; i++)
        request_free(&p->tq[i]);
    for (size_t i = 0; p->cq && i < p->nc; i++)
        request_free(&p->cq[i]);
    free(p->tq);
    free(p->cq);
    free(p->tacts);
    free(p->cacts);
}

static void run_free(struct run *r)
{
    step_free(r);
    token_free(r);
    act_free(r);
    secrets_free(r);
    http_free(r->http);
    if (r->env_ready)
        lint_env_free(&r->env);
}

/* What a run needs before rendering: its limits, libcurl, --cacert, the
 * secrets file and the actions.  Returns 0, or -1 after saying why. */
static int run_start(struct run *r)
{
    const struct options *opt = r->opt;
    if (lint_env_init(&r->env, opt) != 0)
        return -1;
    r->env_ready = true;
    r->payload_limit = r->env.policy.max_payload_bytes;
    r->http = http_new(opt->cacert, r->payload_limit);
    if (!r->http) {
        live_error("cannot start libcurl");
        return -1;
    }
    if (opt->cacert && check_cacert(opt->cacert) != 0)
        return -1;
    if (opt->secrets_file && secrets_load(r, opt->secrets_file) != 0)
        return -1;
    return act_load(r);
}

/* The token actions, and the --call actions by name, into P.  Returns 0, or
 * -1 after saying why. */
static int plan_steps(const struct run *r, struct plan *p)
{
    const struct options *opt = r->opt;
    p->tacts = calloc(r->nacts ? r->nacts : 1, sizeof *p->tacts);
    p->cacts = calloc(opt->ncalls ? opt->ncalls : 1, sizeof *p->cacts);
    p->tq = calloc(r->nacts ? r->nacts : 1, sizeof *p->tq);
    p->cq = calloc(opt->ncalls ? opt->ncalls : 1, sizeof *p->cq);
    if (!p->tacts || !p->cacts || !p->tq || !p->cq) {
        live_error("out of memory");
        return -1;
    }
    for (size_t i = 0; i < r->nacts; i++)
        if (r->acts[i].token)
            p->tacts[p->nt++] = &r->acts[i];
    if (p->nt == 0) {
        live_error("no token action in the PATHs: live needs an action that requests an OAuth2 token "
                   "(a custom-authentication action, or one that POSTs grant_type=client_credentials)");
        return -1;
    }
    for (size_t i = 0; i < opt->ncalls; i++) {
        p->cacts[i] = act_find(r, opt->calls[i]);
        if (!p->cacts[i]) {
            live_error("--call '%s': no action of that name in the PATHs", opt->calls[i]);
            return -1;
        }
        if (p->cacts[i]->token) {
            live_error("--call '%s' is a token action; --call names the action that uses the token", opt->calls[i]);
            return -1;
        }
    }
    return 0;
}

/* Render every request of P first: a missing secret or input stops the run
 * before any request is made.  Returns 0, or -1 after saying why. */
static int plan_prepare(struct run *r, struct plan *p)
{
    for (size_t i = 0; i < p->nt; i++)
        if (request_prepare(r, p->tacts[i], &p->tq[i]) != 0)
            return -1;
    for (size_t i = 0; i < p->nc; i++)
        if (request_prepare(r, p->cacts[i], &p->cq[i]) != 0)
            return -1;
    if (r->nmissing) {
        secrets_say_missing(r);
        return -1;
    }
    if (r->nomem) {
        live_error("out of memory");
        return -1;
    }
    return 0;
}

/* One token per distinct token request; the first token action's serves the
 * calls, and is renewed before a call when it nears expiry. */
static void plan_perform(struct run *r, const struct plan *p)
{
    long first = -1;
    for (size_t i = 0; i < p->nt && !r->nomem && !r->trouble; i++) {
        long t = token_step(r, p->tacts[i], &p->tq[i], false);
        if (i == 0)
            first = t;
    }
    for (size_t i = 0; i < p->nc && !r->nomem && !r->trouble; i++) {
        /* a token near expiry is renewed before it is used */
        if (first >= 0 && r->tokens[first].expires_at - now_ms() <= NEAR_EXPIRY_MS) {
            live_verbose(r, "the token of '%s' nears expiry; asking for a new one", p->tacts[0]->name);
            first = token_step(r, p->tacts[0], &p->tq[0], true);
        }
        call_step(r, p->cacts[i], &p->cq[i], first >= 0 ? &r->tokens[first] : NULL, p->tacts[0]);
    }
}

/* The report of every step to standard output, in --format.  Returns the
 * exit status: EXIT_TROUBLE after saying why when it cannot be written. */
static int run_report(const struct run *r)
{
    size_t errors, warnings;
    step_count(r, &errors, &warnings);
    bool verified = errors == 0 && !(r->opt->strict && warnings);
    int wrote = r->opt->format == FORMAT_JSON ? step_report_json(stdout, r, verified) : step_report_text(stdout, r);
    if (wrote != 0) {
        live_error("cannot write the report to standard output");
        return EXIT_TROUBLE;
    }
    return verified ? EXIT_CLEAN : EXIT_FINDINGS;
}

/* One run for OPT; its exit status (live.h). */
static int live_run(const struct options *opt)
{
    struct run r = { .opt = opt };
    struct plan p = { .nc = opt->ncalls };
    int status = EXIT_TROUBLE;
    if (run_start(&r) != 0 || plan_steps(&r, &p) != 0 || plan_prepare(&r, &p) != 0)
        goto out;
    plan_perform(&r, &p);
    if (r.nomem) {
        live_error("out of memory");
        goto out;
    }
    if (r.trouble)
        goto out;
    status = run_report(&r);
out:
    plan_free(&p);
    run_free(&r);
    return status;
}

/* dacc-live.so's entry (live.h): libcurl is set up once, here, and only for live */
static int live_main(const struct options *opt)
{
    if (live_no_core_dumps() != 0)
        return EXIT_TROUBLE;
    if (http_global_init() != 0) {
        live_error("cannot start libcurl");
        return EXIT_TROUBLE;
    }
    int status = live_run(opt);
    http_global_cleanup();
    return status;
}

const struct live_plugin dacc_live_plugin = {
    .version = DACC_VERSION,
    .options_size = sizeof(struct options),
    .run = live_main,
    .pull = pull_main,
};
