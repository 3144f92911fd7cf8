/* cli.c - the command line: a table of options (from which getopt_long's
 * array, the per-command checks and --help are made), and the error printer */
#include "cmd/cli.h"
#include "cmd/emit_archy.h"
#include "flow/flow.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("dacc: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_say(void *ctx, const char *line)
{
    (void)ctx;
    cli_error("%s", line);
}

/* --- the options ------------------------------------------------------------ */

#define ALL_COMMANDS (~0u)
#define ONLY(cmd) (1u << (cmd))
#define FIELD(name) offsetof(struct options, name)
#define HELP_COLUMN 27 /* where --help's descriptions start */
#define HELP_WIDTH 75  /* where a description made from a table wraps */

enum { SET_STOP = 1 }; /* what a setter returns when parsing ends there (--help, --version) */

/* One option: getopt_long's array, the "options of X only" checks and most
 * of --help are made from these. */
struct cli_option {
    const char *name;         /* the long name */
    char short_name;          /* or 0 */
    const char *arg;          /* the value's name in --help ("DIR"); NULL: it takes none */
    unsigned commands;        /* the commands that accept it: ONLY(CMD_x) bits */
    /* what it does: SET, or (SET NULL) store the value (ARG) or true (no ARG) in the field at FIELD */
    int (*set)(struct options *opt, const char *arg); /* 0, -1 after cli_error(), or SET_STOP */
    size_t field;
    const char *help;         /* lines after the first start at HELP_COLUMN; NULL: made by format_help() */
};

static int parse_long(const char *flag, const char *arg, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (errno || end == arg || *end || v < min || v > max) {
        cli_error("%s needs a whole number from %ld to %ld, not '%s'", flag, min, max, arg);
        return -1;
    }
    *out = v;
    return 0;
}

/* Into BUF, the N names joined as a sentence lists them: "a, b and c" (LAST " and ") */
static void join(char *buf, size_t len, const char *const *names, size_t n, const char *last)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && o < len; i++) {
        const char *sep = i == 0 ? "" : i + 1 == n ? last : ", ";
        int w = snprintf(buf + o, len - o, "%s%s", sep, names[i]);
        o += w > 0 ? (size_t)w : 0;
    }
}

static int set_format(struct options *opt, const char *arg)
{
    if (report_format_find(arg, &opt->format))
        return 0;
    const char *names[FORMAT_COUNT];
    for (size_t i = 0; i < FORMAT_COUNT; i++)
        names[i] = report_formats[i].name;
    char list[256];
    join(list, sizeof list, names, FORMAT_COUNT, " or ");
    cli_error("unknown format '%s'; use %s", arg, list);
    return -1;
}

static int set_max_timeout(struct options *opt, const char *arg)
{
    return parse_long("--max-timeout-ms", arg, 1, 600000, &opt->policy.max_timeout_ms);
}

static int set_max_payload(struct options *opt, const char *arg)
{
    return parse_long("--max-payload-bytes", arg, 1, 1L << 30, &opt->policy.max_payload_bytes);
}

static int set_jobs(struct options *opt, const char *arg)
{
    long v;
    if (parse_long("-j", arg, 1, 256, &v) != 0)
        return -1;
    opt->jobs = (unsigned)v;
    return 0;
}

static int set_help(struct options *opt, const char *arg)
{
    (void)arg;
    opt->command = CMD_HELP;
    return SET_STOP;
}

static int set_version(struct options *opt, const char *arg)
{
    (void)arg;
    opt->command = CMD_VERSION;
    return SET_STOP;
}

static int set_emit(struct options *opt, const char *arg)
{
    if (strcmp(arg, "terraform") == 0) {
        opt->emit_terraform = true;
    } else if (strcmp(arg, "archy") == 0) {
        opt->emit_archy = true;
    } else {
        cli_error("unknown --emit target '%s'; use terraform or archy", arg);
        return -1;
    }
    return 0;
}

/* --- build --emit archy: the flow it writes --- */

static int set_flow_type(struct options *opt, const char *arg)
{
    enum flow_type t = flow_type_parse(arg, strlen(arg));
    if (t == FLOW_NONE) {
        cli_error("unknown --flow-type '%s'; use an Archy flow type such as workflow", arg);
        return -1;
    }
    if (!emit_archy_supports(t)) {
        cli_error("--flow-type %s: dacc writes flows of type %s", arg, emit_archy_supported());
        return -1;
    }
    opt->flow_type = arg;
    return 0;
}

/* --category: build's one category for --emit archy; pull's (repeatable)
 * filter on the org's categories */
static int set_category(struct options *opt, const char *arg)
{
    if (!*arg || strstr(arg, "{{") || strpbrk(arg, "\n\r")) {
        cli_error("--category needs a category name (one line, no {{...}})");
        return -1;
    }
    if (opt->command == CMD_PULL) {
        if (opt->npull_categories == CLI_MAX_FILTERS) {
            cli_error("at most %d --category options", CLI_MAX_FILTERS);
            return -1;
        }
        opt->pull_categories[opt->npull_categories++] = arg;
        return 0;
    }
    opt->category = arg;
    return 0;
}

/* --- pull --- */

static int set_integration(struct options *opt, const char *arg)
{
    if (!*arg || strpbrk(arg, "\n\r")) {
        cli_error("--integration needs an integration's name (one line)");
        return -1;
    }
    if (opt->npull_integrations == CLI_MAX_FILTERS) {
        cli_error("at most %d --integration options", CLI_MAX_FILTERS);
        return -1;
    }
    opt->pull_integrations[opt->npull_integrations++] = arg;
    return 0;
}

static int set_max_time(struct options *opt, const char *arg)
{
    return parse_long("--max-time", arg, 1, 86400, &opt->pull_max_time_s);
}

static int set_call(struct options *opt, const char *arg)
{
    if (opt->ncalls == CLI_MAX_CALLS) {
        cli_error("at most %d --call options", CLI_MAX_CALLS);
        return -1;
    }
    opt->calls[opt->ncalls++] = arg;
    return 0;
}

static int set_input(struct options *opt, const char *arg)
{
    if (arg[0] == '=' || !strchr(arg, '=')) {
        cli_error("--input needs NAME=VALUE");
        return -1;
    }
    if (opt->ninputs == CLI_MAX_INPUTS) {
        cli_error("at most %d --input options", CLI_MAX_INPUTS);
        return -1;
    }
    opt->inputs[opt->ninputs++] = arg;
    return 0;
}

static int set_subst(struct options *opt, const char *arg)
{
    if (opt->nsubsts == CLI_MAX_SUBSTS) {
        cli_error("at most %d --subst options", CLI_MAX_SUBSTS);
        return -1;
    }
    if (!strchr(arg, '=')) {
        cli_error("--subst needs KEY=VALUE");
        return -1;
    }
    opt->substs[opt->nsubsts++] = arg;
    return 0;
}

/* In the order --help lists them. */
static const struct cli_option options[] = {
    { "format", 0, "FORMAT", ALL_COMMANDS, set_format, 0, NULL },
    { "max-timeout-ms", 0, "N", ALL_COMMANDS, set_max_timeout, 0,
      "the longest timeout an action may set (default 5000)" },
    { "max-payload-bytes", 0, "N", ALL_COMMANDS, set_max_payload, 0,
      "the largest request body template (default 32768)" },
    { "rules", 0, "DIR", ALL_COMMANDS, NULL, FIELD(rules_dir),
      "rule data from DIR (secrets.yaml, scopes.yaml,\n"
      "limits.yaml, sensitive.yaml) instead of the\n"
      "built-in copy of rules/" },
    { "config", 0, "FILE", ALL_COMMANDS, NULL, FIELD(config_path),
      "settings from FILE (default: the nearest .dacc.yaml\n"
      "from the working directory upward)" },
    { "stdin-filename", 0, "NAME", ALL_COMMANDS, NULL, FIELD(stdin_filename),
      "the name standard input has in findings" },
    { "jobs", 'j', "N", ALL_COMMANDS, set_jobs, 0,
      "lint N files at a time (default: one per CPU);\n"
      "the output is the same for every N" },
    { "strict", 0, NULL, ALL_COMMANDS, NULL, FIELD(strict), "warnings fail too" },
    { "no-color", 0, NULL, ALL_COMMANDS, NULL, FIELD(no_color), "no colour, even on a terminal" },
    { "quiet", 'q', NULL, ALL_COMMANDS, NULL, FIELD(quiet), "findings only: no source lines, no summary" },
    { "follow-symlinks", 0, NULL, ALL_COMMANDS, NULL, FIELD(follow_symlinks),
      "in a directory, also follow symbolic links that\n"
      "lead outside the PATHs (by default they are left\n"
      "alone, and counted on standard error)" },
    { "srcroot", 0, "DIR", ONLY(CMD_LINT) | ONLY(CMD_BUILD) | ONLY(CMD_FIX), NULL, FIELD(srcroot),
      "sarif: file URIs are relative to DIR (default: the\n"
      "git work tree holding the working directory)" },
    { "output", 'o', "DIR", ONLY(CMD_BUILD) | ONLY(CMD_PULL), NULL, FIELD(output_dir),
      "build: where the import files go (made if missing);\n"
      "pull: where the org's actions go, or (--check) are" },
    { "emit", 0, "TARGET", ONLY(CMD_BUILD), set_emit, 0,
      "build: also write DIR/actions.tf and versions.tf\n"
      "(terraform: CX as Code) or DIR/INTEGRATION.flow.yaml\n"
      "(archy: an Architect flow calling each action);\n"
      "repeatable" },
    /* build --emit archy */
    { "category", 0, "NAME", ONLY(CMD_BUILD) | ONLY(CMD_PULL), set_category, 0,
      "build: the category of actions that name none\n"
      "(default: .dacc.yaml build.category, else an Archy\n"
      "{{data_action_category}} substitution); pull: only\n"
      "the actions of this category (repeatable)" },
    { "flow-type", 0, "TYPE", ONLY(CMD_BUILD), set_flow_type, 0,
      "build: the type of flow --emit archy writes:\n"
      "workflow (default), inboundShortMessage or\n"
      "inboundCall (voice: no failure outputs)" },
    /* Architect flows: lint and build */
    { "subst", 0, "KEY=VALUE", ONLY(CMD_LINT) | ONLY(CMD_BUILD) | ONLY(CMD_FIX), set_subst, 0,
      "in Architect flows, {{KEY}} is VALUE before they\n"
      "are read (repeatable; over --subst-file, over\n"
      ".dacc.yaml's flows.substitutions)" },
    { "subst-file", 0, "FILE", ONLY(CMD_LINT) | ONLY(CMD_BUILD) | ONLY(CMD_FIX), NULL, FIELD(subst_file),
      "substitutions from FILE: a YAML map KEY: VALUE,\n"
      "or an Archy options file's 'substitutions'" },
    { "secrets-file", 0, "FILE", ONLY(CMD_LIVE) | ONLY(CMD_PULL), NULL, FIELD(secrets_file),
      "live, pull: secret values from FILE (a YAML or JSON\n"
      "map, readable by its owner only); otherwise from\n"
      "DACC_SECRET_<NAME> environment variables" },
    { "cacert", 0, "FILE", ONLY(CMD_LIVE) | ONLY(CMD_PULL), NULL, FIELD(cacert),
      "live, pull: trust the CA certificates in FILE" },
    { "call", 0, "ACTION", ONLY(CMD_LIVE), set_call, 0,
      "live: perform the action named ACTION with the\n"
      "token (repeatable)" },
    { "input", 0, "NAME=VALUE", ONLY(CMD_LIVE), set_input, 0, "live: the value of ${input.NAME} (repeatable)" },
    /* adopting dacc in a repository that holds more than actions (issue 16) */
    { "verbose", 0, NULL, ALL_COMMANDS, NULL, FIELD(verbose),
      "lint, build: list the files skipped as neither data\n"
      "actions nor flows; live: show each request\n"
      "(secrets and tokens masked)" },
    { "allow-empty", 0, NULL, ONLY(CMD_LINT) | ONLY(CMD_BUILD) | ONLY(CMD_FIX), NULL, FIELD(allow_empty),
      "a directory PATH with no .json, .yaml or .yml file\n"
      "is no failure (by default it exits 2)" },
    { "baseline", 0, "FILE", ONLY(CMD_LINT) | ONLY(CMD_BUILD) | ONLY(CMD_FIX), NULL, FIELD(baseline_path),
      "report only findings not recorded in FILE (made by\n"
      "--write-baseline; default: .dacc.yaml's baseline)" },
    { "write-baseline", 0, "FILE", ONLY(CMD_LINT), NULL, FIELD(write_baseline),
      "lint: record every finding of this run in FILE\n"
      "(JSON, one entry a line) and report none of them" },
    /* dacc fix (issue 17) */
    { "diff", 0, NULL, ONLY(CMD_FIX), NULL, FIELD(fix_diff),
      "fix: print the fixes as a unified diff and write\n"
      "nothing (exit 1 when there is something to fix)" },
    { "unsafe", 0, NULL, ONLY(CMD_FIX), NULL, FIELD(fix_unsafe),
      "fix: also the fixes that change what an action\n"
      "does (dacc explain says which)" },
    /* dacc pull (issue 19) */
    { "region", 0, "DOMAIN", ONLY(CMD_PULL), NULL, FIELD(region),
      "pull: the organisation's Genesys Cloud region, as\n"
      "the SDK names it: mypurecloud.com, usw2.pure.cloud,\n"
      "mypurecloud.ie, ... (others with --api-base only)" },
    { "integration", 0, "NAME", ONLY(CMD_PULL), set_integration, 0,
      "pull: only the actions of this integration (its\n"
      "name or id; repeatable)" },
    { "yaml", 0, NULL, ONLY(CMD_PULL), NULL, FIELD(pull_yaml), "pull: write YAML (.yaml) instead of JSON" },
    { "drafts", 0, NULL, ONLY(CMD_PULL), NULL, FIELD(pull_drafts),
      "pull: take drafts too; an action's draft stands\n"
      "for the action" },
    { "check", 0, NULL, ONLY(CMD_PULL), NULL, FIELD(pull_check),
      "pull: write nothing; compare the org with -o DIR\n"
      "(exit 1 when they differ)" },
    { "api-base", 0, "URL", ONLY(CMD_PULL), NULL, FIELD(api_base),
      "pull: the Platform API at URL instead of\n"
      "https://api.REGION (for tests and proxies)" },
    { "login-base", 0, "URL", ONLY(CMD_PULL), NULL, FIELD(login_base),
      "pull: the token endpoint at URL/oauth/token instead\n"
      "of https://login.REGION/oauth/token (for tests)" },
    { "max-time", 0, "S", ONLY(CMD_PULL), set_max_time, 0,
      "pull: give up after S seconds in all, waits for\n"
      "rate limits included (default 300)" },
    { "help", 'h', NULL, ALL_COMMANDS, set_help, 0, "this text" },
    { "version", 0, NULL, ALL_COMMANDS, set_version, 0, "the version" },
};

#define NOPTIONS (sizeof options / sizeof options[0])
_Static_assert(NOPTIONS <= 64, "struct parse keeps the options seen in 64 bits");

/* Do what option O says with ARG (NULL when it takes none). */
static int apply(const struct cli_option *o, struct options *opt, const char *arg)
{
    if (o->set)
        return o->set(opt, arg);
    char *field = (char *)opt + o->field;
    if (o->arg)
        memcpy(field, &arg, sizeof arg);
    else
        *(bool *)(void *)field = true;
    return 0;
}

/* --- --help ------------------------------------------------------------------ */

/* Print TEXT from column HELP_COLUMN on, wrapped before HELP_WIDTH. */
static void help_wrapped(FILE *out, const char *text)
{
    size_t col = HELP_COLUMN;
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, " ");
        if (col > HELP_COLUMN && col + 1 + n > HELP_WIDTH) {
            fprintf(out, "\n%*s", HELP_COLUMN, "");
            col = HELP_COLUMN;
        } else if (col > HELP_COLUMN) {
            fputc(' ', out);
            col++;
        }
        fwrite(p, 1, n, out);
        col += n;
        p += n;
        p += strspn(p, " ");
    }
    fputc('\n', out);
}

/* --format's description, from report_formats[]. */
static void format_help(FILE *out)
{
    const char *names[FORMAT_COUNT];
    char items[FORMAT_COUNT][128], list[512], text[600];
    for (size_t i = 0; i < FORMAT_COUNT; i++) {
        const struct report_format *f = &report_formats[i];
        snprintf(items[i], sizeof items[i], "%s%s%s%s", f->name, i == FORMAT_TEXT ? " (default)" : "",
                 f->about ? " " : "", f->about ? f->about : "");
        names[i] = items[i];
    }
    join(list, sizeof list, names, FORMAT_COUNT, " or ");
    snprintf(text, sizeof text, "report format: %s", list);
    help_wrapped(out, text);
}

/* Every option of options[]: its names on the left, its description from
 * HELP_COLUMN on. */
static void options_help(FILE *out)
{
    for (size_t i = 0; i < NOPTIONS; i++) {
        const struct cli_option *o = &options[i];
        char left[64];
        if (o->short_name)
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name, o->name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
        else
            snprintf(left, sizeof left, "--%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
        fprintf(out, "  %-*s", HELP_COLUMN - 2, left);
        if (!o->help) {
            format_help(out);
            continue;
        }
        for (const char *p = o->help, *nl; *p; p = nl + 1) {
            nl = strchr(p, '\n');
            if (!nl) {
                fprintf(out, "%s\n", p);
                break;
            }
            fprintf(out, "%.*s\n%*s", (int)(nl - p), p, HELP_COLUMN, "");
        }
    }
}

void cli_usage(FILE *out)
{
    fputs("usage: dacc lint [options] PATH...   check data action definitions\n"
          "       dacc build [options] -o DIR PATH...\n"
          "                                     lint, then write import JSON to DIR\n"
          "       dacc fix [options] PATH...     apply the safe fixes, then lint what is left\n"
          "       dacc live [options] PATH...    get a real token with each token action,\n"
          "                                     then perform the --call actions with it\n"
          "       dacc pull [options] --region DOMAIN -o DIR\n"
          "                                     the org's data actions into DIR, then lint\n"
          "                                     them (--check: compare with DIR)\n"
          "       dacc rules                    list every rule\n"
          "       dacc explain SLUG             what a rule checks, why, and how to fix it\n"
          "       dacc --version | --help\n"
          "\n"
          "PATH is a .json, .yaml or .yml file, a directory (walked recursively), or -\n"
          "for standard input.\n"
          "\n"
          "options:\n",
          out);
    options_help(out);
    fputs("\n"
          "exit status: 0 clean, 1 findings at error level (or any with --strict),\n"
          "2 usage or I/O failure; live: 0 every step verified, 1 a check failed,\n"
          "2 usage or configuration error (nothing is sent when a secret or input is missing);\n"
          "pull: as lint for what it wrote, 1 with --check when the org and DIR differ,\n"
          "2 when the org cannot be read (client id and secret from DACC_SECRET_CLIENTID\n"
          "and DACC_SECRET_CLIENTSECRET, or --secrets-file keys clientId and clientSecret)\n",
          out);
}

/* --- the commands -------------------------------------------------------------- */

static int check_lint(struct options *opt)
{
    if (opt->npaths == 0) {
        cli_error("lint needs at least one PATH (a file, a directory, or - for standard input)");
        return -1;
    }
    return 0;
}

static int check_build(struct options *opt)
{
    if (!opt->output_dir || !*opt->output_dir) {
        cli_error("build needs an output directory: -o DIR");
        return -1;
    }
    if (opt->npaths == 0) {
        cli_error("build needs at least one PATH (a file or a directory)");
        return -1;
    }
    for (size_t i = 0; i < opt->npaths; i++) {
        if (strcmp(opt->paths[i], "-") == 0) {
            cli_error("build reads files and directories, not standard input");
            return -1;
        }
    }
    if ((opt->category || opt->flow_type) && !opt->emit_archy) {
        cli_error("--category and --flow-type go with --emit archy");
        return -1;
    }
    return 0;
}

static int check_live(struct options *opt)
{
    if (opt->npaths == 0) {
        cli_error("live needs at least one PATH holding the token action (and the --call actions)");
        return -1;
    }
    if (opt->format != FORMAT_TEXT && opt->format != FORMAT_JSON) {
        cli_error("live reports in text or json only");
        return -1;
    }
    return 0;
}

static int check_fix(struct options *opt)
{
    if (opt->npaths == 0) {
        cli_error("fix needs at least one PATH (a file, a directory, or - for standard input)");
        return -1;
    }
    for (size_t i = 0; i < opt->npaths && opt->npaths > 1; i++) {
        if (strcmp(opt->paths[i], "-") == 0) {
            cli_error("fix - writes the fixed text to standard output: it takes no other PATH");
            return -1;
        }
    }
    return 0;
}

static int check_pull(struct options *opt)
{
    if (!opt->region || !*opt->region) {
        cli_error("pull needs the organisation's region: --region DOMAIN (mypurecloud.com, usw2.pure.cloud, ...)");
        return -1;
    }
    if (!opt->output_dir || !*opt->output_dir) {
        cli_error("pull needs a directory: -o DIR");
        return -1;
    }
    if (opt->npaths != 0) {
        cli_error("pull takes no PATH: the actions come from the org and go to -o DIR");
        return -1;
    }
    if (opt->pull_check && opt->format != FORMAT_TEXT && opt->format != FORMAT_JSON) {
        cli_error("pull --check reports in text or json only");
        return -1;
    }
    if (opt->login_base && !opt->api_base) {
        cli_error("--login-base goes with --api-base");
        return -1;
    }
    return 0;
}

static int check_explain(struct options *opt)
{
    if (opt->npaths != 1) {
        cli_error("explain needs exactly one rule slug; 'dacc rules' lists them");
        return -1;
    }
    opt->explain_slug = opt->paths[0];
    return 0;
}

static int check_rules(struct options *opt)
{
    if (opt->npaths != 0) {
        cli_error("rules takes no arguments");
        return -1;
    }
    return 0;
}

/* The commands that take options and paths, in the order their checks run. */
static const struct cli_command {
    const char *name;
    enum command command;
    int (*check)(struct options *opt); /* its paths and options, once parsed: 0, or -1 after cli_error() */
} commands[] = {
    { "lint", CMD_LINT, check_lint },
    { "build", CMD_BUILD, check_build },
    { "live", CMD_LIVE, check_live },
    { "fix", CMD_FIX, check_fix },
    { "pull", CMD_PULL, check_pull },
    { "explain", CMD_EXPLAIN, check_explain },
    { "rules", CMD_RULES, check_rules },
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

/* When an option of SEEN (bits of options[]) belongs to command C alone and
 * OPT's command is another: say so, naming every option C alone takes. */
static int check_only(const struct cli_command *c, uint64_t seen)
{
    const char *names[NOPTIONS];
    char shown[NOPTIONS][40];
    size_t n = 0;
    bool used = false;
    for (size_t i = 0; i < NOPTIONS; i++) {
        if (options[i].commands != ONLY(c->command))
            continue;
        used |= (seen >> i) & 1;
        if (options[i].short_name)
            snprintf(shown[n], sizeof shown[n], "-%c", options[i].short_name);
        else
            snprintf(shown[n], sizeof shown[n], "--%s", options[i].name);
        names[n] = shown[n];
        n++;
    }
    if (!used)
        return 0;
    char list[512];
    join(list, sizeof list, names, n, " and ");
    cli_error("%s %s of %s only", list, n == 1 ? "is an option" : "are options", c->name);
    return -1;
}

/* When an option of SEEN that several commands but not OPT's take was given:
 * say which take it ("--subst is an option of lint and build only"). */
static int check_some(const struct options *opt, uint64_t seen)
{
    for (size_t i = 0; i < NOPTIONS; i++) {
        unsigned cmds = options[i].commands;
        if (!((seen >> i) & 1) || cmds == ALL_COMMANDS || (cmds & ONLY(opt->command)) || !(cmds & (cmds - 1)))
            continue;
        const char *names[NCOMMANDS];
        size_t n = 0;
        for (size_t c = 0; c < NCOMMANDS; c++)
            if (cmds & ONLY(commands[c].command))
                names[n++] = commands[c].name;
        char list[128];
        join(list, sizeof list, names, n, " and ");
        cli_error("--%s is an option of %s only", options[i].name, list);
        return -1;
    }
    return 0;
}

/* Parse the options after the command ARGV[0] into OPT; *SEEN gets a bit
 * per options[] entry given.  Returns 0, SET_STOP, or -1 after cli_error(). */
static int parse_options(int argc, char **argv, struct options *opt, uint64_t *seen)
{
    struct option longopts[NOPTIONS + 1];
    char shortopts[2 * NOPTIONS + 2] = ":";
    size_t ns = 1;
    for (size_t i = 0; i < NOPTIONS; i++) {
        const struct cli_option *o = &options[i];
        longopts[i] = (struct option){ o->name, o->arg ? required_argument : no_argument, NULL,
                                       o->short_name ? o->short_name : 256 + (int)i };
        if (o->short_name) {
            shortopts[ns++] = o->short_name;
            if (o->arg)
                shortopts[ns++] = ':';
        }
    }
    longopts[NOPTIONS] = (struct option){ NULL, 0, NULL, 0 };
    shortopts[ns] = '\0';
    opterr = 0;
    optind = 1;
    for (int c; (c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1;) {
        size_t i = 0;
        while (i < NOPTIONS && longopts[i].val != c)
            i++;
        if (i < NOPTIONS) {
            *seen |= (uint64_t)1 << i;
            int rc = apply(&options[i], opt, optarg);
            if (rc != 0)
                return rc;
        } else if (c == ':') {
            cli_error("option '%s' needs a value", argv[optind - 1]);
            return -1;
        } else if (optopt > 0 && optopt < 256) {
            cli_error("unknown option '-%c'; see 'dacc --help'", optopt);
            return -1;
        } else {
            cli_error("unknown option '%s'; see 'dacc --help'", argv[optind - 1]);
            return -1;
        }
    }
    return 0;
}

int cli_parse(int argc, char **argv, struct options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->format = FORMAT_TEXT;
    opt->max_file_bytes = DACC_DEFAULT_MAX_FILE_BYTES;
    opt->limits.max_depth = LOAD_DEFAULT_MAX_DEPTH;
    opt->limits.max_alias_nodes = LOAD_DEFAULT_MAX_ALIAS_NODES;
    /* limits left at 0 take their defaults from the rule data (rules/limits.yaml) */

    if (argc < 2) {
        cli_usage(stderr);
        return -1;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        opt->command = CMD_HELP;
        return 0;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        opt->command = CMD_VERSION;
        return 0;
    }
    for (size_t i = 0; i < NCOMMANDS && !opt->command; i++)
        if (strcmp(cmd, commands[i].name) == 0)
            opt->command = commands[i].command;
    if (!opt->command) {
        cli_error("unknown command '%s'; see 'dacc --help'", cmd);
        return -1;
    }

    /* options and paths may be mixed after the command; getopt moves the paths last */
    uint64_t seen = 0;
    int rc = parse_options(argc - 1, argv + 1, opt, &seen);
    if (rc != 0)
        return rc == SET_STOP ? 0 : -1;
    opt->paths = argv + 1 + optind;
    opt->npaths = (size_t)(argc - 1 - optind);
    for (size_t i = 0; i < NCOMMANDS; i++) {
        rc = commands[i].command == opt->command ? commands[i].check(opt) : check_only(&commands[i], seen);
        if (rc != 0)
            return -1;
    }
    return check_some(opt, seen);
}

bool cli_color(const struct options *opt, int fd)
{
    return !opt->no_color && !getenv("NO_COLOR") && isatty(fd);
}

struct report_opts cli_report_opts(const struct options *opt, int fd)
{
    return (struct report_opts){ .color = cli_color(opt, fd), .quiet = opt->quiet, .srcroot = opt->srcroot };
}
