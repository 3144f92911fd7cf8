/* steps.c - the steps of a run (a token request, a call), the checks each
 * gathers, and the two reports of them: text and JSON
 *
 * R->steps and every check's message are owned here (step_free()).  What a
 * step holds was made fit to show where it was found: masked URLs, scrubbed
 * server text, a token only as its length and a short hash.
 */
#include "live/live_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "report/report.h"

struct step *step_new(struct run *r, const char *kind, const struct act *act)
{
    void *more = grow(r->steps, &r->steps_cap, r->nsteps, sizeof *r->steps, 8);
    if (!more) {
        r->nomem = true;
        return NULL;
    }
    r->steps = more;
    struct step *st = &r->steps[r->nsteps++];
    memset(st, 0, sizeof *st);
    st->kind = kind;
    st->act = act;
    st->t_dns = st->t_connect = st->t_tls = st->t_first = st->t_total = -1;
    st->response_bytes = -1;
    st->success_bytes = -1;
    return st;
}

void step_check(struct run *r, struct step *st, enum severity sev, const char *id, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    void *more = grow(st->checks, &st->cap, st->nchecks, sizeof *st->checks, 4);
    char *copy = strdup(msg);
    if (!more || !copy) {
        free(copy);
        r->nomem = true;
        return;
    }
    st->checks = more;
    st->checks[st->nchecks++] = (struct check){ .sev = sev, .id = id, .msg = copy };
}

static void step_free_one(struct step *st)
{
    for (size_t i = 0; i < st->nchecks; i++)
        free(st->checks[i].msg);
    free(st->checks);
    free(st->url_shown);
    free(st->scope);
}

void step_free(struct run *r)
{
    for (size_t i = 0; i < r->nsteps; i++)
        step_free_one(&r->steps[i]);
    free(r->steps);
}

/* ---- reports ------------------------------------------------------------ */

void step_count(const struct run *r, size_t *errors, size_t *warnings)
{
    *errors = *warnings = 0;
    for (size_t i = 0; i < r->nsteps; i++)
        for (size_t k = 0; k < r->steps[i].nchecks; k++) {
            if (r->steps[i].checks[k].sev == SEV_ERROR)
                (*errors)++;
            else if (r->steps[i].checks[k].sev == SEV_WARNING)
                (*warnings)++;
        }
}

static void ms_text(char *out, size_t outlen, const char *label, long ms)
{
    if (ms >= 0)
        snprintf(out, outlen, "  %s %ld ms", label, ms);
    else
        out[0] = '\0';
}

/* Every name, path and quoted text goes through live_tput(): safe for a terminal. */
int step_report_text(FILE *out, const struct run *r)
{
    for (size_t i = 0; i < r->nsteps; i++) {
        const struct step *st = &r->steps[i];
        live_tput(out, "%s  %s  (%s)", st->kind, st->act->name, st->act->file);
        fputc('\n', out);
        live_tput(out, "  %s %s", st->method, st->url_shown ? st->url_shown : "");
        fputc('\n', out);
        if (st->performed) {
            char a[40], b[40], c[40], d[40], e[40];
            ms_text(a, sizeof a, "dns", st->t_dns);
            ms_text(b, sizeof b, "connect", st->t_connect);
            ms_text(c, sizeof c, "tls", st->t_tls);
            ms_text(d, sizeof d, "first byte", st->t_first);
            ms_text(e, sizeof e, "total", st->t_total);
            char status[24];
            if (st->status)
                snprintf(status, sizeof status, "HTTP %ld", st->status);
            else
                snprintf(status, sizeof status, "no response");
            live_tput(out, "  %s  %s%s%s%s%s%s", status, st->tls[0] ? st->tls : "no TLS session", a, b, c, d, e);
            if (st->attempts > 1)
                live_tput(out, "  (%d attempts)", st->attempts);
            if (st->response_bytes >= 0)
                live_tput(out, "  %ld bytes", st->response_bytes);
            fputc('\n', out);
        }
        if (st->has_token && !strcmp(st->kind, "token")) {
            live_tput(out, "  token: %zu characters, sha256 %s...", st->token_len, st->token_hash);
            if (st->token_type[0])
                live_tput(out, ", %s", st->token_type);
            if (st->expires_in > 0)
                live_tput(out, ", expires in %lld s", st->expires_in);
            if (st->scope)
                live_tput(out, ", scope '%s'", st->scope);
            fputc('\n', out);
        } else if (st->has_token) {
            live_tput(out, "  with the token of '%s' (%zu characters, sha256 %s...)", st->token_from, st->token_len,
                      st->token_hash);
            fputc('\n', out);
        }
        if (st->success_bytes >= 0) {
            live_tput(out, "  success template: %ld bytes rendered", st->success_bytes);
            fputc('\n', out);
        }
        for (size_t k = 0; k < st->nchecks; k++) {
            live_tput(out, "  %s: %s [%s]", severity_name(st->checks[k].sev), st->checks[k].msg, st->checks[k].id);
            fputc('\n', out);
        }
    }
    size_t errors, warnings;
    step_count(r, &errors, &warnings);
    if (errors || warnings)
        fprintf(out, "dacc live: %zu step%s: %zu error%s, %zu warning%s\n", r->nsteps, r->nsteps == 1 ? "" : "s",
                errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
    else
        fprintf(out, "dacc live: %zu step%s: verified\n", r->nsteps, r->nsteps == 1 ? "" : "s");
    return ferror(out) ? -1 : 0;
}

static json_t *ms_json(long ms)
{
    return ms >= 0 ? json_integer(ms) : json_null();
}

static json_t *step_json(const struct step *st)
{
    json_t *o = json_object(), *timing = json_object(), *checks = json_array();
    if (!o || !timing || !checks) {
        json_decref(o);
        json_decref(timing);
        json_decref(checks);
        return NULL;
    }
    int bad = 0;
    /* each _set_new and _append_new steals the new value */
    bad |= json_object_set_new(o, "step", json_string(st->kind));
    bad |= json_object_set_new(o, "action", report_json_text(st->act->name));
    bad |= json_object_set_new(o, "file", report_json_text(st->act->file));
    bad |= json_object_set_new(o, "method", json_string(st->method));
    bad |= json_object_set_new(o, "url", report_json_text(st->url_shown ? st->url_shown : ""));
    bad |= json_object_set_new(o, "performed", json_boolean(st->performed));
    bad |= json_object_set_new(o, "attempts", json_integer(st->attempts));
    bad |= json_object_set_new(o, "http_status", st->status ? json_integer(st->status) : json_null());
    bad |= json_object_set_new(o, "tls_version", st->tls[0] ? json_string(st->tls) : json_null());
    bad |= json_object_set_new(timing, "dns", ms_json(st->performed ? st->t_dns : -1));
    bad |= json_object_set_new(timing, "connect", ms_json(st->performed ? st->t_connect : -1));
    bad |= json_object_set_new(timing, "tls", ms_json(st->performed ? st->t_tls : -1));
    bad |= json_object_set_new(timing, "first_byte", ms_json(st->performed ? st->t_first : -1));
    bad |= json_object_set_new(timing, "total", ms_json(st->performed ? st->t_total : -1));
    bad |= json_object_set_new(o, "timing_ms", timing);
    bad |= json_object_set_new(o, "response_bytes", st->response_bytes >= 0 ? json_integer(st->response_bytes)
                                                                            : json_null());
    if (st->has_token) {
        json_t *t = json_object();
        if (!t)
            bad = 1;
        else {
            bad |= json_object_set_new(t, "length", json_integer((json_int_t)st->token_len));
            bad |= json_object_set_new(t, "sha256_prefix", json_string(st->token_hash));
            if (!strcmp(st->kind, "token")) {
                bad |= json_object_set_new(t, "token_type", st->token_type[0] ? report_json_text(st->token_type)
                                                                               : json_null());
                json_t *expires = st->expires_in > 0 ? json_integer((json_int_t)st->expires_in) : json_null();
                bad |= json_object_set_new(t, "expires_in", expires);
                bad |= json_object_set_new(t, "scope", st->scope ? report_json_text(st->scope) : json_null());
            } else {
                bad |= json_object_set_new(t, "from", report_json_text(st->token_from));
            }
            bad |= json_object_set_new(o, "token", t);
        }
    }
    bad |= json_object_set_new(o, "success_template_bytes",
                               st->success_bytes >= 0 ? json_integer(st->success_bytes) : json_null());
    for (size_t k = 0; k < st->nchecks; k++) {
        json_t *c = json_object();
        if (!c) {
            bad = 1;
            break;
        }
        bad |= json_object_set_new(c, "severity", json_string(severity_name(st->checks[k].sev)));
        bad |= json_object_set_new(c, "check", json_string(st->checks[k].id));
        bad |= json_object_set_new(c, "message", report_json_text(st->checks[k].msg));
        bad |= json_array_append_new(checks, c);
    }
    bad |= json_object_set_new(o, "checks", checks);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

int step_report_json(FILE *out, const struct run *r, bool verified)
{
    int rc = -1;
    json_t *root = report_json_root(), *steps = json_array(), *summary = json_object();
    if (!root || !steps || !summary)
        goto out;
    size_t errors, warnings;
    step_count(r, &errors, &warnings);
    for (size_t i = 0; i < r->nsteps; i++)
        if (json_array_append_new(steps, step_json(&r->steps[i])))
            goto out;
    if (json_object_set_new(summary, "steps", json_integer((json_int_t)r->nsteps)) ||
        json_object_set_new(summary, "errors", json_integer((json_int_t)errors)) ||
        json_object_set_new(summary, "warnings", json_integer((json_int_t)warnings)) ||
        json_object_set_new(summary, "verified", json_boolean(verified)) ||
        json_object_set(root, "steps", steps) || json_object_set(root, "summary", summary))
        goto out;
    rc = report_json_dump(out, root);
out:
    json_decref(steps);
    json_decref(summary);
    json_decref(root);
    return rc;
}
