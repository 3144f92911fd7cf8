/* fix.c - dacc fix over the command line's paths: read, fix (fix/fix.h),
 * then write atomically, show a diff (--diff) or write standard output ("-") */
#include "cmd/fix.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/lint.h"
#include "core/fsutil.h"
#include "core/termsafe.h"
#include "core/walk.h"
#include "fix/fix.h"

/* Replace PATH's contents by TEXT[0..LEN) atomically.  A symbolic link is
 * written through (its target is replaced, the link stays), and the file
 * keeps its permissions: a fix changes bytes, nothing else. */
static int write_back(const char *path, const char *text, size_t len, char *err, size_t errlen)
{
    char *real = realpath(path, NULL);
    struct stat st;
    if (!real || stat(real, &st) != 0) {
        snprintf(err, errlen, "cannot write: %s", strerror(errno));
        free(real);
        return -1;
    }
    char *slash = strrchr(real, '/'); /* realpath gives an absolute path */
    *slash = '\0';
    int rc = fs_write_atomic_mode(slash == real ? "/" : real, slash + 1, text, len, st.st_mode & 07777, err, errlen);
    free(real);
    return rc;
}

/* Say "dacc: FILE: WHY" with FILE fit for a terminal. */
static void say(const char *shown, const char *why)
{
    char safe[1024];
    termsafe_escape(shown, safe, sizeof safe);
    cli_error("%s: %s", safe, why);
}

/* What to do with the fixed TEXT of PATH (shown as SHOWN). */
static int deliver(const struct options *opt, const char *path, const char *shown, const struct source *src,
                   const char *text, size_t len)
{
    char err[256];
    if (strcmp(path, "-") == 0)
        return fwrite(text, 1, len, stdout) == len ? 0 : -1;
    if (opt->fix_diff)
        return fix_diff(stdout, shown, src->bytes, src->len, text, len);
    if (write_back(path, text, len, err, sizeof err) != 0) {
        say(shown, err);
        return -1;
    }
    return 0;
}

/* Fix one file.  Returns 0, or -1 when memory runs out. */
static int fix_file(const struct lint_env *env, const char *path, struct fix_outcome *out)
{
    const struct options *opt = env->opt;
    bool is_stdin = strcmp(path, "-") == 0;
    const char *shown = is_stdin ? (opt->stdin_filename ? opt->stdin_filename : "<stdin>") : path;
    struct source src;
    char why[256];
    if (source_read(&src, path, shown, opt->max_file_bytes, why, sizeof why) != SOURCE_OK) {
        say(shown, why);
        out->problems++;
        return 0;
    }
    struct fix_opts fo = {
        .syntax = load_guess_syntax(is_stdin ? opt->stdin_filename : path, &src),
        .limits = &opt->limits,
        .max_timeout_ms = env->policy.max_timeout_ms,
        .unsafe = opt->fix_unsafe,
        .data = env->data,
    };
    char *text = NULL;
    size_t len = 0, n = 0;
    enum fix_status st = fix_source(&src, &fo, &text, &len, &n);
    int rc = 0;
    if (st == FIX_NOMEM)
        rc = -1;
    else if (st == FIX_CHANGED) {
        out->changed++;
        out->fixes += n;
        if (deliver(opt, path, shown, &src, text, len) != 0)
            out->problems++;
    } else {
        if (st == FIX_REFUSED) {
            say(shown, "the fixes would not read back as intended: left untouched");
            out->problems++;
        }
        if (is_stdin && fwrite(src.bytes, 1, src.len, stdout) != src.len)
            out->problems++;
    }
    free(text);
    source_free(&src);
    return rc;
}

int fix_paths(const struct lint_env *env, struct fix_outcome *out)
{
    memset(out, 0, sizeof *out);
    const struct options *opt = env->opt;
    struct file_list files = { 0 };
    const struct walk_opts wo = { .excluded = lint_excluded, .ctx = env, .follow_symlinks = opt->follow_symlinks,
                                  .quiet = opt->quiet, .say = cli_say };
    int problems = walk_paths(&files, opt->paths, opt->npaths, &wo);
    int rc = problems < 0 ? -1 : 0;
    if (rc == 0)
        out->problems = problems;
    for (size_t i = 0; rc == 0 && i < files.n; i++)
        rc = fix_file(env, files.paths[i], out);
    if (rc != 0)
        cli_error("out of memory");
    walk_free(&files);
    return rc;
}
