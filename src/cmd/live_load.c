/* live_load.c - dacc live and dacc pull from dacc-live.so: found beside the executable
 * (the build tree: ./dacc and ./dacc-live.so), else in ../lib/dacc/ from it
 * (make install: PREFIX/bin/dacc and PREFIX/lib/dacc/dacc-live.so).  The
 * executable is named by /proc/self/exe, so a symlink to it on the PATH
 * finds the plugin beside the real file. */
#include "live/live.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* where the plugin may be, after the executable's directory */
static const char *const plugin_dirs[] = { "/", "/../lib/dacc/" };
#define NDIRS (sizeof plugin_dirs / sizeof plugin_dirs[0])

/* Append "PATH (WHY)" to the list of tries in BUF; dlerror()'s messages
 * start with the path, which is not said twice, and are kept on one line. */
static void note_try(char *buf, size_t size, const char *path, const char *why)
{
    size_t plen = strlen(path);
    if (!why)
        why = "unknown error";
    else if (strncmp(why, path, plen) == 0 && strncmp(why + plen, ": ", 2) == 0)
        why += plen + 2;
    size_t used = strlen(buf);
    if (used + 1 >= size)
        return;
    snprintf(buf + used, size - used, "%s%s (%s)", used ? "; " : "", path, why);
    for (char *p = buf + used; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
}

/* The plugin, loaded and checked; NULL after saying why (for command CMD). */
static const struct live_plugin *plugin_load(const char *cmd)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe);
    char *slash = NULL;
    if (n > 0 && (size_t)n < sizeof exe) {
        exe[n] = '\0';
        slash = strrchr(exe, '/');
    }
    if (!slash) {
        cli_error("cannot find %s, which %s needs: /proc/self/exe does not name this program (%s)",
                  LIVE_PLUGIN_FILE, cmd, n < 0 ? strerror(errno) : "no absolute path that fits");
        return NULL;
    }
    *slash = '\0'; /* the directory ("" for a program in /) */

    char tried[2 * PATH_MAX + 512] = "";
    char path[PATH_MAX + 32];
    void *handle = NULL;
    for (size_t i = 0; i < NDIRS && !handle; i++) {
        int len = snprintf(path, sizeof path, "%s%s%s", exe, plugin_dirs[i], LIVE_PLUGIN_FILE);
        if (len < 0 || (size_t)len >= sizeof path) {
            note_try(tried, sizeof tried, LIVE_PLUGIN_FILE, "path too long");
            continue;
        }
        /* RTLD_NOW: a core symbol the plugin needs and this executable lacks
         * is refused here, not found missing in the middle of a run */
        handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            note_try(tried, sizeof tried, path, dlerror());
            struct stat st;
            if (stat(path, &st) == 0)
                break; /* there but unusable: the others are not this program's */
        }
    }
    if (!handle) {
        cli_error("cannot load %s, which %s needs: tried %s", LIVE_PLUGIN_FILE, cmd, tried);
        return NULL;
    }
    const struct live_plugin *plugin = dlsym(handle, LIVE_PLUGIN_SYMBOL);
    if (!plugin) {
        cli_error("%s is not a dacc live plugin (it has no %s)", path, LIVE_PLUGIN_SYMBOL);
        return NULL;
    }
    if (!plugin->version || strcmp(plugin->version, DACC_VERSION) != 0 ||
        plugin->options_size != sizeof(struct options) || !plugin->run || !plugin->pull) {
        cli_error("%s is from another build of dacc (%s, this is %s); install both from one build",
                  path, plugin->version ? plugin->version : "no version", DACC_VERSION);
        return NULL;
    }
    /* The plugin stays loaded until the process exits: unloading libcurl and
     * the TLS libraries under it buys nothing that late, and the sanitizers
     * can still name its functions in a report at exit. */
    return plugin;
}

int live_command(const struct options *opt)
{
    const struct live_plugin *plugin = plugin_load("live");
    return plugin ? plugin->run(opt) : EXIT_TROUBLE;
}

int pull_command(const struct options *opt)
{
    const struct live_plugin *plugin = plugin_load("pull");
    return plugin ? plugin->pull(opt) : EXIT_TROUBLE;
}
