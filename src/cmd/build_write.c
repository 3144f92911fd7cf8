/* build_write.c - dacc build's output directory: kept apart from the
 * inputs, each file written atomically and said as it goes, the files an
 * earlier build left named, then the summary */
#include "cmd/build.h"
#include "cmd/build_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/emit_archy.h"
#include "cmd/emit_tf.h"
#include "core/digest.h"
#include "core/fsutil.h"
#include "core/jsonout.h"
#include "core/termsafe.h"
#include "report/report.h"

/* What one build wrote so far. */
struct output {
    const struct options *opt;
    json_t *files;          /* --format json: what was written */
    size_t written;
};

/* Write NAME into the output directory and say so.  Returns 0, or -1 after
 * printing why. */
static int put_file(struct output *o, const char *name, const char *action, const char *data, size_t len)
{
    const struct options *opt = o->opt;
    char err[1024];
    char shown[2048];
    if (fs_write_atomic(opt->output_dir, name, data, len, err, sizeof err) != 0) {
        cli_error("%s", termsafe_escape(err, shown, sizeof shown));
        return -1;
    }
    o->written++;
    char *path = fs_join(opt->output_dir, name);
    if (!path) {
        cli_error("out of memory");
        return -1;
    }
    int rc = 0;
    if (opt->format == FORMAT_JSON) {
        char hex[DIGEST_HEX_LEN + 1];
        json_t *f = json_object();
        if (digest_sha256_hex(data, len, hex) != 0 || !f ||
            json_object_set_new(f, "path", report_json_text(path)) ||
            (action && json_object_set_new(f, "action", json_string(action))) ||
            json_object_set_new(f, "bytes", json_integer((json_int_t)len)) ||
            json_object_set_new(f, "sha256", json_string(hex)) || json_array_append(o->files, f)) {
            cli_error("out of memory");
            rc = -1;
        }
        json_decref(f);
    } else if (opt->format == FORMAT_TEXT && !opt->quiet) {
        printf("wrote %s (%zu bytes)\n", termsafe_escape(path, shown, sizeof shown), len);
    }
    free(path);
    return rc;
}

/* The files of the output directory that look like dacc's but that this
 * build did not write: import files of actions since renamed or removed, an
 * actions.tf from an earlier --emit terraform, a flow from an earlier --emit
 * archy (or of an integration no action names now), the temporary file of a killed
 * build.  Imported with the rest, an old import file would bring back an
 * action nobody maintains, so each is named (never deleted: the directory may
 * hold files that are not dacc's).  Sorted into *OUT (the caller frees each
 * name and the array); returns their number, or (size_t)-1 when memory runs out. */
static size_t stale_files(const struct build *b, const struct archy_file *flows, size_t nflows, char ***out)
{
    char **names;
    size_t n, kept = 0;
    if (fs_list_dir(b->opt->output_dir, &names, &n) != 0)
        return errno == ENOMEM ? (size_t)-1 : 0;
    for (size_t k = 0; k < n; k++) {
        const char *name = names[k];
        bool ours = fs_name_ends(name, ".custom.json") || fs_name_ends(name, ".customAuth.json") ||
                    (name[0] == '.' && strstr(name, FS_TMP_INFIX)) ||
                    (!b->opt->emit_terraform &&
                     (strcmp(name, BUILD_TERRAFORM) == 0 || strcmp(name, EMIT_TF_VERSIONS) == 0)) ||
                    fs_name_ends(name, EMIT_ARCHY_SUFFIX);
        for (size_t i = 0; ours && i < b->n; i++)
            ours = strcmp(b->items[i].file, name) != 0;
        for (size_t i = 0; ours && i < nflows; i++)
            ours = strcmp(flows[i].name, name) != 0;
        if (ours)
            names[kept++] = names[k];
        else
            free(names[k]);
    }
    *out = names;
    return kept;
}

/* The actions the Terraform leaves out (static ones, which the provider
 * cannot create): a note each on standard error in text (not with --quiet),
 * and with --format json a "leftOut" list of their names on the entry of
 * actions.tf, the last of O's files.  Returns 0, or -1 when memory runs out. */
static int say_left_out(const struct build *b, struct output *o)
{
    const struct options *opt = b->opt;
    json_t *names = opt->format == FORMAT_JSON ? json_array() : NULL;
    char shown[2048], where[1024];
    int bad = opt->format == FORMAT_JSON && !names;
    for (size_t i = 0; !bad && i < b->n; i++) {
        const struct item *it = &b->items[i];
        if (!emit_tf_left_out(it->json))
            continue;
        if (names)
            bad = json_array_append_new(names, report_json_text(it->name));
        else if (opt->format == FORMAT_TEXT && !opt->quiet)
            cli_error("note: %s: '%s' is a static action, which the genesyscloud provider cannot create: it has no "
                      "resource in %s", termsafe_escape(it->origin, where, sizeof where),
                      termsafe_escape(it->name, shown, sizeof shown), BUILD_TERRAFORM);
    }
    size_t nf = o->files ? json_array_size(o->files) : 0;
    if (!bad && names && json_array_size(names) && nf)
        bad = json_object_set(json_array_get(o->files, nf - 1), "leftOut", names);
    json_decref(names);
    if (bad)
        cli_error("out of memory");
    return bad ? -1 : 0;
}

/* The text of actions.tf for B's actions (*LEN its length), made before
 * anything is written; the caller frees it.  NULL after saying why. */
static char *make_terraform(const struct build *b, size_t *len)
{
    char err[1024], shown[2048];
    char *data = NULL;
    struct tf_action *tf = calloc(b->n ? b->n : 1, sizeof *tf);
    for (size_t i = 0; tf && i < b->n; i++)
        tf[i] = (struct tf_action){ b->items[i].slug, b->items[i].json, b->items[i].custom_auth };
    if (!tf)
        snprintf(err, sizeof err, "out of memory");
    if (!tf || !(data = emit_tf(tf, b->n, len, err, sizeof err)))
        cli_error("--emit terraform: %s", termsafe_escape(err, shown, sizeof shown));
    free(tf);
    return data;
}

/* Write actions.tf (TF[0..LEN)), say the static actions it leaves out, then
 * write versions.tf.  Returns 0, or -1 after saying why. */
static int write_terraform(const struct build *b, struct output *o, const char *tf, size_t len)
{
    if (put_file(o, BUILD_TERRAFORM, NULL, tf, len) != 0 || say_left_out(b, o) != 0)
        return -1;
    const char *versions = emit_tf_versions(&len);
    return put_file(o, EMIT_TF_VERSIONS, NULL, versions, len);
}

/* Write every item, the Terraform with --emit terraform, the NFLOWS FLOWS
 * (--emit archy), then MANIFEST.  Returns 0, or -1 after saying why (files
 * already written stay, each complete). */
static int write_files(const struct build *b, struct output *o, json_t *manifest, const struct archy_file *flows,
                       size_t nflows)
{
    int rc = -1;
    char *data = NULL, *tf = NULL;
    size_t len = 0, tflen = 0;
    if (b->opt->emit_terraform && !(tf = make_terraform(b, &tflen)))
        return -1;
    for (size_t i = 0; i < b->n; i++) {
        const struct item *it = &b->items[i];
        if (!(data = jsonout_file(it->json, it->precision, &len))) {
            cli_error("out of memory");
            goto out;
        }
        if (put_file(o, it->file, it->name, data, len) != 0)
            goto out;
        free(data);
        data = NULL;
    }
    if (tf && write_terraform(b, o, tf, tflen) != 0)
        goto out;
    for (size_t i = 0; i < nflows; i++)
        if (put_file(o, flows[i].name, NULL, flows[i].data, flows[i].len) != 0)
            goto out;
    if (!(data = jsonout_file(manifest, 0, &len))) {
        cli_error("out of memory");
        goto out;
    }
    rc = put_file(o, BUILD_MANIFEST, NULL, data, len);
out:
    free(data);
    free(tf);
    return rc;
}

/* A note on standard error for each of the NSTALE files STALE names (not
 * with --quiet, nor with --format json, whose summary lists them). */
static void say_stale(const struct options *opt, char **stale, size_t nstale)
{
    char shown[2048];
    for (size_t i = 0; i < nstale && !opt->quiet && opt->format != FORMAT_JSON; i++) {
        char *path = fs_join(opt->output_dir, stale[i]);
        const char *why = stale[i][0] == '.' ? "a temporary file an interrupted build left"
                          : strcmp(stale[i], BUILD_TERRAFORM) == 0 || strcmp(stale[i], EMIT_TF_VERSIONS) == 0
                              ? "an earlier build's --emit terraform"
                          : !fs_name_ends(stale[i], EMIT_ARCHY_SUFFIX) ? "an action renamed or removed?"
                          : opt->emit_archy ? "the flow of an integration no action names now?"
                                            : "an earlier build's --emit archy";
        cli_error("note: %s is not from this build (%s); delete it before importing the directory",
                  termsafe_escape(path ? path : stale[i], shown, sizeof shown), why);
        free(path);
    }
}

/* The summary on standard output: with --format json the whole build report
 * (what was written, the stale files, the counts), in text one line; nothing
 * in the other formats.  Returns 0, or -1 after saying why. */
static int summary(const struct build *b, const struct output *o, const struct diag *lint, char **stale,
                   size_t nstale)
{
    const struct options *opt = b->opt;
    size_t warnings = diag_count(lint, SEV_WARNING);
    if (opt->format == FORMAT_JSON) {
        json_t *root = report_json_root(), *sum = json_object(), *old = json_array();
        int bad = !root || !sum || !old;
        /* each _set_new steals the new value */
        bad = bad || json_object_set_new(sum, "files", json_integer((json_int_t)lint->files)) ||
              json_object_set_new(sum, "actions", json_integer((json_int_t)b->n)) ||
              json_object_set_new(sum, "written", json_integer((json_int_t)o->written)) ||
              json_object_set_new(sum, "warnings", json_integer((json_int_t)warnings));
        for (size_t i = 0; !bad && i < nstale; i++) {
            char *path = fs_join(opt->output_dir, stale[i]);
            bad |= !path || json_array_append_new(old, report_json_text(path));
            free(path);
        }
        bad = bad || json_object_set_new(root, "output", report_json_text(opt->output_dir)) ||
              json_object_set(root, "files", o->files) || json_object_set(root, "stale", old) ||
              json_object_set(root, "summary", sum);
        if (bad || report_json_dump(stdout, root) != 0) {
            cli_error("cannot write the summary to standard output");
            bad = 1;
        }
        json_decref(old);
        json_decref(sum);
        json_decref(root);
        return bad ? -1 : 0;
    }
    if (opt->format == FORMAT_TEXT && !opt->quiet) {
        char shown[2048];
        printf("%zu action%s from %zu file%s: %zu file%s written to %s", b->n, build_plural(b->n), lint->files,
               build_plural(lint->files), o->written, build_plural(o->written),
               termsafe_escape(opt->output_dir, shown, sizeof shown));
        if (warnings)
            printf(" (%zu warning%s)", warnings, build_plural(warnings));
        putchar('\n');
    }
    return 0;
}

/* With --emit archy, the flow files of B's actions into *FLOWS (*NFLOWS),
 * made before anything is written.  The category of actions that name none:
 * --category, else .dacc.yaml's build.category, else a {{data_action_category}}
 * substitution.  Returns 0, or -1 after saying why. */
static int make_flows(const struct build *b, struct archy_file **flows, size_t *nflows)
{
    const struct options *opt = b->opt;
    *flows = NULL;
    *nflows = 0;
    if (!opt->emit_archy)
        return 0;
    char err[1024], shown[2048];
    struct archy_opts ao = { .category = opt->category ? opt->category : b->config_category,
                             .type = FLOW_WORKFLOW };
    if (opt->flow_type)
        ao.type = flow_type_parse(opt->flow_type, strlen(opt->flow_type)); /* checked by cli.c */
    struct archy_action *acts = calloc(b->n ? b->n : 1, sizeof *acts);
    int rc = acts ? 0 : -1;
    if (!acts)
        snprintf(err, sizeof err, "out of memory");
    for (size_t i = 0; acts && i < b->n; i++)
        acts[i] = (struct archy_action){ b->items[i].slug, b->items[i].json, b->items[i].custom_auth };
    if (acts)
        rc = emit_archy(acts, b->n, &ao, flows, nflows, err, sizeof err);
    if (rc != 0)
        cli_error("--emit archy: %s", termsafe_escape(err, shown, sizeof shown));
    free(acts);
    return rc;
}

int build_write_all(struct build *b, const struct diag *lint)
{
    const struct options *opt = b->opt;
    struct output o = { .opt = opt };
    char err[1024], shown[2048];
    int status = EXIT_TROUBLE;
    json_t *manifest = build_manifest_json(b);
    char **stale = NULL;
    size_t nstale = 0;
    struct archy_file *flows = NULL;
    size_t nflows = 0;
    if (!manifest || (opt->format == FORMAT_JSON && !(o.files = json_array()))) {
        cli_error("out of memory");
        goto out;
    }
    if (make_flows(b, &flows, &nflows) != 0)
        goto out;
    if (fs_mkdir_p(opt->output_dir, err, sizeof err) != 0) {
        cli_error("%s", termsafe_escape(err, shown, sizeof shown));
        goto out;
    }
    /* made, it resolves as it is: judged again, before anything is written into it */
    if (build_output_outside_inputs(opt, b->rec) != 0 || write_files(b, &o, manifest, flows, nflows) != 0)
        goto out;
    nstale = stale_files(b, flows, nflows, &stale);
    if (nstale == (size_t)-1) {
        nstale = 0;
        cli_error("out of memory");
        goto out;
    }
    say_stale(opt, stale, nstale);
    if (summary(b, &o, lint, stale, nstale) == 0)
        status = EXIT_CLEAN;
out:
    for (size_t i = 0; i < nstale; i++)
        free(stale[i]);
    free(stale);
    emit_archy_free(flows, nflows);
    json_decref(manifest);
    json_decref(o.files);
    return status;
}

/* True when directory OUT (absolute, symlinks resolved) or a directory it
 * lies in is one the walk of REC entered, under whatever name: a bind mount
 * or a followed symbolic link inside the inputs leads to it. */
static bool output_entered(const char *out, const struct walk_record *rec)
{
    char *p = strdup(out);
    bool hit = false;
    for (size_t n = p ? strlen(p) : 0; n > 0 && !hit;) {
        struct stat st;
        hit = stat(p, &st) == 0 && S_ISDIR(st.st_mode) && walk_ids_has(&rec->ids, st.st_dev, st.st_ino);
        if (n == 1)
            break; /* "/" was the last */
        char *slash = strrchr(p, '/');
        if (!slash)
            break;
        n = slash == p ? 1 : (size_t)(slash - p);
        p[n] = '\0';
    }
    free(p);
    return hit;
}

/* The output directory must not lie inside a directory being read: its
 * files would be read as definitions on the next build.  Judged by the
 * names of both once resolved (a path like "new/../inputs" included), and,
 * once lint has walked the inputs (REC not NULL), by the identity of each
 * directory the walk entered too.  Returns 0, or -1 after saying why. */
int build_output_outside_inputs(const struct options *opt, const struct walk_record *rec)
{
    char *out = fs_resolve(opt->output_dir);
    char shown_out[1024], shown_in[1024];
    termsafe_escape(opt->output_dir, shown_out, sizeof shown_out);
    int rc = 0;
    for (size_t i = 0; out && i < opt->npaths && rc == 0; i++) {
        struct stat st;
        if (stat(opt->paths[i], &st) != 0)
            continue;
        termsafe_escape(opt->paths[i], shown_in, sizeof shown_in);
        if (!S_ISDIR(st.st_mode)) {
            /* an input file in DIR itself: an import file of the same name would replace it */
            char *in = realpath(opt->paths[i], NULL);
            const char *slash = in ? strrchr(in, '/') : NULL;
            size_t dl = slash ? (size_t)(slash - in) : 0; /* the length of its directory; 0 for "/" */
            if (slash && (dl ? strlen(out) == dl && strncmp(in, out, dl) == 0 : strcmp(out, "/") == 0)) {
                cli_error("the input '%s' is in the output directory '%s', where import files would replace "
                          "it: choose a directory apart from the inputs", shown_in, shown_out);
                rc = -1;
            }
            free(in);
            continue;
        }
        char *in = realpath(opt->paths[i], NULL);
        size_t n = in ? strlen(in) : 0;
        if (in && strncmp(out, in, n) == 0 && (out[n] == '\0' || out[n] == '/' || (n == 1 && in[0] == '/'))) {
            cli_error("the output directory '%s' is inside the input directory '%s'; its files would be read "
                      "as definitions: choose a directory outside the inputs", shown_out, shown_in);
            rc = -1;
        }
        free(in);
    }
    if (out && rc == 0 && rec && output_entered(out, rec)) {
        cli_error("the output directory '%s' is, or lies in, a directory the walk of the inputs enters (through a bind "
                  "mount or a symbolic link); its files would be read as definitions: choose a directory "
                  "outside the inputs", shown_out);
        rc = -1;
    }
    free(out);
    return rc;
}
