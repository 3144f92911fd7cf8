#!/usr/bin/env bash
# dacc under the real pre-commit framework (Debian's pre-commit package), as a
# team would run it: a scratch git repository with actions, a flow, the usual
# files that are not actions (a workflow, docker-compose.yml, package.json,
# tsconfig.json, .pre-commit-config.yaml itself) and dacc as a hook, both as a
# `repo: local` entry using an installed dacc and through this repository's
# .pre-commit-hooks.yaml (`pre-commit try-repo`, which reads the work tree).
# Checks: a bad action blocks the commit with dacc's message, a good one
# passes, the other files are never reported, a flow staged alone is checked
# against the actions .dacc.yaml's flows.actions names (an input renamed
# blocks it), and a duplicate name across two staged files is caught (the
# hook runs dacc once: require_serial).
#   tests/precommit/run.sh DACC
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
dacc=$(realpath "${1:?usage: tests/precommit/run.sh DACC}")
if ! command -v pre-commit >/dev/null; then
    echo "precommit: the pre-commit framework is not installed (apt-get install pre-commit); skipped"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 n=0
ok() { n=$((n + 1)); }
bad() { echo "FAIL precommit: $*"; fail=1; }

# dacc on PATH as an install would put it (the plugin beside it)
mkdir -p "$tmp/bin"
ln -s "$dacc" "$tmp/bin/dacc"
export PATH="$tmp/bin:$PATH" PRE_COMMIT_HOME="$tmp/cache" HOME="$tmp/home"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
mkdir -p "$HOME"

repo=$tmp/repo
mkdir -p "$repo/actions" "$repo/flows" "$repo/.github/workflows"
git -C "$repo" init -q -b main
cp fixtures/examples/clean/get-order-status.custom.json "$repo/actions/"
cat >"$repo/.pre-commit-config.yaml" <<YAML
repos:
  - repo: local
    hooks:
      - id: dacc
        name: dacc lint
        entry: dacc lint
        language: system
        types_or: [json, yaml]
        exclude: ^(\.dacc\.yaml|package(-lock)?\.json)$
        require_serial: true
YAML
# a commit that stages only a flow passes dacc only the flow: the actions it
# calls are known from .dacc.yaml (read for matching, their findings not reported)
printf 'flows:\n  actions: [actions]\n' >"$repo/.dacc.yaml"
cat >"$repo/.github/workflows/ci.yml" <<'YAML'
name: ci
on: [push]
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make check
YAML
cat >"$repo/docker-compose.yml" <<'YAML'
services:
  api:
    image: nginx:1.27
    ports: ["8080:80"]
YAML
printf '{\n  "name": "flows",\n  "version": "1.0.0",\n  "private": true\n}\n' >"$repo/package.json"
printf '{\n  "compilerOptions": {"strict": true, "target": "es2022"}\n}\n' >"$repo/tsconfig.json"
cat >"$repo/flows/order-status.yaml" <<'YAML'
workflow:
  name: Order status
  division: Home
  startUpRef: "/workflow/states/state[Start]"
  states:
    - state:
        name: Start
        refId: Start
        actions:
          - callData:
              name: Call Data Action
              timeout:
                lit:
                  minutes: 1
              category:
                Web Services Data Actions:
                  dataAction:
                    Get Order Status:
                      inputs:
                        orderId:
                          lit: "42"
YAML

commit() { # commit the staged files; $out holds what pre-commit printed
    out=$(cd "$repo" && git commit -q -m "$1" 2>&1)
}
unrelated='ci\.yml|docker-compose|package\.json|tsconfig|pre-commit-config'

(cd "$repo" && pre-commit install >/dev/null) || { bad "pre-commit install failed"; exit 1; }

# a good action and every other file: the commit passes, nothing else reported
(cd "$repo" && git add -A)
if commit "start"; then ok; else bad "a clean action with the usual files did not commit: $out"; fi
grep -Eq "$unrelated" <<<"$out" && bad "files that are not actions were reported: $out" || ok

# a bad action: blocked, with dacc's own message
sed 's/"requestType": "GET"/"requestType": "GET", "requestUrlTemplate": "https:\/\/api.example.com\/v1\/x?api_key=sk_live_4eC39HqLyjWDarjtT1zdp7dc"/' \
    fixtures/examples/clean/get-order-status.custom.json |
    jq '.name = "Leaky" | .config.request.requestUrlTemplate = "https://api.example.com/v1/x?api_key=sk_live_4eC39HqLyjWDarjtT1zdp7dc"' >"$repo/actions/leaky.custom.json"
(cd "$repo" && git add actions/leaky.custom.json)
if commit "leaky"; then bad "a bad action was committed"; else ok; fi
grep -q 'plaintext-secret' <<<"$out" && ok || bad "the blocked commit does not show dacc's finding: $out"
grep -q 'sk_live_4eC39HqLyjWDarjtT1zdp7dc' <<<"$out" && bad "the secret was printed" || ok
(cd "$repo" && git rm -q --cached actions/leaky.custom.json && rm actions/leaky.custom.json)

# a flow wired to an input its action does not have
sed 's/^\( *\)orderId:$/\1orderNumber:/' "$repo/flows/order-status.yaml" >"$tmp/flow" && cp "$tmp/flow" "$repo/flows/order-status.yaml"
(cd "$repo" && git add flows/order-status.yaml)
if commit "renamed input"; then bad "a flow wired to a renamed input was committed"; else ok; fi
grep -q "'orderNumber' is not an input of 'Get Order Status'.*flow-contract" <<<"$out" && ok ||
    bad "the blocked commit does not name the input: $out"
(cd "$repo" && git checkout -q HEAD -- flows/order-status.yaml)

# a duplicate name across two staged files
jq '.config.request.requestUrlTemplate = "https://api.example.com/v2/orders/${input.orderId}"' \
    fixtures/examples/clean/get-order-status.custom.json >"$repo/actions/get-order-status-v2.custom.json"
cp "$repo/actions/get-order-status-v2.custom.json" "$repo/actions/copy.custom.json"
(cd "$repo" && git add actions/)
if commit "two of a name"; then bad "two actions of one name were committed"; else ok; fi
grep -q 'duplicate-name' <<<"$out" && ok || bad "the duplicate name across two staged files was not reported: $out"
(cd "$repo" && git rm -q --cached actions/get-order-status-v2.custom.json actions/copy.custom.json)
rm "$repo/actions/get-order-status-v2.custom.json" "$repo/actions/copy.custom.json"

# this repository's own hook definition, as a remote entry would use it
out=$(cd "$repo" && pre-commit try-repo "$root" dacc --all-files 2>&1) && ok || bad "try-repo of this repository failed on a clean repository: $out"
grep -Eq "$unrelated" <<<"$out" && bad "try-repo reported files that are not actions: $out" || ok

[ "$fail" = 0 ] && echo "precommit: $n checks passed (pre-commit $(pre-commit --version | awk '{ print $2 }'))"
exit "$fail"
