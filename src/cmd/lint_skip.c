/* lint_skip.c - what lint leaves alone, and when a run has nothing to read:
 * the files that are neither data actions nor flows (listed, not linted), a
 * file named with another extension, a directory with nothing to lint */
#include "cmd/lint.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/action.h"
#include "core/grow.h"
#include "core/termsafe.h"
#include "flow/flow.h"

int lint_skipped_init(struct lint_skipped *s)
{
    memset(s, 0, sizeof *s);
    return pthread_mutex_init(&s->lock, NULL) == 0 ? 0 : -1;
}

void lint_skipped_free(struct lint_skipped *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->names[i]);
    free(s->names);
    pthread_mutex_destroy(&s->lock);
    memset(s, 0, sizeof *s);
}

struct report_opts lint_report_opts(const struct options *opt, const struct lint_outcome *out, int fd)
{
    struct report_opts ro = cli_report_opts(opt, fd);
    ro.verbose = opt->verbose;
    ro.skipped = out->skipped.names;
    ro.nskipped = out->skipped.n;
    ro.baseline = out->baseline.active ? &out->baseline.report : NULL;
    return ro;
}

bool lint_skips(const struct node *root)
{
    return action_doc_kind(root) == ACTION_DOC_NONE && flow_doc_type(root) == FLOW_NONE;
}

int lint_skip_note(const struct lint_env *env, const struct source *src)
{
    struct lint_skipped *s = env->skipped;
    if (!s)
        return 0;
    char *name = strdup(src->name);
    if (!name)
        return -1;
    pthread_mutex_lock(&s->lock);
    void *more = grow(s->names, &s->cap, s->n, sizeof *s->names, 8);
    if (more) {
        s->names = more;
        s->names[s->n++] = name;
    }
    pthread_mutex_unlock(&s->lock);
    if (!more)
        free(name);
    return more ? 0 : -1;
}

/* True when file name PATH has an extension (a '.' after the first byte of
 * its last part) other than .json, .yaml and .yml, compared without regard
 * to case.  A name without one is read: its syntax is told by its bytes. */
static bool other_extension(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return false;
    return strcasecmp(dot, ".json") != 0 && strcasecmp(dot, ".yaml") != 0 && strcasecmp(dot, ".yml") != 0;
}

int lint_check_paths(const struct options *opt)
{
    int rc = 0;
    for (size_t i = 0; i < opt->npaths; i++) {
        struct stat st;
        const char *p = opt->paths[i];
        if (strcmp(p, "-") == 0 || stat(p, &st) != 0 || !S_ISREG(st.st_mode) || !other_extension(p))
            continue;
        char shown[1024];
        cli_error("%s: not a .json, .yaml or .yml file: dacc reads data actions and Architect flows",
                  termsafe_escape(p, shown, sizeof shown));
        rc = -1;
    }
    return rc;
}

int lint_check_found(const struct options *opt, size_t nfiles, int problems)
{
    if (nfiles || problems || opt->allow_empty)
        return 0;
    int rc = 0;
    for (size_t i = 0; i < opt->npaths; i++) {
        struct stat st;
        const char *p = opt->paths[i];
        if (strcmp(p, "-") == 0 || stat(p, &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        char shown[1024];
        cli_error("no data action or flow files under %s (no .json, .yaml or .yml file, or every one excluded); "
                  "--allow-empty accepts that", termsafe_escape(p, shown, sizeof shown));
        rc = -1;
    }
    return rc;
}
