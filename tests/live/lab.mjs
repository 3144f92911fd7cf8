// The live tests' OAuth2 lab: a real token endpoint (oidc-provider) on loopback,
// the faults a token client must survive, and a protected, paginated API.
//
// usage: node tests/live/lab.mjs CERTDIR READYFILE
// env:   LAB_SECRET_MAIN, LAB_SECRET_READONLY   the two clients' secrets (required)
//        LAB_LOG_DIR        where requests.log (one "METHOD PATH" a request) and
//                           tokens.log (every access token issued) go (required)
//        LAB_SLOW_MS        how long /fault/slow/token waits (default 8000)
//        LAB_MAX_SECONDS    the lab exits by itself after this long (default 600)
//
// Three HTTPS listeners on 127.0.0.1, ephemeral ports, all serving the same routes:
//   main        certificate from the test CA, TLS 1.2 or newer
//   selfsigned  a certificate no CA signed
//   tls11       the CA's certificate, but TLS 1.0 and 1.1 only
// When all three listen, READYFILE gets "main=P\nselfsigned=P\ntls11=P\npid=N\n"
// (written whole, by rename).  SIGTERM and SIGINT end the lab with status 0.
//
// Routes:
//   POST /token                 oidc-provider's token endpoint (client_credentials)
//   POST /fault/429/token       always 429, Retry-After: 1
//   POST /fault/429once/token   429 (Retry-After: 1), then a real token, and so on in turn
//   POST /fault/slow/token      waits LAB_SLOW_MS, then a real token
//   ANY  /fault/big             a 40,000-byte token response; ?chunked=1 sends it
//                               without Content-Length
//   POST /default-scope/token   the token endpoint of a server that, as RFC 6749 §3.3
//                               allows, gives a request without a scope the client's
//                               default ones ("api:read api:write", then cut down per client)
//   GET  /api/items?limit=&offset=   250 items; Bearer token with api:read; limit 1..100
//
// Hostile routes (issue 13): what a server may send back to a client.
//   POST /fault/429huge/token?after=N   429 with Retry-After: N (any text)
//   POST /fault/expires/token?as=number|string   a real token whose expires_in is
//                               rewritten to 9223372036854775807 (a number, or a string)
//   POST /echo/token?mode=M     echoes what it received, never a token:
//        form    400 invalid_grant, error_description: the raw body (the secret URL-encoded)
//        lower   the same with lower-case %xx
//        plus    the same with every '+' (a space) written %20
//        json    the form decoded, as JSON (the secret JSON-escaped, '/' as '\/')
//        basic   the Authorization header (the base64 id:secret pair), and its
//                base64url form without padding
//        www     401, no JSON, WWW-Authenticate: Bearer error="<client_secret as received>"
//        redirect  302, Location: copies of the client_secret (as received), the
//                  last one across the 300th byte
//   GET  /echo/api?mode=redirect   for a call: copies of the Bearer token in a Location,
//                               as above
//
// Clients: lab-client may get api:read and api:write (tokens live 3600 s);
// lab-readonly may ask for both but the API grants it api:read only (300 s).
// "admin" is a scope the server knows and neither client may ask for.
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import Provider from 'oidc-provider';

const [certDir, readyFile] = process.argv.slice(2);
const need = (name) => {
  const v = process.env[name];
  if (!v) { console.error(`lab: ${name} is not set`); process.exit(2); }
  return v;
};
const secretMain = need('LAB_SECRET_MAIN');
const secretReadonly = need('LAB_SECRET_READONLY');
const logDir = need('LAB_LOG_DIR');
const slowMs = Number(process.env.LAB_SLOW_MS || 8000);
const maxSeconds = Number(process.env.LAB_MAX_SECONDS || 600);
const cert = (f) => fs.readFileSync(path.join(certDir, f));
const log = (file, line) => fs.appendFileSync(path.join(logDir, file), `${line}\n`);

function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers,
  });
  res.end(text);
}

// Note every access token the provider hands out, so that the tests can make
// sure none of them ever shows in dacc's output.
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

// Rewrite the expires_in of the token response RES is about to send.
function expiresRewrite(res, asString) {
  const end = res.end.bind(res);
  res.end = (chunk, ...rest) => {
    let text = Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk ?? '');
    const huge = asString ? '"9223372036854775807"' : '9223372036854775807';
    text = text.replace(/"expires_in":\s*[0-9]+/, `"expires_in":${huge}`);
    if (!res.headersSent) res.setHeader('content-length', Buffer.byteLength(text));
    return end(text, ...rest);
  };
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

// A Location holding copies of VALUE, the last of which starts at its 280th byte:
// a client that cuts the header at 300 bytes and then scrubs it sees the copies
// whole, which it redacts (and so quotes what follows), and the last one cut.
const cutLocation = (name, value) => {
  const start = 'https://127.0.0.1/callback?pad=';
  const sep = `&${name}=`;
  const stride = value.length + sep.length;
  const copies = Math.max(0, Math.floor((280 - start.length - sep.length) / stride));
  const pad = Math.max(0, 280 - start.length - sep.length - copies * stride);
  return `${start}${'p'.repeat(pad)}${sep}${(value + sep).repeat(copies)}${value}&end=1`;
};

async function echoToken(req, res, mode) {
  const raw = await readBody(req);
  const form = new URLSearchParams(raw);
  const said = (text) => sendJson(res, 400, { error: 'invalid_grant', error_description: `received ${text}` });
  switch (mode) {
    case 'form': return said(raw);
    case 'lower': return said(raw.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
    case 'plus': return said(raw.replace(/\+/g, '%20'));
    case 'json': return said(JSON.stringify(Object.fromEntries(form)).replace(/\//g, '\\/'));
    case 'basic': {
      const auth = req.headers.authorization || '';
      const b64 = auth.replace(/^Basic /, '');
      return said(`${auth} and ${b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`);
    }
    case 'www': {
      const secret = (/(?:^|&)client_secret=([^&]*)/.exec(raw) || [])[1] || '';
      res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': `Bearer error="${secret.replace(/"/g, '')}"` });
      return res.end('no');
    }
    case 'redirect': {
      const secret = (/(?:^|&)client_secret=([^&]*)/.exec(raw) || [])[1] || '';
      res.writeHead(302, { location: cutLocation('client_secret', secret) });
      return res.end();
    }
    default: return sendJson(res, 404, { error: 'no_such_mode' });
  }
}

function echoApi(req, res, mode) {
  const token = (/^Bearer (\S+)$/.exec(req.headers.authorization || '') || [])[1] || '';
  if (mode === 'redirect') {
    res.writeHead(302, { location: cutLocation('access_token', token) });
    return res.end();
  }
  return sendJson(res, 404, { error: 'no_such_mode' });
}

let provider;
let tokenEndpoint;
let alternate = 0;

async function route(req, res) {
  const url = new URL(req.url, 'https://lab');
  const where = url.pathname;
  log('requests.log', `${req.method} ${where}`);

  if (where === '/fault/429/token') return sendJson(res, 429, { error: 'rate_limited' }, { 'retry-after': '1' });
  if (where === '/fault/429once/token' && alternate++ % 2 === 0) {
    return sendJson(res, 429, { error: 'rate_limited' }, { 'retry-after': '1' });
  }
  if (where === '/fault/slow/token') await new Promise((done) => setTimeout(done, slowMs));
  if (where === '/fault/big') {
    const big = { access_token: 'oversized', token_type: 'Bearer', expires_in: 3600, padding: 'x'.repeat(40000) };
    if (!url.searchParams.has('chunked')) return sendJson(res, 200, big);
    const text = JSON.stringify(big);
    res.writeHead(200, { 'content-type': 'application/json' }); // no length: chunked
    for (let i = 0; i < text.length; i += 4096) res.write(text.slice(i, i + 4096));
    return res.end();
  }
  if (where === '/api/items') {
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization || '');
    const token = bearer && await provider.ClientCredentials.find(bearer[1]);
    if (!token || token.isExpired) {
      return sendJson(res, 401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
    }
    if (!String(token.scope || '').split(' ').includes('api:read')) {
      return sendJson(res, 403, { error: 'insufficient_scope' },
        { 'www-authenticate': 'Bearer error="insufficient_scope", scope="api:read"' });
    }
    const limit = Number(url.searchParams.get('limit') ?? 25);
    const offset = Number(url.searchParams.get('offset') ?? 0);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100 || !Number.isInteger(offset) || offset < 0) {
      return sendJson(res, 400, { error: 'bad_pagination' });
    }
    const total = 250;
    const items = [];
    for (let i = offset; i < Math.min(offset + limit, total); i++) items.push({ id: i + 1, name: `item-${i + 1}` });
    return sendJson(res, 200, { total, limit, offset, items });
  }
  if (where === '/fault/429huge/token') {
    return sendJson(res, 429, { error: 'rate_limited' }, { 'retry-after': url.searchParams.get('after') ?? '' });
  }
  if (where === '/fault/expires/token') expiresRewrite(res, url.searchParams.get('as') === 'string');
  if (where === '/echo/token') return echoToken(req, res, url.searchParams.get('mode'));
  if (where === '/echo/api') return echoApi(req, res, url.searchParams.get('mode'));
  if (where === '/default-scope/token') {
    // read the form here; oidc-provider takes an already-read body from req.body
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    if (!form.has('scope')) form.set('scope', 'api:read api:write');
    req.body = form.toString();
  }
  if (where === '/token' || where === '/default-scope/token' || where.startsWith('/fault/')) {
    req.url = '/token';
    recordTokens(res);
    return tokenEndpoint(req, res);
  }
  return sendJson(res, 404, { error: 'not_found' });
}

const handler = (req, res) => route(req, res).catch((err) => {
  console.error(err);
  if (!res.headersSent) sendJson(res, 500, { error: 'lab_failure' });
});

const listen = (server) => new Promise((ready) => server.listen(0, '127.0.0.1', () => ready(server.address().port)));
const main = https.createServer({ cert: cert('server.pem'), key: cert('server.key'), minVersion: 'TLSv1.2' }, handler);
const selfsigned = https.createServer({ cert: cert('selfsigned.pem'), key: cert('selfsigned.key') }, handler);
// OpenSSL 3 negotiates TLS 1.0/1.1 only at security level 0
const tls11 = https.createServer({
  cert: cert('server.pem'), key: cert('server.key'), minVersion: 'TLSv1', maxVersion: 'TLSv1.1',
  ciphers: 'DEFAULT:@SECLEVEL=0',
}, handler);
const mainPort = await listen(main);
const selfPort = await listen(selfsigned);
const oldPort = await listen(tls11);

const issuer = `https://127.0.0.1:${mainPort}`;
const api = `${issuer}/api`;
const client = (id, secret) => ({
  client_id: id, client_secret: secret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [],
  scope: 'api:read api:write',
});
provider = new Provider(issuer, {
  clients: [client('lab-client', secretMain), client('lab-readonly', secretReadonly)],
  scopes: ['api:read', 'api:write', 'admin'],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => api,
      getResourceServerInfo: (ctx, resource, oidcClient) => {
        if (resource !== api) throw new Provider.errors.InvalidTarget();
        // what the API grants each client: other requested scopes are dropped from the token
        const scope = oidcClient.clientId === 'lab-client' ? 'api:read api:write' : 'api:read';
        return { scope, audience: api, accessTokenFormat: 'opaque' };
      },
    },
  },
  ttl: { ClientCredentials: (ctx, token, oidcClient) => (oidcClient.clientId === 'lab-client' ? 3600 : 300) },
});
tokenEndpoint = provider.callback();

fs.writeFileSync(`${readyFile}.tmp`, `main=${mainPort}\nselfsigned=${selfPort}\ntls11=${oldPort}\npid=${process.pid}\n`);
fs.renameSync(`${readyFile}.tmp`, readyFile);
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
setTimeout(() => process.exit(0), maxSeconds * 1000).unref();
