// A stand-in for a Genesys Cloud organisation, for `dacc pull` and for the proof
// with the official SDK (tests/pull/sdk-test.sh).  It serves the public corpus of
// admin-UI exports (a directory named on the command line, read, never copied) as
// an org's integrations and data actions, in the shapes of the Platform API that
// tests/pull/API.md describes, over TLS 1.2+ on 127.0.0.1.
//
// usage: node tests/pull/org-lab.mjs CERTDIR CORPUSDIR READYFILE
//   CERTDIR    ca.pem, server.pem, server.key from tests/live/gen-certs.sh, the
//              server certificate with the SANs login.dacc-lab.localhost,
//              api.dacc-lab.localhost, localhost and 127.0.0.1
//   CORPUSDIR  a directory of admin-UI export files (*.json), e.g.
//              ../shared/corpus/genesys-public
//   READYFILE  gets "port=P\npid=N\n" (written whole, by rename) once listening
// env:   LAB_SECRET_MAIN    lab-client's secret (required)
//        LAB_LOG_DIR        requests.log and tokens.log go here (required)
//        LAB_TOKEN_TTL      access-token lifetime in seconds (default 86399, as Genesys)
//        LAB_SLOW_MS        how long a slow page waits (default 8000)
//        LAB_RETRY_AFTER    the Retry-After of the 429 faults, seconds (default 1)
//        LAB_MAX_SECONDS    the lab exits by itself after this long (default 600)
// SIGTERM and SIGINT end the lab with status 0.
//
// One listener serves both host names.  A request for login.<anything> may only reach
// the token endpoint, one for api.<anything> only the API; 127.0.0.1 and localhost
// reach both (for clients that cannot resolve the names).  Clients: lab-client
// (LAB_SECRET_MAIN) and lab-noperm (the same secret): the API answers lab-noperm's
// tokens 403 missing.permissions, as an OAuth client without an integrations role gets.
//
// Routes (every /api/v2 route needs "Authorization: Bearer <token from /oauth/token>",
// 401 otherwise):
//   POST /oauth/token                       client credentials only (oidc-provider): Basic
//                                           or form client authentication; wrong secret 401
//                                           invalid_client; a JSON body 400
//   GET  /api/v2/integrations/actions       published actions, paged: pageSize 1..100
//        (default 25; past 100 or below 1: 400), pageNumber >= 1 (default 1), filters
//        category (exact), name (substring, any case), ids (comma list, at most 50),
//        secure=true|false, includeAuthActions=true (custom-authentication actions are
//        left out otherwise), includeConfig=true (config is left out otherwise), sortBy=
//        name|category|id, sortOrder=asc|desc (default: by id).  No contract: the list
//        takes no expand (SDK 262), contracts come from the per-action GET
//   GET  /api/v2/integrations/actions/drafts          the same, over drafts only
//   GET  /api/v2/integrations/actions/{id}            one action; ?expand=contract adds
//        the contract, ?includeConfig=true the config; 404 not.found for an unknown id
//   GET  /api/v2/integrations/actions/{id}/draft      its draft (404 when none)
//   GET  /api/v2/integrations               integrations, paged as above, filter integrationType
//   GET  /api/v2/integrations/{id}          one integration
// The envelope of a page: entities, pageSize, pageNumber, total, firstUri, selfUri,
// nextUri (when there is a next page), previousUri (when there is a previous one),
// lastUri, pageCount; a page past the last has no entities.  Errors have the
// Platform API's body: {message, code, status, contextId, details, errors}.
//
// Fault routes: any route above, behind a path prefix (a client given the API base
// https://HOST:PORT/fault/NAME uses them; the token endpoint works behind each one):
//   /fault/429/...        the first request for each URL (path and query) gets 429
//                         too.many.requests.retry.after, Retry-After: LAB_RETRY_AFTER (the
//                         body Genesys normalised 429s to in 2021); the next request for it is answered
//   /fault/429always/...  every API request gets that 429
//   /fault/slow/...       list pages past the first wait LAB_SLOW_MS, then answer
//   /fault/expire/...     a token whose first API use was the first page of a list
//                         expires after that page: its next request, anywhere, gets 401;
//                         a new token (first used on a later page) lives on
//   /fault/500/...        list pages past the first get 500 internal.server.error
//
// Lab routes (no token; plain JSON; not Genesys):
//   GET  /lab/manifest    what the org holds: each action's id, name, category,
//                         integrationId, integrationType, actionType, the corpus file it
//                         came from (null for one made by an edit), draft or published;
//                         the integrations; and each corpus file left out, with why
//   POST /lab/edit        change the org, body {"op": ..., ...}, answers the action:
//        {"op":"replace","id":ID,"path":"/config/request/requestUrlTemplate","value":V}
//             sets the member at that JSON Pointer (under the action entity) and bumps
//             the action's version; "op":"remove" with a path removes a member
//        {"op":"delete","id":ID}      removes the action
//        {"op":"add","integrationId":ID,"action":{name, config, contract, secure}}
//             publishes a new custom action in that integration
//   POST /lab/reset       back to the org as built from the corpus
//
// requests.log gets one line a request: "METHOD HOSTKIND PATH?QUERY STATUS" (HOSTKIND
// login, api or ip), and for the token endpoint " basic" or " form": how the client
// authenticated (an Authorization: Basic header, or not); tokens.log every access token
// issued, for the tests' leak search.
// Neither the client secret nor the Authorization header is ever logged.
//
// The org, built from CORPUSDIR's *.json files in name order: each admin-UI export
// (an object with name, integrationType and actionType) becomes an action in an
// integration of its integrationType; API-shaped files (no integrationType) and a file
// whose name builds to the same file name as an earlier one (dacc build's slug) are
// left out.  IDs are derived from the file names, so they are the same on every run:
// custom_-_<uuid> for a custom action, static_-_<uuid> for a static one, and
// customAuth_-_<integrationId> for a custom-authentication action, which gets a
// Web Services Data Actions integration of its own.  Integration names (the actions'
// category) are the types' display names; the Genesys Cloud and Web Services types
// are split over two integrations each so that category and type differ.  Two drafts:
// one of a published action (its request URL changed), one never published.
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import Provider from 'oidc-provider';

const [certDir, corpusDir, readyFile] = process.argv.slice(2);
if (!readyFile) {
  console.error('usage: node tests/pull/org-lab.mjs CERTDIR CORPUSDIR READYFILE');
  process.exit(2);
}
const need = (name) => {
  const v = process.env[name];
  if (!v) { console.error(`org-lab: ${name} is not set`); process.exit(2); }
  return v;
};
const secretMain = need('LAB_SECRET_MAIN');
const logDir = need('LAB_LOG_DIR');
const tokenTtl = Number(process.env.LAB_TOKEN_TTL || 86399);
const slowMs = Number(process.env.LAB_SLOW_MS || 8000);
const retryAfter = String(process.env.LAB_RETRY_AFTER || 1);
const maxSeconds = Number(process.env.LAB_MAX_SECONDS || 600);
const MAX_PAGE_SIZE = 100;
const log = (file, line) => fs.appendFileSync(path.join(logDir, file), `${line}\n`);

// ---------------------------------------------------------------- the org ---

// A UUID-shaped id that depends only on TEXT (so every run gives the same ids).
function uuidFrom(text) {
  const h = crypto.createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// dacc build's file name for an action name (README, "dacc build").
function slug(name) {
  const s = String(name).replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase();
  return s || `action-${crypto.createHash('sha256').update(String(name)).digest('hex').slice(0, 8)}`;
}

const TYPE_NAMES = {
  'purecloud-data-actions': 'Genesys Cloud Data Actions',
  'custom-rest-actions': 'Web Services Data Actions',
  'salesforce-datadip': 'Salesforce Data Actions',
  'aws-lambda-data-actions': 'AWS Lambda Data Actions',
  'zendesk-data-actions': 'Zendesk Data Actions',
  'microsoft-dynamics-data-actions': 'Microsoft Dynamics 365 Data Actions',
  'embedded-client-app': 'Client Application',
};
const SPLIT_TYPES = new Set(['purecloud-data-actions', 'custom-rest-actions']);

function integrationEntity(type, name, key) {
  const id = uuidFrom(`integration:${key}`);
  return {
    id,
    name,
    integrationType: {
      id: type,
      name: TYPE_NAMES[type] || type,
      description: `${TYPE_NAMES[type] || type} (dacc org lab)`,
      provider: 'genesys',
      category: type === 'embedded-client-app' ? 'Client Apps' : 'Data Actions',
      selfUri: `/api/v2/integrations/types/${type}`,
    },
    notes: '',
    intendedState: 'ENABLED',
    config: { current: { id: uuidFrom(`config:${key}`), selfUri: `/api/v2/integrations/${id}/config/current` } },
    reportedState: { code: 'ACTIVE', effective: 'Active' },
    attributes: {},
    selfUri: `/api/v2/integrations/${id}`,
  };
}

// The action entity, members in the order the API's Action model lists them.
function actionEntity(id, exp, integration) {
  const a = { id, name: exp.name, integrationId: integration.id, category: integration.name };
  if (exp.contract !== undefined) a.contract = exp.contract;
  a.version = 1;
  a.secure = exp.secure === true;
  if (exp.config !== undefined) a.config = exp.config;
  a.selfUri = `/api/v2/integrations/actions/${id}`;
  return a;
}

function readExports(dir) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const out = [];
  for (const file of files) {
    let exp;
    try {
      exp = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8').replace(/^\uFEFF/, ''));
    } catch (err) {
      out.push({ file, skip: `not JSON: ${err.message}` });
      continue;
    }
    if (!exp || typeof exp !== 'object' || Array.isArray(exp)) out.push({ file, skip: 'not an object' });
    else if (typeof exp.integrationType !== 'string' || typeof exp.actionType !== 'string') {
      out.push({ file, skip: 'not an admin-UI export (no integrationType and actionType): API-shaped' });
    } else out.push({ file, exp });
  }
  return out;
}

// Build the org from the corpus: integrations, actions and drafts, and what was left out.
function buildOrg(dir) {
  const org = { integrations: [], actions: new Map(), drafts: new Map(), sources: new Map(), skipped: [] };
  const byKey = new Map();
  const integrationFor = (type, key, name) => {
    if (!byKey.has(key)) {
      const integ = integrationEntity(type, name, key);
      byKey.set(key, integ);
      org.integrations.push(integ);
    }
    return byKey.get(key);
  };
  const seen = new Map();
  const count = new Map();
  for (const { file, exp, skip } of readExports(dir)) {
    if (skip) { org.skipped.push({ file, why: skip }); continue; }
    const s = slug(exp.name);
    if (seen.has(s)) {
      org.skipped.push({ file, why: `its name builds to ${s}, as ${seen.get(s)}'s does` });
      continue;
    }
    seen.set(s, file);
    const type = exp.integrationType;
    let integ;
    let id;
    if (exp.actionType === 'customAuth') {
      const base = String(exp.name).replace(/\s*\(Auth\)$/, '');
      integ = integrationFor(type, `auth:${file}`, base);
      id = `customAuth_-_${integ.id}`;
    } else {
      const n = (count.get(type) || 0) + 1;
      count.set(type, n);
      const second = SPLIT_TYPES.has(type) && n % 2 === 0;
      const name = (TYPE_NAMES[type] || type) + (second ? ' - Internal' : '');
      integ = integrationFor(type, `${type}:${second ? 2 : 1}`, name);
      id = `${exp.actionType === 'static' ? 'static' : 'custom'}_-_${uuidFrom(`action:${file}`)}`;
    }
    org.actions.set(id, actionEntity(id, exp, integ));
    org.sources.set(id, file);
  }
  integrationFor('embedded-client-app', 'app', 'Lab Client App');
  // two drafts: one of a published custom action, one never published
  const custom = [...org.actions.values()].filter((a) => a.id.startsWith('custom_-_'));
  if (custom.length > 0) {
    const first = structuredClone(custom[0]);
    if (first.config?.request) first.config.request.requestUrlTemplate += '?draft=1';
    first.version = 2;
    org.drafts.set(first.id, first);
    const fresh = structuredClone(custom[custom.length - 1]);
    fresh.id = `custom_-_${uuidFrom('draft:never-published')}`;
    fresh.name = `${fresh.name} (draft)`;
    fresh.selfUri = `/api/v2/integrations/actions/${fresh.id}`;
    org.drafts.set(fresh.id, fresh);
  }
  return org;
}

let org = buildOrg(corpusDir);

// ---------------------------------------------------------------- replies ---

function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers,
  });
  res.end(text);
}

// An error with the Platform API's body.
function apiError(res, status, code, message, headers = {}) {
  return sendJson(res, status, {
    message, code, status, contextId: crypto.randomUUID(), details: [], errors: [],
  }, headers);
}

function recordTokens(res) {
  const end = res.end.bind(res);
  res.end = (chunk, ...rest) => {
    try {
      const sent = JSON.parse(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
      if (sent && typeof sent.access_token === 'string') log('tokens.log', sent.access_token);
    } catch { /* not JSON: nothing issued */ }
    return end(chunk, ...rest);
  };
}

async function readBody(req, limit = 1 << 20) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// ---------------------------------------------------------------- the API ---

const truthy = (v) => String(v).toLowerCase() === 'true';

// What a list or single GET shows of action A.
function view(a, { contract, config }) {
  const v = {};
  for (const [k, val] of Object.entries(a)) {
    if (k === 'contract' && !contract) continue;
    if (k === 'config' && !config) continue;
    v[k] = val;
  }
  return v;
}

// A page of ITEMS for the query Q at PATHNAME, or an error already sent (null).
function page(res, pathname, q, items) {
  const rawSize = q.get('pageSize');
  const rawNumber = q.get('pageNumber');
  const pageSize = rawSize === null ? 25 : Number(rawSize);
  const pageNumber = rawNumber === null ? 1 : Number(rawNumber);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    apiError(res, 400, 'bad.request',
      `Value [${rawSize}] is not valid for field pageSize: allowed 1 to ${MAX_PAGE_SIZE}`);
    return null;
  }
  if (!Number.isInteger(pageNumber) || pageNumber < 1) {
    apiError(res, 400, 'bad.request', `Value [${rawNumber}] is not valid for field pageNumber: must be 1 or more`);
    return null;
  }
  const total = items.length;
  const pageCount = Math.ceil(total / pageSize);
  const uri = (n) => {
    const u = new URLSearchParams(q);
    u.set('pageSize', String(pageSize));
    u.set('pageNumber', String(n));
    return `${pathname}?${u.toString()}`;
  };
  const body = {
    entities: items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    pageSize, pageNumber, total, firstUri: uri(1), selfUri: uri(pageNumber),
  };
  if (pageNumber < pageCount) body.nextUri = uri(pageNumber + 1);
  if (pageNumber > 1) body.previousUri = uri(pageNumber - 1);
  body.lastUri = uri(Math.max(pageCount, 1));
  body.pageCount = pageCount;
  return body;
}

function listActions(res, pathname, q, source) {
  let items = [...source.values()];
  if (!truthy(q.get('includeAuthActions'))) items = items.filter((a) => !a.id.startsWith('customAuth_-_'));
  if (q.has('category')) items = items.filter((a) => a.category === q.get('category'));
  if (q.has('name')) {
    const want = q.get('name').toLowerCase();
    items = items.filter((a) => a.name.toLowerCase().includes(want));
  }
  if (q.has('ids')) {
    const ids = q.get('ids').split(',').filter(Boolean);
    if (ids.length > 50) return apiError(res, 400, 'bad.request', 'ids: at most 50 ids');
    items = items.filter((a) => ids.includes(a.id));
  }
  if (q.has('secure')) items = items.filter((a) => a.secure === truthy(q.get('secure')));
  const sortBy = q.get('sortBy') || 'id';
  if (!['id', 'name', 'category'].includes(sortBy)) {
    return apiError(res, 400, 'bad.request', `sortBy: ${sortBy} is not supported`);
  }
  const desc = (q.get('sortOrder') || 'asc').toLowerCase() === 'desc';
  const order = (x, y) => (x[sortBy] < y[sortBy] ? -1 : x[sortBy] > y[sortBy] ? 1 : x.id < y.id ? -1 : 1);
  items.sort((x, y) => order(x, y) * (desc ? -1 : 1));
  const config = truthy(q.get('includeConfig'));
  const body = page(res, pathname, q, items.map((a) => view(a, { contract: false, config })));
  if (body) sendJson(res, 200, body);
  return undefined;
}

function getAction(res, q, source, id, what) {
  const a = source.get(id);
  if (!a) return apiError(res, 404, 'not.found', `Unable to find ${what} with id ${id}`);
  const contract = (q.get('expand') || '').split(',').includes('contract');
  return sendJson(res, 200, view(a, { contract, config: truthy(q.get('includeConfig')) }));
}

function listIntegrations(res, pathname, q) {
  let items = org.integrations;
  if (q.has('integrationType')) items = items.filter((i) => i.integrationType.id === q.get('integrationType'));
  const body = page(res, pathname, q, items);
  if (body) sendJson(res, 200, body);
}

// The API routes proper (the token already checked).
function api(res, pathname, q) {
  const base = '/api/v2/integrations';
  if (pathname === `${base}/actions`) return listActions(res, pathname, q, org.actions);
  if (pathname === `${base}/actions/drafts`) return listActions(res, pathname, q, org.drafts);
  let m = /^\/api\/v2\/integrations\/actions\/([^/]+)\/draft$/.exec(pathname);
  if (m) return getAction(res, q, org.drafts, decodeURIComponent(m[1]), 'a draft');
  m = /^\/api\/v2\/integrations\/actions\/([^/]+)$/.exec(pathname);
  if (m) return getAction(res, q, org.actions, decodeURIComponent(m[1]), 'an action');
  if (pathname === base) return listIntegrations(res, pathname, q);
  m = /^\/api\/v2\/integrations\/([^/]+)$/.exec(pathname);
  if (m) {
    const integ = org.integrations.find((i) => i.id === decodeURIComponent(m[1]));
    if (!integ) return apiError(res, 404, 'not.found', `Unable to find an integration with id ${m[1]}`);
    return sendJson(res, 200, integ);
  }
  return apiError(res, 404, 'not.found', `No resource at ${pathname}`);
}

// ---------------------------------------------------------------- faults ---

const seenUrls = new Set();      // /fault/429: URLs already refused once
const expiredTokens = new Set(); // tokens expired by /fault/expire (or that will be)
const firstUse = new Map();      // token -> was its first API use page 1 of a list?

const isListPage = (pathname) => /\/actions(\/drafts)?$|\/integrations$/.test(pathname);
const pageNo = (q) => Number(q.get('pageNumber') || 1);

// Apply fault NAME before the route answers: true when it has answered.
async function fault(name, res, pathname, q, token) {
  const full = `${pathname}?${q.toString()}`;
  if (name === '429always' || (name === '429' && !seenUrls.has(full))) {
    seenUrls.add(full);
    apiError(res, 429, 'too.many.requests.retry.after',
      `Rate limit exceeded the maximum. Retry the request in [${retryAfter}] seconds`, { 'retry-after': retryAfter });
    return true;
  }
  const later = isListPage(pathname) && pageNo(q) > 1;
  if (name === 'slow' && later) await new Promise((done) => setTimeout(done, slowMs));
  if (name === '500' && later) {
    apiError(res, 500, 'internal.server.error', 'The server encountered an error');
    return true;
  }
  if (name === 'expire') {
    if (!firstUse.has(token)) firstUse.set(token, isListPage(pathname) && pageNo(q) === 1);
    else if (firstUse.get(token)) {
      expiredTokens.add(token);
      apiError(res, 401, 'authentication.required', 'Authentication is required, or the token has expired',
        { 'www-authenticate': 'Bearer realm="dacc-lab"' });
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------- the lab ---

function manifest() {
  const entry = (a, draft) => ({
    id: a.id, name: a.name, category: a.category, integrationId: a.integrationId,
    integrationType: org.integrations.find((i) => i.id === a.integrationId)?.integrationType.id ?? null,
    actionType: a.id.split('_-_')[0], source: org.sources.get(a.id) ?? null, draft,
    published: org.actions.has(a.id),
  });
  return {
    actions: [...org.actions.values()].map((a) => entry(a, false)),
    drafts: [...org.drafts.values()].map((a) => entry(a, true)),
    integrations: org.integrations.map((i) => ({ id: i.id, name: i.name, integrationType: i.integrationType.id })),
    skipped: org.skipped,
  };
}

// Set or remove the member at JSON Pointer PTR under OBJ.
function patch(obj, ptr, op, value) {
  const keys = ptr.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (keys.length === 0 || ['id', 'selfUri', 'integrationId', 'category', 'version'].includes(keys[0])) {
    throw new Error(`path ${ptr}: not editable`);
  }
  let at = obj;
  for (const k of keys.slice(0, -1)) {
    if (at === null || typeof at !== 'object' || !(k in at)) throw new Error(`path ${ptr}: no member ${k}`);
    at = at[k];
  }
  const last = keys[keys.length - 1];
  if (op === 'remove') delete at[last];
  else at[last] = value;
}

async function labEdit(req, res) {
  let body;
  try {
    body = JSON.parse(await readBody(req));
  } catch (err) {
    return sendJson(res, 400, { error: `lab edit: ${err.message}` });
  }
  try {
    if (body.op === 'replace' || body.op === 'remove') {
      const a = org.actions.get(body.id);
      if (!a) return sendJson(res, 404, { error: `no action ${body.id}` });
      patch(a, body.path, body.op, body.value);
      a.version += 1;
      return sendJson(res, 200, a);
    }
    if (body.op === 'delete') {
      if (!org.actions.delete(body.id)) return sendJson(res, 404, { error: `no action ${body.id}` });
      return sendJson(res, 200, { deleted: body.id });
    }
    if (body.op === 'add') {
      const integ = org.integrations.find((i) => i.id === body.integrationId);
      if (!integ || !body.action || typeof body.action.name !== 'string') {
        return sendJson(res, 400, { error: 'add: needs an integrationId and an action with a name' });
      }
      const id = `custom_-_${crypto.randomUUID()}`;
      org.actions.set(id, actionEntity(id, body.action, integ));
      return sendJson(res, 200, org.actions.get(id));
    }
  } catch (err) {
    return sendJson(res, 400, { error: err.message });
  }
  return sendJson(res, 400, { error: 'op: replace, remove, delete or add' });
}

function lab(req, res, pathname) {
  if (req.method === 'GET' && pathname === '/lab/manifest') return sendJson(res, 200, manifest());
  if (req.method === 'POST' && pathname === '/lab/edit') return labEdit(req, res);
  if (req.method === 'POST' && pathname === '/lab/reset') {
    org = buildOrg(corpusDir);
    return sendJson(res, 200, { reset: true });
  }
  return sendJson(res, 404, { error: 'no such lab route' });
}

// ---------------------------------------------------------------- routing ---

let provider;
let tokenEndpoint;

const hostKind = (req) => {
  const host = String(req.headers.host || '').replace(/:\d+$/, '').toLowerCase();
  if (host.startsWith('login.')) return 'login';
  if (host.startsWith('api.')) return 'api';
  return 'ip';
};

async function bearer(req) {
  const m = /^Bearer (\S+)$/i.exec(req.headers.authorization || '');
  if (!m) return { status: 401 };
  const tok = await provider.ClientCredentials.find(m[1]);
  if (!tok || tok.isExpired || expiredTokens.has(m[1])) return { status: 401 };
  if (tok.clientId !== 'lab-client') return { status: 403, token: m[1] };
  return { status: 200, token: m[1] };
}

async function route(req, res, kind) {
  const url = new URL(req.url, 'https://lab');
  let pathname = url.pathname;
  if (pathname.startsWith('/lab/')) return lab(req, res, pathname);
  let faultName = null;
  const fm = /^\/fault\/(429|429always|slow|expire|500)(\/.*)$/.exec(pathname);
  if (fm) [, faultName, pathname] = fm;

  if (pathname === '/oauth/token') {
    if (kind === 'api') return apiError(res, 404, 'not.found', 'No resource at /oauth/token');
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'invalid_request' });
    req.url = '/token';
    recordTokens(res);
    return tokenEndpoint(req, res);
  }
  if (!pathname.startsWith('/api/v2/') || kind === 'login') {
    return apiError(res, 404, 'not.found', `No resource at ${pathname}`);
  }
  if (req.method !== 'GET') return apiError(res, 405, 'method.not.allowed', `${req.method} is not allowed here`);
  const auth = await bearer(req);
  if (auth.status === 401) {
    return apiError(res, 401, 'authentication.required', 'Authentication is required, or the token has expired',
      { 'www-authenticate': 'Bearer realm="dacc-lab"' });
  }
  if (auth.status === 403) {
    return apiError(res, 403, 'missing.permissions',
      'You are missing the following permission(s): integrations:action:view');
  }
  if (faultName && await fault(faultName, res, pathname, url.searchParams, auth.token)) return undefined;
  return api(res, pathname, url.searchParams);
}

function handler(req, res) {
  const kind = hostKind(req);
  const url = new URL(req.url, 'https://lab');
  // for the token endpoint, how the client authenticated (never with what)
  const basic = /^Basic /i.test(req.headers.authorization || '');
  const how = url.pathname.endsWith('/oauth/token') ? (basic ? ' basic' : ' form') : '';
  res.on('finish', () => {
    log('requests.log', `${req.method} ${kind} ${url.pathname}${url.search} ${res.statusCode}${how}`);
  });
  route(req, res, kind).catch((err) => {
    console.error(err);
    if (!res.headersSent) apiError(res, 500, 'internal.server.error', 'lab failure');
  });
}

const cert = (f) => fs.readFileSync(path.join(certDir, f));
const tls = { cert: cert('server.pem'), key: cert('server.key'), minVersion: 'TLSv1.2' };
const server = https.createServer(tls, handler);
const port = await new Promise((ready) => server.listen(0, '127.0.0.1', () => ready(server.address().port)));

const issuer = `https://login.dacc-lab.localhost:${port}`;
const audience = `https://api.dacc-lab.localhost:${port}`;
const client = (id) => ({
  client_id: id, client_secret: secretMain, grant_types: ['client_credentials'], redirect_uris: [], response_types: [],
});
provider = new Provider(issuer, {
  clients: [client('lab-client'), client('lab-noperm')],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      getResourceServerInfo: (ctx, resource) => {
        if (resource !== audience) throw new Provider.errors.InvalidTarget();
        return { scope: '', audience, accessTokenFormat: 'opaque' };
      },
    },
  },
  ttl: { ClientCredentials: tokenTtl },
});
tokenEndpoint = provider.callback();

fs.writeFileSync(`${readyFile}.tmp`, `port=${port}\npid=${process.pid}\n`);
fs.renameSync(`${readyFile}.tmp`, readyFile);
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
setTimeout(() => process.exit(0), maxSeconds * 1000).unref();
