/* pull.c - dacc pull (dacc-live.so): the entry, the region and the hosts,
 * the token, and the order of a run
 *
 * A run: check the region; render the token request of a login action made
 * here (a missing client id or secret stops the run before any request);
 * get a token with live's token step; read the org (pull_api.c); write DIR
 * and lint it, or compare the org with DIR (pull_write.c).  The struct pull
 * of a run is owned here and freed through the files that fill it.
 */
#include "live/pull.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/load.h"
#include "core/termsafe.h"
#include "live/pull_int.h"

/* The Genesys Cloud regions, as the official JavaScript SDK lists them
 * (purecloud-platform-client-v2 262.0.0, PureCloudRegionHosts.js): the API
 * is https://api.REGION and the login https://login.REGION. */
static const char *const regions[] = {
    "mypurecloud.com", "mypurecloud.ie", "mypurecloud.com.au", "mypurecloud.jp", "mypurecloud.de",
    "usw2.pure.cloud", "cac1.pure.cloud", "apne2.pure.cloud", "euw2.pure.cloud", "aps1.pure.cloud",
    "use2.us-gov-pure.cloud", "sae1.pure.cloud", "mec1.pure.cloud", "apne3.pure.cloud", "euc2.pure.cloud",
    "mxc1.pure.cloud", "apse1.pure.cloud", "edee1.eusc-pure.cloud", NULL,
};

void pull_progress(struct pull *p, const char *fmt, ...)
{
    if (!p->progress)
        return;
    char line[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    termsafe_fix(line);
    fprintf(stderr, "\r\033[Kdacc pull: %s", line);
    fflush(stderr);
    p->progress_shown = true;
}

void pull_progress_done(struct pull *p)
{
    if (p->progress_shown)
        fputs("\r\033[K", stderr);
    p->progress_shown = false;
}

/* The region and the two hosts into P.  Returns 0, or -1 after saying why. */
static int set_hosts(struct pull *p)
{
    const struct options *opt = p->opt;
    const char *region = opt->region;
    bool known = false;
    for (const char *const *r = regions; *r && !known; r++)
        known = strcmp(*r, region) == 0;
    if (!known && !opt->api_base) {
        char list[600] = "";
        for (const char *const *r = regions; *r; r++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", r == regions ? "" : ", ", *r);
        live_error("--region %s: not a Genesys Cloud region; use one of %s (or --api-base URL for another host)",
                   region, list);
        return -1;
    }
    if (strpbrk(region, "/:@?# \t\r\n") || !*region) {
        live_error("--region %s: a region is a domain name, such as mypurecloud.com", region);
        return -1;
    }
    const char *bases[2] = { opt->api_base, opt->login_base };
    const char *names[2] = { "--api-base", "--login-base" };
    for (int i = 0; i < 2; i++) {
        if (bases[i] && (strncmp(bases[i], "https://", 8) != 0 || strpbrk(bases[i], "?#@ \t\r\n"))) {
            live_error("%s: an https:// URL without user, query or fragment is needed (pull speaks TLS only; the "
                       "value is not repeated: it may hold a password)", names[i]);
            return -1;
        }
    }
    int a = opt->api_base ? snprintf(p->api_base, sizeof p->api_base, "%s", opt->api_base)
                          : snprintf(p->api_base, sizeof p->api_base, "https://api.%s", region);
    int l = opt->login_base ? snprintf(p->login_base, sizeof p->login_base, "%s", opt->login_base)
                            : snprintf(p->login_base, sizeof p->login_base, "https://login.%s", region);
    if (a < 0 || l < 0 || (size_t)a >= sizeof p->api_base || (size_t)l >= sizeof p->login_base) {
        live_error("--region, --api-base or --login-base is too long");
        return -1;
    }
    for (char *b = p->api_base; *b && b[strlen(b) - 1] == '/';)
        b[strlen(b) - 1] = '\0';
    for (char *b = p->login_base; *b && b[strlen(b) - 1] == '/';)
        b[strlen(b) - 1] = '\0';
    return 0;
}

/* The Genesys Cloud login as a custom-authentication action, which live's
 * token step performs: the client-credentials grant with the client id and
 * secret as a Basic pair (what the Platform API's OAuth server takes).
 * Returns 0, or -1 after saying why. */
static int login_action(struct pull *p)
{
    char url[600];
    snprintf(url, sizeof url, "%s/oauth/token", p->login_base);
    json_t *a = json_pack("{s:s, s:s, s:{s:{s:s, s:s, s:{s:s, s:s, s:s}, s:s}}}", "name", "Genesys Cloud login",
                          "actionType", "customAuth", "config", "request", "requestUrlTemplate", url, "requestType",
                          "POST", "headers", "Content-Type", "application/x-www-form-urlencoded", "Accept",
                          "application/json", "Authorization",
                          "Basic $encoding.base64(\"${credentials.clientId}:${credentials.clientSecret}\")",
                          "requestTemplate", "grant_type=client_credentials");
    char *text = a ? json_dumps(a, JSON_PRESERVE_ORDER) : NULL;
    json_decref(a);
    struct load_error err = { 0 };
    int rc = text && source_from_bytes(&p->login_src, "Genesys Cloud login", text, strlen(text)) == 0 ? 0 : -1;
    free(text);
    if (rc == 0 && load_document(&p->login_src, SYNTAX_JSON, &p->opt->limits, &p->login_doc, &err) != LOAD_OK)
        rc = -1;
    if (rc != 0) {
        live_error("cannot make the login request: %s", err.msg[0] ? err.msg : "out of memory");
        return -1;
    }
    p->login.node = p->login_doc.root;
    p->login.file = p->login_base;
    snprintf(p->login.name, sizeof p->login.name, "Genesys Cloud login");
    p->login.token = true;
    if (request_prepare(&p->run, &p->login, &p->login_q) != 0)
        return -1;
    if (p->run.nmissing) {
        secrets_say_missing(&p->run);
        return -1;
    }
    return p->run.nomem ? -1 : 0;
}

int pull_token(struct pull *p, bool renew)
{
    size_t before = p->run.nsteps;
    pull_progress(p, "getting a token from %s", p->login_q.url.shown);
    long t = token_step(&p->run, &p->login, &p->login_q, renew);
    if (p->run.nomem) {
        live_error("out of memory");
        return -1;
    }
    if (t >= 0) {
        p->token = t;
        return 0;
    }
    bool said = false;
    for (size_t i = before; i < p->run.nsteps; i++) {
        const struct step *st = &p->run.steps[i];
        for (size_t c = 0; c < st->nchecks; c++) {
            if (st->checks[c].sev != SEV_ERROR)
                continue;
            pull_progress_done(p);
            live_error("cannot get a token from %s: %s", p->login_q.url.shown, st->checks[c].msg);
            said = true;
        }
    }
    pull_progress_done(p);
    if (!said)
        live_error("cannot get a token from %s", p->login_q.url.shown);
    return -1;
}

/* What a run needs before any request: limits, the HTTP handles, --cacert,
 * the secrets and the login request.  Returns 0, or -1 after saying why. */
static int pull_start(struct pull *p)
{
    const struct options *opt = p->opt;
    if (set_hosts(p) != 0 || lint_env_init(&p->run.env, opt) != 0)
        return -1;
    p->run.env_ready = true;
    p->run.payload_limit = p->run.env.policy.max_payload_bytes;
    p->run.http = http_new(opt->cacert, p->run.payload_limit);
    p->api = http_new(opt->cacert, PULL_RESPONSE_MAX);
    if (!p->run.http || !p->api) {
        live_error("cannot start libcurl");
        return -1;
    }
    struct stat st;
    if (opt->cacert && (stat(opt->cacert, &st) != 0 || !S_ISREG(st.st_mode) || access(opt->cacert, R_OK) != 0)) {
        live_error("--cacert %s: not a readable file", opt->cacert);
        return -1;
    }
    if (opt->secrets_file && secrets_load(&p->run, opt->secrets_file) != 0)
        return -1;
    return login_action(p);
}

static void pull_free(struct pull *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->items[i].name);
        json_decref(p->items[i].json);
    }
    free(p->items);
    json_decref(p->integrations);
    request_free(&p->login_q);
    doc_free(&p->login_doc);
    source_free(&p->login_src);
    http_free(p->api);
    step_free(&p->run);
    token_free(&p->run);
    secrets_free(&p->run);
    http_free(p->run.http);
    if (p->run.env_ready)
        lint_env_free(&p->run.env);
}

static int pull_run(const struct options *opt)
{
    struct pull p = { .opt = opt, .run = { .opt = opt }, .token = -1 };
    int status = EXIT_TROUBLE;
    p.progress = !opt->quiet && isatty(STDERR_FILENO);
    p.deadline = now_ms() + (opt->pull_max_time_s ? opt->pull_max_time_s : PULL_MAX_TIME_S) * 1000LL;
    if (pull_start(&p) == 0 && pull_token(&p, false) == 0 && pull_api_read(&p) == 0) {
        pull_progress_done(&p);
        p.progress = false;
        status = opt->pull_check ? pull_check(&p) : pull_write(&p);
    }
    pull_progress_done(&p);
    pull_free(&p);
    return status;
}

int pull_main(const struct options *opt)
{
    if (live_no_core_dumps() != 0)
        return EXIT_TROUBLE;
    if (http_global_init() != 0) {
        live_error("cannot start libcurl");
        return EXIT_TROUBLE;
    }
    int status = pull_run(opt);
    http_global_cleanup();
    return status;
}
