/* cli.c - option table, --help, and the error printer */
#include "cmd/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

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

void cli_usage(FILE *out)
{
    fputs("usage: dacc lint [options] PATH...   check data action definitions\n"
          "       dacc build [options] -o DIR PATH...\n"
          "                                     lint, then write import JSON to DIR\n"
          "       dacc live [options] PATH...    get a real token with each token action,\n"
          "                                     then perform the --call actions with it\n"
          "       dacc rules                    list every rule\n"
          "       dacc explain SLUG             what a rule checks, why, and how to fix it\n"
          "       dacc --version | --help\n"
          "\n"
          "PATH is a .json, .yaml or .yml file, a directory (walked recursively), or -\n"
          "for standard input.\n"
          "\n"
          "options:\n"
          "  --format FORMAT          report format: text (default), json, sarif\n"
          "                           (SARIF 2.1.0) or github (Actions annotations)\n"
          "  --max-timeout-ms N       the longest timeout an action may set (default 5000)\n"
          "  --max-payload-bytes N    the largest request body template (default 32768)\n"
          "  --rules DIR              rule data from DIR (secrets.yaml, scopes.yaml,\n"
          "                           limits.yaml, sensitive.yaml) instead of the\n"
          "                           built-in copy of rules/\n"
          "  --config FILE            settings from FILE (default: the nearest .dacc.yaml\n"
          "                           from the working directory upward)\n"
          "  --stdin-filename NAME    the name standard input has in findings\n"
          "  -j, --jobs N             lint N files at a time (default: one per CPU);\n"
          "                           the output is the same for every N\n"
          "  --strict                 warnings fail too\n"
          "  --no-color               no colour, even on a terminal\n"
          "  -q, --quiet              findings only: no source lines, no summary\n"
          "  --follow-symlinks        in a directory, also follow symbolic links that\n"
          "                           lead outside the PATHs (by default they are left\n"
          "                           alone, and counted on standard error)\n"
          "  -o, --output DIR         build: where the import files go (made if missing)\n"
          "  --emit terraform         build: also write DIR/actions.tf (CX as Code)\n"
          "  --secrets-file FILE      live: secret values from FILE (a YAML or JSON map,\n"
          "                           readable by its owner only); otherwise from\n"
          "                           DACC_SECRET_<NAME> environment variables\n"
          "  --cacert FILE            live: trust the CA certificates in FILE\n"
          "  --call ACTION            live: perform the action named ACTION with the\n"
          "                           token (repeatable)\n"
          "  --input NAME=VALUE       live: the value of ${input.NAME} (repeatable)\n"
          "  --verbose                live: show each request (secrets and tokens masked)\n"
          "  -h, --help               this text\n"
          "  --version                the version\n"
          "\n"
          "exit status: 0 clean, 1 findings at error level (or any with --strict),\n"
          "2 usage or I/O failure; live: 0 every step verified, 1 a check failed,\n"
          "2 usage or configuration error (nothing is sent when a secret or input is missing)\n",
          out);
}

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

enum {
    OPT_FORMAT = 256,
    OPT_MAX_TIMEOUT,
    OPT_MAX_PAYLOAD,
    OPT_RULES,
    OPT_CONFIG,
    OPT_STDIN_FILENAME,
    OPT_STRICT,
    OPT_NO_COLOR,
    OPT_VERSION,
    OPT_EMIT,
    OPT_SECRETS_FILE,
    OPT_CACERT,
    OPT_CALL,
    OPT_INPUT,
    OPT_VERBOSE,
    OPT_FOLLOW_SYMLINKS,
};

int cli_parse(int argc, char **argv, struct options *opt)
{
    static const struct option longopts[] = {
        { "format", required_argument, NULL, OPT_FORMAT },
        { "max-timeout-ms", required_argument, NULL, OPT_MAX_TIMEOUT },
        { "max-payload-bytes", required_argument, NULL, OPT_MAX_PAYLOAD },
        { "rules", required_argument, NULL, OPT_RULES },
        { "config", required_argument, NULL, OPT_CONFIG },
        { "jobs", required_argument, NULL, 'j' },
        { "stdin-filename", required_argument, NULL, OPT_STDIN_FILENAME },
        { "strict", no_argument, NULL, OPT_STRICT },
        { "no-color", no_argument, NULL, OPT_NO_COLOR },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, OPT_VERSION },
        { "output", required_argument, NULL, 'o' },
        { "emit", required_argument, NULL, OPT_EMIT },
        { "secrets-file", required_argument, NULL, OPT_SECRETS_FILE },
        { "cacert", required_argument, NULL, OPT_CACERT },
        { "call", required_argument, NULL, OPT_CALL },
        { "input", required_argument, NULL, OPT_INPUT },
        { "verbose", no_argument, NULL, OPT_VERBOSE },
        { "follow-symlinks", no_argument, NULL, OPT_FOLLOW_SYMLINKS },
        { NULL, 0, NULL, 0 },
    };
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
    if (strcmp(cmd, "lint") == 0) {
        opt->command = CMD_LINT;
    } else if (strcmp(cmd, "rules") == 0) {
        opt->command = CMD_RULES;
    } else if (strcmp(cmd, "explain") == 0) {
        opt->command = CMD_EXPLAIN;
    } else if (strcmp(cmd, "build") == 0) {
        opt->command = CMD_BUILD;
    } else if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        opt->command = CMD_HELP;
        return 0;
    } else if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        opt->command = CMD_VERSION;
        return 0;
    } else if (strcmp(cmd, "live") == 0) {
        opt->command = CMD_LIVE;
    } else {
        cli_error("unknown command '%s'; see 'dacc --help'", cmd);
        return -1;
    }

    /* options and paths may be mixed after the command; getopt moves the paths last */
    int sub_argc = argc - 1;
    char **sub_argv = argv + 1;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(sub_argc, sub_argv, ":qhj:o:", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_FORMAT:
            if (!report_format_find(optarg, &opt->format)) {
                cli_error("unknown format '%s'; use text, json, sarif or github", optarg);
                return -1;
            }
            break;
        case OPT_MAX_TIMEOUT: {
            long v;
            if (parse_long("--max-timeout-ms", optarg, 1, 600000, &v) != 0)
                return -1;
            opt->policy.max_timeout_ms = v;
            break;
        }
        case OPT_MAX_PAYLOAD: {
            long v;
            if (parse_long("--max-payload-bytes", optarg, 1, 1L << 30, &v) != 0)
                return -1;
            opt->policy.max_payload_bytes = v;
            break;
        }
        case OPT_RULES:
            opt->rules_dir = optarg;
            break;
        case OPT_CONFIG:
            opt->config_path = optarg;
            break;
        case 'j': {
            long v;
            if (parse_long("-j", optarg, 1, 256, &v) != 0)
                return -1;
            opt->jobs = (unsigned)v;
            break;
        }
        case OPT_STDIN_FILENAME:
            opt->stdin_filename = optarg;
            break;
        case OPT_STRICT:
            opt->strict = true;
            break;
        case OPT_NO_COLOR:
            opt->no_color = true;
            break;
        case 'q':
            opt->quiet = true;
            break;
        case 'h':
            opt->command = CMD_HELP;
            return 0;
        case OPT_VERSION:
            opt->command = CMD_VERSION;
            return 0;
        case 'o':
            opt->output_dir = optarg;
            break;
        case OPT_SECRETS_FILE:
            opt->secrets_file = optarg;
            break;
        case OPT_CACERT:
            opt->cacert = optarg;
            break;
        case OPT_CALL:
            if (opt->ncalls == CLI_MAX_CALLS) {
                cli_error("at most %d --call options", CLI_MAX_CALLS);
                return -1;
            }
            opt->calls[opt->ncalls++] = optarg;
            break;
        case OPT_INPUT:
            if (optarg[0] == '=' || !strchr(optarg, '=')) {
                cli_error("--input needs NAME=VALUE");
                return -1;
            }
            if (opt->ninputs == CLI_MAX_INPUTS) {
                cli_error("at most %d --input options", CLI_MAX_INPUTS);
                return -1;
            }
            opt->inputs[opt->ninputs++] = optarg;
            break;
        case OPT_VERBOSE:
            opt->verbose = true;
            break;
        case OPT_FOLLOW_SYMLINKS:
            opt->follow_symlinks = true;
            break;
        case OPT_EMIT:
            if (strcmp(optarg, "terraform") != 0) {
                cli_error("unknown --emit target '%s'; use terraform", optarg);
                return -1;
            }
            opt->emit_terraform = true;
            break;
        case ':':
            cli_error("option '%s' needs a value", sub_argv[optind - 1]);
            return -1;
        default:
            if (optopt)
                cli_error("unknown option '-%c'; see 'dacc --help'", optopt);
            else
                cli_error("unknown option '%s'; see 'dacc --help'", sub_argv[optind - 1]);
            return -1;
        }
    }
    opt->paths = sub_argv + optind;
    opt->npaths = (size_t)(sub_argc - optind);

    if (opt->command == CMD_LINT && opt->npaths == 0) {
        cli_error("lint needs at least one PATH (a file, a directory, or - for standard input)");
        return -1;
    }
    if (opt->command == CMD_BUILD) {
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
    } else if (opt->output_dir || opt->emit_terraform) {
        cli_error("-o and --emit are options of build only");
        return -1;
    }
    if (opt->command == CMD_LIVE) {
        if (opt->npaths == 0) {
            cli_error("live needs at least one PATH holding the token action (and the --call actions)");
            return -1;
        }
        if (opt->format != FORMAT_TEXT && opt->format != FORMAT_JSON) {
            cli_error("live reports in text or json only");
            return -1;
        }
    } else if (opt->secrets_file || opt->cacert || opt->ncalls || opt->ninputs || opt->verbose) {
        cli_error("--secrets-file, --cacert, --call, --input and --verbose are options of live only");
        return -1;
    }
    if (opt->command == CMD_EXPLAIN) {
        if (opt->npaths != 1) {
            cli_error("explain needs exactly one rule slug; 'dacc rules' lists them");
            return -1;
        }
        opt->explain_slug = opt->paths[0];
    }
    if (opt->command == CMD_RULES && opt->npaths != 0) {
        cli_error("rules takes no arguments");
        return -1;
    }
    return 0;
}

bool cli_color(const struct options *opt, int fd)
{
    return !opt->no_color && !getenv("NO_COLOR") && isatty(fd);
}

struct report_opts cli_report_opts(const struct options *opt, int fd)
{
    return (struct report_opts){ .color = cli_color(opt, fd), .quiet = opt->quiet };
}
