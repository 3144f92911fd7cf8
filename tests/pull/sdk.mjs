// The proof that tests/pull/org-lab.mjs speaks the Platform API: Genesys's own
// JavaScript SDK (purecloud-platform-client-v2, its ApiClient, IntegrationsApi and
// models) logs in to the stand-in and lists the org, and what it gets must be
// exactly the corpus exports the lab was given.
//
// usage: node tests/pull/sdk.mjs PORT CORPUSDIR
// env:   LAB_CLIENT_SECRET    lab-client's secret (required)
//        NODE_EXTRA_CA_CERTS  the lab's CA (Node reads it at start)
// The SDK's environment is dacc-lab.localhost:PORT, so it calls
// https://login.dacc-lab.localhost:PORT and https://api.dacc-lab.localhost:PORT;
// this process resolves *.dacc-lab.localhost to 127.0.0.1 (dns.lookup replaced
// here, no /etc/hosts edit).  Prints "ok NAME" or "FAIL NAME: why" a check, never
// the token or the secret; exits 1 when a check failed, 2 when it could not run.
import dns from 'node:dns';
import fs from 'node:fs';
import path from 'node:path';
import platformClient from 'purecloud-platform-client-v2';

const [port, corpusDir] = process.argv.slice(2);
const secret = process.env.LAB_CLIENT_SECRET;
if (!port || !corpusDir || !secret) {
  console.error('usage: LAB_CLIENT_SECRET=... node tests/pull/sdk.mjs PORT CORPUSDIR');
  process.exit(2);
}

// *.dacc-lab.localhost is 127.0.0.1 for this process; every other name as before
const realLookup = dns.lookup;
dns.lookup = (hostname, options, callback) => {
  const cb = typeof options === 'function' ? options : callback;
  const opts = typeof options === 'object' && options !== null ? options : {};
  if (!/(^|\.)dacc-lab\.localhost$/i.test(hostname)) return realLookup(hostname, options, callback);
  if (opts.all) return process.nextTick(cb, null, [{ address: '127.0.0.1', family: 4 }]);
  return process.nextTick(cb, null, '127.0.0.1', 4);
};

let failed = false;
const ok = (name) => console.log(`ok ${name}`);
const fail = (name, why) => { failed = true; console.log(`FAIL ${name}: ${why}`); };
const check = (name, cond, why) => (cond ? ok(name) : fail(name, why));

// JSON with object members sorted, so that equal values print equal
const canon = (v) => JSON.stringify(v, (k, x) => (x && typeof x === 'object' && !Array.isArray(x)
  ? Object.fromEntries(Object.keys(x).sort().map((key) => [key, x[key]])) : x));

// what an SDK rejection says, without anything of the request (no token)
const why = (err) => (err && err.status ? `HTTP ${err.status} ${err.code || ''}`.trim() : String(err?.message || err));

// every page of LIST (an IntegrationsApi list operation) with OPTS
async function allPages(list, opts) {
  const out = [];
  const pages = [];
  for (let n = 1; ; n++) {
    const page = await list({ ...opts, pageNumber: n });
    pages.push(page);
    out.push(...(page.entities || []));
    if (!page.pageCount || n >= page.pageCount) break;
  }
  return { entities: out, pages };
}

// the corpus exports: file -> export, for admin-UI exports only
function readCorpus(dir) {
  const exports = new Map();
  const apiShaped = new Set();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const exp = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8').replace(/^\uFEFF/, ''));
    if (typeof exp.integrationType === 'string' && typeof exp.actionType === 'string') exports.set(file, exp);
    else apiShaped.add(file);
  }
  return { exports, apiShaped };
}

async function main() {
  const client = platformClient.ApiClient.instance;
  client.setEnvironment(`dacc-lab.localhost:${port}`);
  const integrationsApi = new platformClient.IntegrationsApi();

  // a wrong secret is refused (and the SDK says so)
  try {
    await client.loginClientCredentialsGrant('lab-client', `${secret}-wrong`);
    fail('wrong secret refused', 'the login succeeded');
  } catch (err) {
    check('wrong secret refused', err?.status === 401 || err?.response?.status === 401, why(err));
  }
  try {
    await integrationsApi.getIntegrationsActions({ pageSize: 1 });
    fail('no token refused', 'the list answered');
  } catch (err) {
    check('no token refused', err?.status === 401, why(err));
  }

  const auth = await client.loginClientCredentialsGrant('lab-client', secret);
  check('login with client credentials', typeof auth.accessToken === 'string' && auth.accessToken.length > 20,
    'no access token');

  // integrations, for each action's integrationType
  const integrations = await allPages((o) => integrationsApi.getIntegrations(o), { pageSize: 100 });
  const typeOf = new Map(integrations.entities.map((i) => [i.id, i.integrationType?.id]));
  const nameOf = new Map(integrations.entities.map((i) => [i.id, i.name]));
  check('integrations listed', integrations.entities.length > 0, 'none');

  // every action, in pages of 25 (the default) and of 100 (the maximum): the same set
  const listOpts = { includeAuthActions: true, includeConfig: true };
  const big = await allPages((o) => integrationsApi.getIntegrationsActions(o), { ...listOpts, pageSize: 100 });
  const small = await allPages((o) => integrationsApi.getIntegrationsActions(o), listOpts);
  check('pages of 25 and of 100 list the same actions',
    canon(big.entities.map((a) => a.id).sort()) === canon(small.entities.map((a) => a.id).sort()),
    `${big.entities.length} against ${small.entities.length}`);
  check('more than one page', big.pages.length > 1 && small.pages.length > 4,
    `${big.pages.length} pages of 100, ${small.pages.length} of 25`);
  const last = big.pages[big.pages.length - 1];
  check('envelope: total, pageCount, no nextUri on the last page',
    last.total === big.entities.length && last.pageCount === big.pages.length && !last.nextUri
      && big.pages[0].nextUri && big.pages[0].selfUri && big.pages[0].firstUri && big.pages[0].lastUri,
    JSON.stringify({ total: last.total, pageCount: last.pageCount, nextUri: last.nextUri }));
  check('the list carries config with includeConfig, never a contract',
    big.entities.every((a) => a.config && a.contract === undefined), 'a listed action lacks config or has a contract');
  try {
    await integrationsApi.getIntegrationsActions({ pageSize: 101 });
    fail('page size past the maximum refused', 'pageSize=101 answered');
  } catch (err) {
    check('page size past the maximum refused', err?.status === 400, why(err));
  }
  const plain = await allPages((o) => integrationsApi.getIntegrationsActions(o), { pageSize: 100 });
  const auths = big.entities.filter((a) => a.id.startsWith('customAuth_-_'));
  check('custom-authentication actions only with includeAuthActions',
    auths.length > 0 && plain.entities.length === big.entities.length - auths.length
      && !plain.entities.some((a) => a.id.startsWith('customAuth_-_')),
    `${auths.length} auth actions; ${plain.entities.length} of ${big.entities.length} without the flag`);

  // each action with its contract, as Genesys's Terraform provider reads it
  const full = [];
  for (const a of big.entities) {
    full.push(await integrationsApi.getIntegrationsAction(a.id, { expand: 'contract', includeConfig: true }));
  }
  check('each action has its contract with expand=contract', full.every((a) => a.contract?.input && a.contract?.output),
    'an action without input or output contract');
  check('server-owned members', full.every((a) => a.id && a.selfUri === `/api/v2/integrations/actions/${a.id}`
    && Number.isInteger(a.version) && typeOf.has(a.integrationId) && a.category === nameOf.get(a.integrationId)),
  'an action without id, selfUri, version, or with an unknown integration');

  // the same actions as the corpus: every export once, each member equal
  const { exports, apiShaped } = readCorpus(corpusDir);
  const unmatched = new Map(exports);
  const wrong = [];
  for (const a of full) {
    const actionType = a.id.split('_-_')[0];
    const integrationType = typeOf.get(a.integrationId);
    const match = [...unmatched].find(([, e]) => e.name === a.name && e.integrationType === integrationType
      && e.actionType === actionType && canon(e.config) === canon(a.config)
      && canon(e.contract) === canon(a.contract) && (e.secure === true) === a.secure);
    if (match) unmatched.delete(match[0]);
    else wrong.push(a.name);
  }
  check('every listed action is a corpus export (name, type, config, contract, secure equal)', wrong.length === 0,
    `${wrong.length} not: ${wrong.slice(0, 3).join('; ')}`);
  // what is left: a second export with a name already taken (the org keeps one)
  const names = new Set(full.map((a) => a.name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase()));
  const left = [...unmatched].filter(([, e]) => !names.has(
    e.name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase()));
  check('every corpus export is listed (but for one whose file name another already has)', left.length === 0,
    `${left.length} missing: ${left.slice(0, 3).map(([f]) => f).join('; ')}`);
  check('only the API-shaped files and name clashes are left out', unmatched.size <= 2 && apiShaped.size <= 2,
    `${unmatched.size} clashes, ${apiShaped.size} API-shaped`);
  console.log(`# ${full.length} actions (${auths.length} custom-authentication) in ${integrations.entities.length} `
    + `integrations; ${exports.size} admin-UI exports, ${unmatched.size} left out as a clash, `
    + `${apiShaped.size} API-shaped`);

  // drafts: only under /drafts, one of them never published
  const drafts = await allPages((o) => integrationsApi.getIntegrationsActionsDrafts(o),
    { pageSize: 100, includeConfig: true });
  const published = new Set(big.entities.map((a) => a.id));
  check('drafts listed apart, one never published', drafts.entities.length >= 2
    && drafts.entities.some((d) => !published.has(d.id)) && drafts.entities.some((d) => published.has(d.id)),
  `${drafts.entities.length} drafts`);
  const onlyDraft = drafts.entities.find((d) => !published.has(d.id));
  try {
    await integrationsApi.getIntegrationsAction(onlyDraft.id, {});
    fail('an unpublished draft is not an action', 'GET actions/{id} answered');
  } catch (err) {
    check('an unpublished draft is not an action', err?.status === 404, why(err));
  }
  const d = await integrationsApi.getIntegrationsActionDraft(onlyDraft.id, { expand: 'contract', includeConfig: true });
  check('a draft by id', d.id === onlyDraft.id && d.contract && d.config, 'no contract or config');

  // one integration by id, and the type filter
  const one = await integrationsApi.getIntegration(full[0].integrationId, {});
  check('an integration by id', one.id === full[0].integrationId && one.integrationType?.id, 'wrong integration');
  const rest = await allPages((o) => integrationsApi.getIntegrations(o),
    { pageSize: 100, integrationType: 'custom-rest-actions' });
  check('integrations filtered by integrationType', rest.entities.length > 0
    && rest.entities.every((i) => i.integrationType.id === 'custom-rest-actions'), 'filter not applied');
}

main().then(() => process.exit(failed ? 1 : 0), (err) => {
  console.log(`FAIL the SDK run stopped: ${why(err)}`);
  process.exit(1);
});
