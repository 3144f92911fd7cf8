// dacc build --emit terraform, read back by HashiCorp's HCL parser (hcl/v2
// compiled to WebAssembly: @cdktn/hcl2json, the maintained continuation of
// @cdktf/hcl2json).  For each output DIR given:
//   - every *.tf parses;
//   - versions.tf requires mypurecloud/genesyscloud with a version constraint;
//   - each resource, evaluated (strings are Terraform templates: "$${" is a
//     literal "${", "%%{" a literal "%{", and any other interpolation is an
//     error but for var.* references and jsonencode(...), whose argument is
//     parsed by the same parser and decoded), equals what its import file
//     holds; static actions have no resource; every var.* used is declared;
//     each integrationType has a variable of its own.
// Prints "hcl-roundtrip: N dirs, M resources" and exits 0, or names each
// difference and exits 1.
//   node tests/build/hcl-roundtrip.mjs DIR...
import { parse } from '@cdktn/hcl2json';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const problems = [];
let resources = 0;

// The literal text of template S, or an Error when S interpolates anything.
function literal(s) {
    let out = '';
    for (let i = 0; i < s.length; i++) {
        const two = s.slice(i, i + 3);
        if (two === '$${' || two === '%%{') {
            out += s[i] + '{';
            i += 2;
        } else if ((s[i] === '$' || s[i] === '%') && s[i + 1] === '{') {
            throw new Error(`an interpolation in ${JSON.stringify(s.slice(0, 80))}`);
        } else {
            out += s[i];
        }
    }
    return out;
}

// V (hcl2json's JSON of a constant expression) with every string and key read as a template.
function decode(v) {
    if (typeof v === 'string') return literal(v);
    if (Array.isArray(v)) return v.map(decode);
    if (v && typeof v === 'object')
        return Object.fromEntries(Object.entries(v).map(([k, m]) => [literal(k), decode(m)]));
    return v;
}

// The expression of a whole-string interpolation "${EXPR}" (null when S is not one).
function wholeExpr(s) {
    if (typeof s !== 'string' || !s.startsWith('${') || !s.endsWith('}')) return null;
    return s.slice(2, -1);
}

// Evaluate an attribute value: var.NAME as VARS gives it, jsonencode(X) as
// the JSON text of X (parsed by hcl2json again), anything else as a constant.
async function evaluate(v, vars, used, file) {
    const expr = wholeExpr(v);
    if (expr === null) return decode(v);
    let m = /^var\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(expr);
    if (m) {
        used.add(m[1]);
        return vars(m[1]);
    }
    m = /^jsonencode\(([\s\S]*)\)$/.exec(expr);
    if (m) {
        const inner = await parse(file, `v = ${m[1]}\n`);
        return JSON.stringify(decode(inner.v));
    }
    throw new Error(`an expression that is neither var.* nor jsonencode(...): ${expr.slice(0, 80)}`);
}

function equal(a, b) {
    if (a === b) return true;
    if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k]));
}

// O without its null and undefined members.
function present(o) {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

function label(slug) {
    return (/^[0-9]/.test(slug) ? '_' : '') + slug.replaceAll('-', '_');
}

function idVar(type) {
    return type ? `integration_id_${type.replace(/[^A-Za-z0-9_]/g, '_')}` : 'integration_id';
}

// What the resource of import object A must evaluate to.
function expected(a) {
    const auth = a.actionType === 'customAuth';
    const req = a.config?.request, res = a.config?.response;
    return present({
        name: a.name,
        integration_id: `ID:${a.integrationType ?? ''}`,
        category: auth ? null : (a.category ?? 'CAT'),
        secure: auth ? null : a.secure,
        config_timeout_seconds: auth ? null : a.config?.timeoutSeconds,
        contract_input: auth ? null : a.contract?.input?.inputSchema,
        contract_output: auth ? null : a.contract?.output?.successSchema,
        config_request: req && [present({
            request_url_template: req.requestUrlTemplate, request_type: req.requestType,
            request_template: req.requestTemplate, headers: req.headers,
        })],
        config_response: res && [present({
            translation_map: res.translationMap, translation_map_defaults: res.translationMapDefaults,
            success_template: res.successTemplate,
        })],
    });
}

async function evalBlock(block, vars, used, file) {
    const out = {};
    for (const [k, v] of Object.entries(block)) {
        if (k === 'config_request' || k === 'config_response') {
            out[k] = [];
            for (const b of v) out[k].push(await evalBlock(b, vars, used, file));
        } else {
            out[k] = await evaluate(v, vars, used, file);
            if (k === 'contract_input' || k === 'contract_output') out[k] = JSON.parse(out[k]);
        }
    }
    return out;
}

async function checkDir(dir) {
    const names = readdirSync(dir);
    const say = (msg) => problems.push(`${dir}: ${msg}`);
    const parsed = {};
    for (const n of names.filter((n) => n.endsWith('.tf'))) {
        try {
            parsed[n] = await parse(n, readFileSync(join(dir, n), 'utf8'));
        } catch (e) {
            say(`${n} does not parse: ${String(e).slice(0, 300)}`);
        }
    }
    if (!parsed['actions.tf'] || !parsed['versions.tf']) {
        say('actions.tf and versions.tf must both be there and parse');
        return;
    }
    const gc = parsed['versions.tf'].terraform?.[0]?.required_providers?.[0]?.genesyscloud;
    if (gc?.source !== 'mypurecloud/genesyscloud' || !/^>= [0-9]+\.[0-9]+\.[0-9]+$/.test(gc?.version ?? ''))
        say(`versions.tf: required_providers.genesyscloud is ${JSON.stringify(gc)}`);
    const tf = parsed['actions.tf'];
    const declared = new Set(Object.keys(tf.variable ?? {}));
    const blocks = {};
    for (const [type, byLabel] of Object.entries(tf.resource ?? {}))
        for (const [lab, list] of Object.entries(byLabel)) blocks[lab] = { type, body: list[0], count: list.length };
    const used = new Set();
    const types = new Map(); // variable -> integration type
    let want = 0;
    for (const f of names.filter((n) => /\.(custom|customAuth)\.json$/.test(n)).sort()) {
        const a = JSON.parse(readFileSync(join(dir, f), 'utf8'));
        const lab = label(f.replace(/\..*$/, ''));
        const r = blocks[lab];
        if (a.actionType === 'static') {
            if (r) say(`${f} is a static action but has a resource`);
            continue;
        }
        want++;
        if (!r) {
            say(`${f} has no resource ${lab}`);
            continue;
        }
        resources++;
        const rtype = a.actionType === 'customAuth' ? 'genesyscloud_integration_custom_auth_action'
            : 'genesyscloud_integration_action';
        if (r.type !== rtype || r.count !== 1) say(`${lab} is ${r.count} ${r.type}, not one ${rtype}`);
        const v = idVar(a.integrationType);
        if (types.has(v) && types.get(v) !== (a.integrationType ?? '')) say(`${v} serves two integration types`);
        types.set(v, a.integrationType ?? '');
        const vars = (name) => (name === 'action_category' ? 'CAT'
            : name === v ? `ID:${a.integrationType ?? ''}` : `WRONG VARIABLE ${name}`);
        let got;
        try {
            got = await evalBlock(r.body, vars, used, f);
        } catch (e) {
            say(`${lab}: ${e.message}`);
            continue;
        }
        const exp = expected(a);
        if (!equal(got, exp))
            say(`${lab} does not evaluate to ${f}:\n    got      ${JSON.stringify(got).slice(0, 600)}\n` +
                `    expected ${JSON.stringify(exp).slice(0, 600)}`);
    }
    if (Object.keys(blocks).length !== want)
        say(`${Object.keys(blocks).length} resources for ${want} actions that are not static`);
    for (const u of used) if (!declared.has(u)) say(`var.${u} is used but not declared`);
    for (const d of declared) if (!used.has(d)) say(`variable ${d} is declared but not used`);
}

const dirs = process.argv.slice(2);
if (!dirs.length) {
    console.error('usage: node tests/build/hcl-roundtrip.mjs DIR...');
    process.exit(2);
}
for (const d of dirs) await checkDir(d);
for (const p of problems) console.log(`FAIL ${p}`);
console.log(`hcl-roundtrip: ${dirs.length} dirs, ${resources} resources read back${problems.length ? `, ${problems.length} problems` : ''}`);
process.exit(problems.length ? 1 : 0);
