#!/usr/bin/env bash
# Generate a synthetic corpus of Genesys Cloud Data Action definitions for benchmarking dacc.
#
#   bench/gen-corpus.sh [--flows M FLOWDIR] N DIR [SEED]
#
# Writes N files into DIR (created if needed): about 85 % pretty-printed JSON shaped like the
# Admin > Integrations > Actions export, about 15 % YAML (block style) with the same structure.
# Files are named NNNNN-<slug>.custom.json / .custom.yaml (.customAuth.* for the few
# custom-authentication actions), one action per file.
#
# Mix of clean actions: custom-rest-actions GETs (single resource and paginated searches),
# JSON-body writes (POST/PUT/PATCH), platform (purecloud-data-actions) calls on /api/v2 paths,
# OAuth2 client-credentials token requests done right, custom-authentication actions. Sizes vary
# from 1 to 60 translation-map entries; large writes carry long multi-line request templates.
# A few JSON files use CRLF line endings, about half lack a final newline (as real exports do).
#
# Exactly round(N/10) files carry one planted violation each, kinds assigned in turn:
#   timeout-missing            config.timeoutSeconds absent                  -> timeout
#   timeout-30                 config.timeoutSeconds is 30 (limit is 5 s)    -> timeout
#   insecure-url               requestUrlTemplate is http://                 -> insecure-url
#   request-type-fetch         requestType "FETCH"                           -> schema
#   secret-client-secret-form  token request with a literal client_secret=   -> plaintext-secret,token-request-form
#
# DIR/labels.tsv: one line per file, no header: file (relative to DIR) TAB kind ("clean" or one
# of the above) TAB rule slugs expected to fire at error level ("-" for clean files).
#
# The output depends only on N and SEED (default 42): the random generator is implemented in
# the awk program itself, so mawk and gawk produce the same bytes. One awk process writes every
# file, so 10,000 files take a second or two.
#
# GEN_FORMAT=json or GEN_FORMAT=yaml (environment) writes every file in that syntax with the same
# content otherwise; it exists to test the two writers against each other.
#
# If DIR already holds a corpus made by this script (it has labels.tsv), that corpus's files are
# removed first; any other non-empty DIR is refused.
#
# --flows M FLOWDIR also writes M Architect flows (Archy YAML) into FLOWDIR, after the actions and
# from a random stream of their own, so the action files are the same bytes with or without it.
# About 70 % are workflows, 30 % inboundCall (voice) flows; each has 1 to 6 Call Data Action steps,
# each calling a clean, non-token action of DIR by its name, under its category (the action's
# own when it has one), binding every required input and about half of the optional ones (string
# inputs now and then to a literal, the rest to flow variables of the contract's type, which the
# flow declares), some of the success outputs, and in workflows a failure output or two (voice
# flows have none). Exactly round(M/10) flows carry one planted mistake in their first step,
# kinds in turn:
#   flow-unknown-input     an input renamed (its name + "Ref")              -> flow-contract
#   flow-missing-required  a required input left out                        -> flow-contract
#   flow-unknown-output    a success output the contract lacks (misspelt)   -> flow-contract
#   flow-unknown-action    the action's name misspelt (a letter dropped)    -> flow-call
# FLOWDIR/labels.tsv lists them as DIR/labels.tsv lists the actions. Lint them together:
# dacc lint DIR FLOWDIR (flow-call looks the actions up among the files of the run).
set -euo pipefail

usage() {
  echo "usage: gen-corpus.sh [--flows M FLOWDIR] N DIR [SEED]" >&2
  exit 2
}
flows=0
flowdir=
if [ "${1:-}" = --flows ]; then
  [ $# -ge 3 ] || usage
  flows=$2
  flowdir=$3
  shift 3
  case $flows in '' | *[!0-9]*) usage ;; esac
  [ -n "$flowdir" ] || usage
fi
if [ $# -lt 2 ] || [ $# -gt 3 ]; then usage; fi
n=$1
dir=$2
seed=${3:-42}
case $n in '' | *[!0-9]*) usage ;; esac
case $seed in '' | *[!0-9]*) usage ;; esac

# an earlier corpus of this script in D (its labels.tsv) is removed; any other file refuses D
fresh() {
  mkdir -p -- "$1"
  if [ -f "$1/labels.tsv" ]; then
    (cd -- "$1" && cut -f1 labels.tsv | tr '\n' '\0' | xargs -0 -r rm -f -- && rm -f labels.tsv)
  elif [ -n "$(ls -A -- "$1")" ]; then
    echo "gen-corpus.sh: '$1' is not empty and holds no earlier corpus (no labels.tsv); refusing to mix files" >&2
    exit 2
  fi
}
fresh "$dir"
[ -z "$flowdir" ] || fresh "$flowdir"

prog=$(
  cat <<'AWK'
# ---------------------------------------------------------------- random numbers
# Park-Miller "minimal standard" generator (multiplier 48271): every product stays below 2^47,
# so it is exact in awk's doubles and identical in every awk.
function rnd() { st = (st * 48271) % 2147483647; return (st - 1) / 2147483646 }
function ri(a, b) { return a + int(rnd() * (b - a + 1)) }
function pick(arr, cnt) { return arr[ri(1, cnt)] }
function randstr(alpha, len,   s, i, m) {
  s = ""; m = length(alpha)
  for (i = 0; i < len; i++) s = s substr(alpha, ri(1, m), 1)
  return s
}
function uuid() {
  return randstr(HEX, 8) "-" randstr(HEX, 4) "-4" randstr(HEX, 3) "-" substr("89ab", ri(1, 4), 1) randstr(HEX, 3) "-" randstr(HEX, 12)
}
function cap(w) { return toupper(substr(w, 1, 1)) substr(w, 2) }

# ---------------------------------------------------------------- document tree
# Node id -> T (o object, a array, s string, n number, b boolean), V (scalar text), K (member
# name), NC (child count), C[id, i] (i-th child). Children keep insertion order.
function reset() { split("", T); split("", V); split("", K); split("", NC); split("", C); nn = 0 }
function node(type, val) { nn++; T[nn] = type; V[nn] = val; NC[nn] = 0; return nn }
function add(p, key, c) { NC[p]++; C[p, NC[p]] = c; K[c] = key; return c }
function obj(p, key) { return add(p, key, node("o", "")) }
function arr(p, key) { return add(p, key, node("a", "")) }
function str(p, key, v) { return add(p, key, node("s", v)) }
function num(p, key, v) { return add(p, key, node("n", v)) }
function boo(p, key, v) { return add(p, key, node("b", v ? "true" : "false")) }

# ---------------------------------------------------------------- emitters
function repl(s, from, to,   out, i, lf) {
  if (index(s, from) == 0) return s
  out = ""; lf = length(from)
  while ((i = index(s, from)) > 0) { out = out substr(s, 1, i - 1) to; s = substr(s, i + lf) }
  return out s
}
function jstr(s) {
  s = repl(s, "\\", "\\\\"); s = repl(s, "\"", "\\\""); s = repl(s, "\n", "\\n"); s = repl(s, "\t", "\\t")
  return "\"" s "\""
}
# JSON, two-space indentation like the Genesys export; nl is "\n" or "\r\n".
function jemit(id, ind, nl,   s, i, c, m, isobj) {
  if (T[id] == "s") return jstr(V[id])
  if (T[id] == "n" || T[id] == "b") return V[id]
  isobj = (T[id] == "o"); m = NC[id]
  if (m == 0) return isobj ? "{}" : "[]"
  s = isobj ? "{" : "["
  for (i = 1; i <= m; i++) {
    c = C[id, i]
    s = s nl SP[ind + 1] (isobj ? jstr(K[c]) ": " : "") jemit(c, ind + 1, nl) (i < m ? "," : "")
  }
  return s nl SP[ind] (isobj ? "}" : "]")
}
# YAML 1.2 plain scalar when unambiguous, else single quotes, else double quotes.
function yq(s,   c, l) {
  if (s == "") return "\"\""
  c = substr(s, 1, 1); l = tolower(s)
  if (index("-?:,[]{}#&*!|>'\"%@`~< ", c) || substr(s, length(s)) == " " || substr(s, length(s)) == ":" ||
      index(s, ": ") || index(s, " #") || index(s, "\t") || index(s, "\n") || index(s, "\\") ||
      l ~ /^(true|false|null|yes|no|on|off|y|n)$/ || c ~ /[0-9+.]/) {
    if (index(s, "'") == 0 && index(s, "\n") == 0 && index(s, "\\") == 0 && index(s, "\t") == 0) return "'" s "'"
    return jstr(s)
  }
  return s
}
# A multi-line string becomes a literal block scalar (|-) when that round-trips exactly.
function yscalar(id, ind,   s, nl, i, out, L) {
  if (T[id] != "s") return V[id]
  s = V[id]
  if (index(s, "\n") && substr(s, length(s)) != "\n" && substr(s, 1, 1) != " " && index(s, "\t") == 0 &&
      index(s, "\r") == 0 && s !~ / \n/ && s !~ / $/) {
    nl = split(s, L, "\n"); out = "|-"
    for (i = 1; i <= nl; i++) out = out "\n" (L[i] == "" ? "" : SP[ind + 1] L[i])
    return out
  }
  return yq(s)
}
function yemit(id, ind,   out, i, c, m, lead) {
  out = ""; m = NC[id]
  for (i = 1; i <= m; i++) {
    c = C[id, i]
    lead = SP[ind] (T[id] == "o" ? yq(K[c]) ":" : "-")
    if (T[c] == "o" || T[c] == "a") {
      if (NC[c] == 0) out = out lead (T[c] == "o" ? " {}" : " []") "\n"
      else out = out lead "\n" yemit(c, ind + 1)
    } else out = out lead " " yscalar(c, ind) "\n"
  }
  return out
}

# ---------------------------------------------------------------- tables
function tables(   i, nf, parts, f) {
  HEX = "0123456789abcdef"
  ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
  SP[0] = ""; for (i = 1; i <= 60; i++) SP[i] = SP[i - 1] "  "
  ND = split("crm billing orders loyalty ticketing accounts shipping inventory claims policies payments scheduling", DOM, " ")
  split("CRM Billing Orders Loyalty Ticketing Accounts Shipping Inventory Claims Policies Payments Scheduling", DOMD, " ")
  NN = split("customer:customers order:orders invoice:invoices account:accounts ticket:tickets shipment:shipments " \
    "member:members policy:policies claim:claims contact:contacts subscription:subscriptions device:devices " \
    "case:cases appointment:appointments", nouns, " ")
  for (i = 1; i <= NN; i++) { split(nouns[i], parts, ":"); NOUN[i] = parts[1]; PLUR[i] = parts[2] }
  # name:type:personal-data flag
  nf = split("firstName:string:1 lastName:string:1 email:string:1 phoneNumber:string:1 dateOfBirth:string:1 " \
    "postalCode:string:1 status:string:0 tier:string:0 balance:number:0 createdDate:string:0 region:string:0 " \
    "language:string:0 segment:string:0 openTickets:integer:0 loyaltyPoints:integer:0 accountManager:string:0 " \
    "city:string:0 country:string:0 vipFlag:boolean:0 churnRisk:number:0 preferredChannel:string:0 dueDate:string:0 " \
    "amount:number:0 currency:string:0 priority:integer:0 assignee:string:0 trackingNumber:string:0 carrier:string:0 " \
    "eta:string:0 plan:string:0 renewalDate:string:0 externalRef:string:0 queueName:string:0 wrapupCode:string:0 " \
    "notes:string:0 lastContactDate:string:0 caseNumber:string:0 subject:string:0 summary:string:0 ownerId:string:0 " \
    "orgUnit:string:0 satisfactionScore:integer:0 escalated:boolean:0 productCode:string:0 quantity:integer:0 " \
    "discountRate:number:0 timezone:string:0 agentNotes:string:0", flist, " ")
  NFLD = nf
  for (i = 1; i <= nf; i++) { split(flist[i], parts, ":"); FN[i] = parts[1]; FT[i] = parts[2]; FPD[i] = parts[3] + 0 }
  NPAG = split("limit=25&offset=0|limit=50&offset=0|pageSize=25&pageNumber=1|pageSize=100&pageNumber=1|page=1&per_page=50", PAG, "|")
  NTO = split("1 2 3 3 4 5 5 5 5", TOS, " ")
  NKIND = split("timeout-missing timeout-30 insecure-url request-type-fetch secret-client-secret-form", KIND, " ")
  RULE["timeout-missing"] = "timeout"; RULE["timeout-30"] = "timeout"; RULE["insecure-url"] = "insecure-url"
  RULE["request-type-fetch"] = "schema"; RULE["secret-client-secret-form"] = "plaintext-secret,token-request-form"
}

# ---------------------------------------------------------------- action parts
# Choose nf distinct fields into SEL (names), SELT (types); returns whether any is personal data.
function choose_fields(nf,   o, k, j, round, pers) {
  o = ri(0, NFLD - 1); pers = 0; NSEL = nf
  for (k = 1; k <= nf; k++) {
    j = (o + k - 1) % NFLD + 1; round = int((o + k - 1) / NFLD)
    SEL[k] = FN[j] (round > 0 ? round + 1 : ""); SELT[k] = FT[j]
    if (FPD[j]) pers = 1
  }
  return pers
}
function host(dom,   r) {
  r = rnd()
  if (r < 0.6) return "api." dom ".example.com"
  if (r < 0.85) return dom ".example.net/api"
  return "gateway.example.org/" dom
}
function schema_base(p, key, title,   s) {
  s = obj(p, key)
  if (rnd() < 0.85) str(s, "$schema", "http://json-schema.org/draft-04/schema#")
  if (rnd() < 0.7) str(s, "title", title)
  if (rnd() < 0.4) str(s, "description", title " for " NAME)
  str(s, "type", "object")
  return s
}
function prop(props, name, type, desc,   p, it) {
  p = obj(props, name); str(p, "type", type)
  if (type == "array") { it = obj(p, "items"); str(it, "type", "string") }
  if (desc != "") str(p, "description", desc)
  return p
}
function tdefault(type) {
  if (type == "string") return rnd() < 0.5 ? "\"\"" : "\"unknown\""
  if (type == "boolean") return "false"
  if (type == "array") return "[]"
  return "0"
}
# Input reference inside a JSON body: strings quoted and escaped, other types bare.
function body_ref(name, type) {
  if (type == "string") return "\"$esc.jsonString(${input." name "})\""
  return "${input." name "}"
}
# JSON body over SEL[from..to], multi-line (as typed in the admin UI) or compact.
function json_body(from, to, wrap, extra,   multi, s, k, sep, ind, close_) {
  multi = (to - from >= 3) ? (rnd() < 0.8) : (rnd() < 0.4)
  sep = multi ? ",\n" : ", "
  ind = multi ? (wrap != "" ? "    " : "  ") : ""
  s = "{" (multi ? "\n" : "")
  if (wrap != "") s = s (multi ? "  " : "") "\"" wrap "\": {" (multi ? "\n" : "")
  if (extra != "") s = s ind extra (to >= from ? sep : "")
  for (k = from; k <= to; k++) s = s ind "\"" SEL[k] "\": " body_ref(SEL[k], SELT[k]) (k < to ? sep : "")
  if (wrap != "") s = s (multi ? "\n  }" : "}")
  s = s (multi ? "\n}" : "}")
  return s
}
function auth_header(h, d,   r) {
  r = rnd()
  if (r < 0.25) return
  if (r < 0.50) str(h, "Authorization", "Bearer ${credentials.accessToken}")
  else if (r < 0.65) str(h, "Authorization", "Basic $encoding.base64(\"${credentials.username}:${credentials.password}\")")
  else if (r < 0.78) str(h, "x-api-key", "{{ secrets." d "ApiKey }}")
  else if (r < 0.90) str(h, "Authorization", "Bearer << secrets." d "Token >>")
  else str(h, "X-API-Key", "${credentials.apiKey}")
}
function misc_headers(h) {
  if (rnd() < 0.5) str(h, rnd() < 0.8 ? "Accept" : "accept", "application/json")
  if (rnd() < 0.04) str(h, "X-Tenant-Id", uuid())
  if (rnd() < 0.08) str(h, "User-Agent", "GenesysCloud-DataActions/1.0")
  if (rnd() < 0.05) str(h, "Accept-Language", "en-US")
}
# Response part: translation map over OUTN/OUTT/OUTP (alias, type, JSONPath), defaults for most.
function response(cfg,   r, tm, td, k, st) {
  r = obj(cfg, "response"); tm = obj(r, "translationMap"); td = obj(r, "translationMapDefaults")
  st = "{"
  for (k = 1; k <= NOUT; k++) {
    str(tm, OUTN[k], OUTP[k])
    if (rnd() < 0.75) str(td, OUTN[k], tdefault(OUTT[k]))
    st = st (k > 1 ? ", " : "") "\"" OUTN[k] "\": ${" OUTN[k] "}"
  }
  str(r, "successTemplate", st "}")
}
function out_add(name, type, path) { NOUT++; OUTN[NOUT] = name; OUTT[NOUT] = type; OUTP[NOUT] = path }
function in_add(name, type, req) { NIN++; INN[NIN] = name; INT[NIN] = type; INR[NIN] = req }
function contract(root,   c, ci, co, s, props, rq, k, nreq) {
  c = obj(root, "contract")
  ci = obj(c, "input"); s = schema_base(ci, "inputSchema", "Request")
  nreq = 0; for (k = 1; k <= NIN; k++) if (INR[k]) nreq++
  if (nreq > 0) { rq = arr(s, "required"); for (k = 1; k <= NIN; k++) if (INR[k]) str(rq, "", INN[k]) }
  props = obj(s, "properties")
  for (k = 1; k <= NIN; k++) prop(props, INN[k], INT[k], rnd() < 0.5 ? "The " INN[k] " to send" : "")
  if (rnd() < 0.6) boo(s, "additionalProperties", 1)
  co = obj(c, "output"); s = schema_base(co, "successSchema", "Response")
  props = obj(s, "properties")
  for (k = 1; k <= NOUT; k++) prop(props, OUTN[k], OUTT[k], rnd() < 0.3 ? OUTN[k] " as returned by the service" : "")
  if (rnd() < 0.6) boo(s, "additionalProperties", 1)
}

# ---------------------------------------------------------------- one file
function gen(i,   kind, ak, r, nf, d, dd, ni, noun, plur, ver, h, url, pers, pfx, k, q, qn, pag, verb,
             root, cfg, req, hdr, rtype, tmpl, itype, atype, secure, name, slug, fname, text, timeout, body,
             yaml, nl, eol, secret, upto, id, hdr_obj, cat) {
  reset(); NIN = 0; NOUT = 0
  kind = (i in VIOL) ? VIOL[i] : "clean"
  if (kind == "secret-client-secret-form") ak = "token"
  else if (kind == "insecure-url") ak = rnd() < 0.6 ? "rest-get" : "rest-write"
  else if (kind == "request-type-fetch") ak = rnd() < 0.6 ? "rest-get" : "pc-get"
  else {
    r = rnd()
    ak = r < 0.30 ? "rest-get" : r < 0.45 ? "rest-search" : r < 0.65 ? "rest-write" : r < 0.78 ? "pc-get" : \
         r < 0.88 ? "pc-write" : r < 0.96 ? "token" : "auth"
    if (kind != "clean" && (ak == "token" || ak == "auth")) ak = "rest-get"
  }
  r = rnd(); nf = r < 0.55 ? ri(1, 4) : r < 0.90 ? ri(5, 20) : ri(21, 60)
  d = ri(1, ND); dd = DOMD[d]; ni = ri(1, NN); noun = NOUN[ni]; plur = PLUR[ni]; ver = ri(1, 3)
  h = host(DOM[d]); pers = choose_fields(nf)
  itype = "custom-rest-actions"; atype = "custom"; tmpl = "${input.rawRequest}"; rtype = "GET"
  timeout = TOS[ri(1, NTO)]; secure = pers; hdr = ""

  root = node("o", "")
  if (ak == "rest-get") {
    id = noun "Id"; in_add(id, "string", 1)
    url = "https://" h "/v" ver "/" plur "/${input." id "}" (rnd() < 0.2 ? "?expand=details" : "")
    name = "Get " cap(noun) " by Id"
    r = rnd(); pfx = r < 0.4 ? "$." : r < 0.7 ? "$.data." : "$." noun "."
    for (k = 1; k <= nf; k++) out_add(SEL[k], SELT[k], pfx SEL[k])
  } else if (ak == "rest-search") {
    r = rnd(); q = r < 0.4 ? "email" : r < 0.8 ? "phoneNumber" : "externalRef"
    qn = q == "email" ? "Email" : q == "phoneNumber" ? "Phone Number" : "External Reference"
    in_add(q, "string", 1); if (q != "externalRef") secure = 1
    pag = PAG[ri(1, NPAG)]
    url = "https://" h "/v" ver "/" plur "?" q "=$esc.url(${input." q "})&" pag
    name = "Find " cap(noun) " by " qn
    r = rnd(); pfx = r < 0.4 ? "$.entities[0]." : r < 0.7 ? "$.results[0]." : "$.items[0]."
    for (k = 1; k <= nf; k++) out_add(SEL[k], SELT[k], pfx SEL[k])
    if (rnd() < 0.5) out_add("total", "integer", "$.total")
    if (rnd() < 0.25) out_add(noun "Ids", "array", substr(pfx, 1, length(pfx) - 4) "[*].id")
  } else if (ak == "rest-write") {
    r = rnd(); verb = r < 0.5 ? "POST" : r < 0.8 ? "PATCH" : "PUT"; rtype = verb
    name = (verb == "POST" ? "Create " : verb == "PATCH" ? "Update " : "Replace ") cap(noun)
    url = "https://" h "/v" ver "/" plur
    if (verb != "POST") { id = noun "Id"; in_add(id, "string", 1); url = url "/${input." id "}" }
    for (k = 1; k <= nf; k++) in_add(SEL[k], SELT[k], k <= 2)
    tmpl = json_body(1, nf, rnd() < 0.2 ? "data" : "", rnd() < 0.3 ? "\"source\": \"genesys-cloud\"" : "")
    out_add("id", "string", "$.id")
    upto = nf < 3 ? nf : 3
    for (k = 1; k <= upto; k++) out_add(SEL[k], SELT[k], "$." SEL[k])
  } else if (ak == "pc-get") {
    itype = "purecloud-data-actions"; r = rnd(); dd = "Genesys Cloud"
    if (r < 0.35) {
      in_add("conversationId", "string", 1); url = "/api/v2/conversations/${input.conversationId}"
      name = "Get Conversation Attributes"; pfx = "$.participants[0].attributes."
    } else if (r < 0.55) {
      in_add("userId", "string", 1); url = "/api/v2/users/${input.userId}?expand=presence"
      name = "Get User Details"; pfx = "$."
    } else if (r < 0.70) {
      in_add("contactId", "string", 1); url = "/api/v2/externalcontacts/contacts/${input.contactId}"
      name = "Get External Contact"; pfx = "$."
    } else if (r < 0.85) {
      in_add("datatableId", "string", 1); in_add("rowKey", "string", 1)
      url = "/api/v2/flows/datatables/${input.datatableId}/rows/$esc.url(${input.rowKey})?showbrief=false"
      name = "Get Data Table Row"; pfx = "$."
    } else {
      in_add("queueName", "string", 1)
      url = "/api/v2/routing/queues?name=$esc.url(${input.queueName})&pageSize=25&pageNumber=1"
      name = "Find Queue by Name"; pfx = "$.entities[0]."
      out_add("queueId", "string", "$.entities[0].id")
    }
    for (k = 1; k <= nf; k++) if (SEL[k] != "queueName") out_add(SEL[k], SELT[k], pfx SEL[k])
  } else if (ak == "pc-write") {
    itype = "purecloud-data-actions"; r = rnd(); dd = "Genesys Cloud"
    if (r < 0.4) {
      rtype = "PATCH"; in_add("conversationId", "string", 1); in_add("participantId", "string", 1)
      url = "/api/v2/conversations/calls/${input.conversationId}/participants/${input.participantId}/attributes"
      name = "Set Participant Attributes"; body = "attributes"
    } else if (r < 0.7) {
      rtype = "POST"; in_add("datatableId", "string", 1); in_add("rowKey", "string", 1)
      url = "/api/v2/flows/datatables/${input.datatableId}/rows"
      name = "Insert Data Table Row"; body = ""
    } else {
      rtype = "PUT"; in_add("contactId", "string", 1)
      url = "/api/v2/externalcontacts/contacts/${input.contactId}"
      name = "Update External Contact"; body = ""
    }
    for (k = 1; k <= nf; k++) in_add(SEL[k], SELT[k], 0)
    tmpl = json_body(1, nf, body, name == "Insert Data Table Row" ? "\"key\": \"$esc.jsonString(${input.rowKey})\"" : "")
    if (body == "attributes") out_add("updated", "boolean", "$.updated")
    else out_add("id", "string", "$.id")
  } else {   # token or custom-authentication action
    if (ak == "auth") atype = "customAuth"
    secure = 1; rtype = "POST"; nf = 0
    r = rnd()
    if (r < 0.5) url = "https://login." DOM[d] ".example.com/oauth/token"
    else if (r < 0.8) url = "https://auth." DOM[d] ".example.com/oauth2/token"
    else { in_add("tenantId", "string", 1); url = "https://login.identity.example.com/${input.tenantId}/oauth2/v2.0/token" }
    name = ak == "auth" ? "Client Credentials Login" : "Get Access Token"
    hdr = "form"
    secret = kind == "secret-client-secret-form" ? randstr(ALNUM, 40) : ""
    r = rnd()
    if (secret != "" || r < 0.45) {
      tmpl = "grant_type=client_credentials&client_id=${credentials.clientId}&client_secret=" \
        (secret != "" ? secret : "${credentials.clientSecret}")
      hdr = "form"
    } else if (r < 0.75) {
      tmpl = "grant_type=client_credentials"; hdr = "form-basic"
    } else {
      tmpl = "grant_type=client_credentials&client_id={{ secrets." DOM[d] "ClientId }}&client_secret={{ secrets." DOM[d] "ClientSecret }}"
    }
    if (rnd() < 0.6) tmpl = tmpl "&scope=" DOM[d] "%3Aread"
    out_add("access_token", "string", "$.access_token"); out_add("token_type", "string", "$.token_type")
    out_add("expires_in", "integer", "$.expires_in")
  }
  if (kind == "insecure-url") sub(/^https:/, "http:", url)
  if (kind == "request-type-fetch") rtype = "FETCH"
  if (kind == "timeout-30") timeout = 30
  if (kind == "timeout-missing" || atype == "customAuth") timeout = ""

  name = dd " - " name " " i
  NAME = name
  # --- assemble in export key order (a few files shuffle it, as hand-edited files do)
  str(root, "name", name)
  r = rnd()
  if (r < 0.1) boo(root, "secure", secure)
  str(root, "integrationType", itype)
  str(root, "actionType", atype)
  cat = ""
  if (rnd() < 0.3) { cat = dd; str(root, "category", dd) }
  cfg = obj(root, "config")
  if (timeout != "" && rnd() < 0.2) num(cfg, "timeoutSeconds", timeout)
  req = obj(cfg, "request")
  str(req, "requestUrlTemplate", url)
  str(req, "requestType", rtype)
  hdr_obj = obj(req, "headers")
  if (hdr == "form" || hdr == "form-basic") {
    if (hdr == "form-basic")
      str(hdr_obj, "Authorization", "Basic $encoding.base64(\"${credentials.clientId}:${credentials.clientSecret}\")")
    str(hdr_obj, rnd() < 0.8 ? "Content-Type" : "content-type", "application/x-www-form-urlencoded")
    str(hdr_obj, "Accept", "application/json")
  } else if (itype == "custom-rest-actions") {
    auth_header(hdr_obj, DOM[d])
    if (rtype != "GET" && rtype != "FETCH") str(hdr_obj, rnd() < 0.8 ? "Content-Type" : "content-type", "application/json")
    misc_headers(hdr_obj)
  } else if (rtype != "GET" && rtype != "FETCH" && rnd() < 0.5) str(hdr_obj, "Content-Type", "application/json")
  str(req, "requestTemplate", tmpl)
  response(cfg)
  if (timeout != "" && NC[cfg] == 2) num(cfg, "timeoutSeconds", timeout)
  contract(root)
  if (r >= 0.1) boo(root, "secure", secure)

  # --- write
  slug = tolower(name); gsub(/[^a-z0-9]+/, "-", slug); sub(/^-/, "", slug); sub(/-$/, "", slug)
  sub("-" i "$", "", slug)
  # same number of draws whatever the format, so GEN_FORMAT changes nothing but the syntax
  yaml = rnd() < 0.15; r = rnd(); nl = rnd() < 0.03 ? "\r\n" : "\n"; eol = rnd() < 0.5 ? nl : ""
  if (FORMAT != "") yaml = FORMAT == "yaml"
  fname = sprintf("%0" WIDTH "d", i) "-" slug "." atype "." (yaml ? "yaml" : "json")
  if (yaml) text = (r < 0.2 ? "# " name " (reviewed copy of the admin UI export)\n" : "") (r < 0.5 ? "---\n" : "") yemit(root, 0)
  else text = jemit(root, 0, nl) eol
  printf "%s", text > (DIR "/" fname)
  close(DIR "/" fname)
  printf "%s\t%s\t%s\n", fname, kind, (kind == "clean" ? "-" : RULE[kind]) > LABELS
  if (FLOWS > 0 && kind == "clean" && ak != "token" && ak != "auth")
    callable(name, cat != "" ? cat : itype == "purecloud-data-actions" ? "Genesys Cloud Data Actions" : \
             "Web Services Data Actions", secure)
}

# ---------------------------------------------------------------- flows
# Remember an action a flow may call: its name, the category a step names it under, whether
# it is secure, and its contract (INN/INT/INR, OUTN/OUTT).
function callable(name, category, secure,   k) {
  NCA++; CA_NAME[NCA] = name; CA_CAT[NCA] = category; CA_SEC[NCA] = secure
  CA_NIN[NCA] = NIN; CA_NOUT[NCA] = NOUT
  for (k = 1; k <= NIN; k++) { CA_IN[NCA, k] = INN[k]; CA_INTY[NCA, k] = INT[k]; CA_INR[NCA, k] = INR[k] }
  for (k = 1; k <= NOUT; k++) { CA_OUT[NCA, k] = OUTN[k]; CA_OUTTY[NCA, k] = OUTT[k] }
}
# Declare Flow.NAME of the contract type TYPE (the first declaration wins).
function flowvar(name, type) {
  if (("Flow." name) in VTYPE) return
  NVAR++; VNAME[NVAR] = "Flow." name; VTYPE["Flow." name] = type
}
function vartype(type) {
  return type == "integer" ? "integerVariable" : type == "number" ? "decimalVariable" : \
         type == "boolean" ? "booleanVariable" : type == "array" ? "stringCollectionVariable" : "stringVariable"
}
# One Call Data Action step calling action A, at indentation IND (the "- callData:" line), with
# the planted mistake KIND ("clean" for none).
function step(a, sno, voice, kind, ind,   s, p, k, key, name, nin, out, drop, m, w) {
  p = SP[ind + 1] "  "
  s = SP[ind] "- " (CA_SEC[a] ? "callDataSecure" : "callData") ":\n" p "name: " yq("Step " sno) "\n"
  if (voice) s = s p "processingPrompt:\n" p "  noValue: true\n"
  s = s p "timeout:\n" p "  lit:\n" p "    minutes: 1\n" p "category:\n" p "  " yq(CA_CAT[a]) ":\n"
  name = CA_NAME[a]
  if (kind == "flow-unknown-action") {   # drop a letter of the first word after the " - "
    m = index(name, " - "); w = m > 0 ? m + 4 : 2
    name = substr(name, 1, w - 1) substr(name, w + 1)
  }
  s = s p "    dataAction:\n" p "      " yq(name) ":\n"
  p = p "        "
  nin = ""; drop = 0
  for (k = 1; k <= CA_NIN[a]; k++) {
    key = CA_IN[a, k]
    if (!CA_INR[a, k] && rnd() >= 0.5) continue
    if (kind == "flow-missing-required" && CA_INR[a, k] && !drop) { drop = 1; continue }
    if (kind == "flow-unknown-input" && !drop) { drop = 1; key = key "Ref" }
    if (CA_INTY[a, k] == "string" && rnd() < 0.3)
      nin = nin p "  " yq(key) ":\n" p "    lit: " yq("sample " CA_IN[a, k]) "\n"
    else {
      flowvar(CA_IN[a, k], CA_INTY[a, k])
      nin = nin p "  " yq(key) ":\n" p "    exp: Flow." CA_IN[a, k] "\n"
    }
  }
  if (nin != "") s = s p "inputs:\n" nin
  out = ""
  for (k = 1; k <= CA_NOUT[a]; k++) {
    if (rnd() >= 0.6 && !(k == CA_NOUT[a] && out == "")) continue
    flowvar(CA_OUT[a, k], CA_OUTTY[a, k])
    out = out p "  " yq(CA_OUT[a, k]) ":\n" p "    var: Flow." CA_OUT[a, k] "\n"
  }
  if (kind == "flow-unknown-output") {   # the first output, misspelt: its last letter dropped
    key = substr(CA_OUT[a, 1], 1, length(CA_OUT[a, 1]) - 1)
    for (k = 1; k <= CA_NOUT[a]; k++) if (CA_OUT[a, k] == key) key = key "x"
    flowvar(key, "string")
    out = out p "  " yq(key) ":\n" p "    var: Flow." key "\n"
  }
  if (out != "") s = s p "successOutputs:\n" out
  if (!voice && rnd() < 0.6) {
    flowvar("errorCode", "string")
    s = s p "failureOutputs:\n" p "  errorCode:\n" p "    var: Flow.errorCode\n"
    if (rnd() < 0.4) { flowvar("errorMessage", "string"); s = s p "  userMessage:\n" p "    var: Flow.errorMessage\n" }
  }
  return s
}
function gen_flow(f,   kind, voice, nsteps, k, a, steps, name, text, fname, v, top, ref) {
  kind = (f in FVIOL) ? FVIOL[f] : "clean"
  voice = rnd() < 0.3; nsteps = ri(1, 6)
  split("", VTYPE); split("", VNAME); NVAR = 0
  steps = ""
  for (k = 1; k <= nsteps; k++) { a = ri(1, NCA); steps = steps step(a, k, voice, k == 1 ? kind : "clean", 5) }
  top = voice ? "inboundCall" : "workflow"
  name = (voice ? "Inbound call " : "Workflow ") f
  ref = voice ? "/inboundCall/tasks/task[Main_10]" : "/workflow/states/state[Start_10]"
  text = top ":\n  name: " name "\n  division: Home\n  startUpRef: " jstr(ref) "\n  defaultLanguage: en-us\n"
  if (voice)
    text = text "  supportedLanguages:\n    en-us:\n      defaultLanguageSkill:\n        noValue: true\n" \
      "      textToSpeech:\n        defaultEngine:\n          voice: Jill\n  initialGreeting:\n    tts: Welcome.\n" \
      "  settingsErrorHandling:\n    errorHandling:\n      disconnect:\n        none: true\n"
  else text = text "  supportedLanguages:\n    en-us:\n      none: true\n"
  if (NVAR) {
    text = text "  variables:\n"
    for (v = 1; v <= NVAR; v++)
      text = text "    - " vartype(VTYPE[VNAME[v]]) ":\n        name: " VNAME[v] "\n" \
        (voice ? "" : "        isInput: " (v == 1 ? "true" : "false") "\n")
  }
  text = text "  " (voice ? "tasks" : "states") ":\n    - " (voice ? "task" : "state") ":\n" \
    "        name: " (voice ? "Main" : "Start") "\n        refId: " (voice ? "Main_10" : "Start_10") "\n" \
    "        actions:\n" steps
  text = text (voice ? "          - disconnect:\n              name: Disconnect\n" : \
    "          - endWorkflow:\n              name: End Workflow\n              exitReason:\n                noValue: true\n")
  fname = "flow-" sprintf("%0" WIDTH "d", f) "." (voice ? "inbound-call" : "workflow") ".yaml"
  printf "%s", text > (FDIR "/" fname)
  close(FDIR "/" fname)
  printf "%s\t%s\t%s\n", fname, kind, (kind == "clean" ? "-" : FRULE[kind]) > FLABELS
}
function flows(   f, j, t, k, nvf) {
  if (NCA == 0) { printf "gen-corpus.sh: no clean action for a flow to call; make N larger\n" > "/dev/stderr"; exit 2 }
  st = (SEED * 7 + 12345) % 2147483646 + 1   # the flows' own stream: the actions are written already
  for (k = 0; k < 8; k++) rnd()
  NFK = split("flow-unknown-input flow-missing-required flow-unknown-output flow-unknown-action", FKIND, " ")
  FRULE["flow-unknown-input"] = "flow-contract"; FRULE["flow-missing-required"] = "flow-contract"
  FRULE["flow-unknown-output"] = "flow-contract"; FRULE["flow-unknown-action"] = "flow-call"
  for (f = 1; f <= FLOWS; f++) Q[f] = f
  for (f = FLOWS; f > 1; f--) { j = ri(1, f); t = Q[f]; Q[f] = Q[j]; Q[j] = t }
  nvf = int(FLOWS / 10 + 0.5)
  for (k = 1; k <= nvf; k++) FVIOL[Q[k]] = FKIND[(k - 1) % NFK + 1]
  FLABELS = FDIR "/labels.tsv"
  printf "" > FLABELS
  for (f = 1; f <= FLOWS; f++) gen_flow(f)
  close(FLABELS)
  printf "%d flows in %s (%d with a planted mistake), labels in %s\n", FLOWS, FDIR, nvf, FLABELS
}

BEGIN {
  N = ENVIRON["GEN_N"] + 0; DIR = ENVIRON["GEN_DIR"]; SEED = ENVIRON["GEN_SEED"] + 0
  FORMAT = ENVIRON["GEN_FORMAT"]; FLOWS = ENVIRON["GEN_FLOWS"] + 0; FDIR = ENVIRON["GEN_FLOW_DIR"]
  st = SEED % 2147483646 + 1
  for (i = 0; i < 8; i++) rnd()
  tables()
  WIDTH = length(N ""); if (WIDTH < 5) WIDTH = 5
  # pick the violating files: a seeded shuffle, then kinds in turn
  for (i = 1; i <= N; i++) P[i] = i
  for (i = N; i > 1; i--) { j = ri(1, i); t = P[i]; P[i] = P[j]; P[j] = t }
  nv = int(N / 10 + 0.5)
  for (k = 1; k <= nv; k++) VIOL[P[k]] = KIND[(k - 1) % NKIND + 1]
  LABELS = DIR "/labels.tsv"
  printf "" > LABELS
  for (i = 1; i <= N; i++) gen(i)
  close(LABELS)
  printf "%d files in %s (%d with a planted violation), labels in %s\n", N, DIR, nv, LABELS
  if (FLOWS > 0) flows()
}
AWK
)

GEN_N=$n GEN_DIR=$dir GEN_SEED=$seed GEN_FORMAT=${GEN_FORMAT:-} GEN_FLOWS=$flows GEN_FLOW_DIR=$flowdir exec awk "$prog"
