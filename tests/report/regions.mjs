// Every SARIF result's region spans its value: the text from startLine:startColumn up to
// endLine:endColumn (code points, end exclusive) of the file %SRCROOT% + uri, parsed on its own
// (JSON for .json, YAML for .yaml/.yml, indented as in the file), equals the value at the
// result's JSON Pointer in its action (found by name), which is parsed from the whole file.
//   node tests/report/regions.mjs FILE.sarif...     prints "N regions checked", exit 1 on a mismatch
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import yaml from 'js-yaml';

let checked = 0, failed = 0;
const fail = (msg) => { failed++; console.log(`FAIL ${msg}`); };

const parse = (text, file) => (/\.ya?ml$/.test(file) ? yaml.load(text, { schema: yaml.CORE_SCHEMA }) : JSON.parse(text));

function actionsOf(doc) {
    if (Array.isArray(doc)) return doc;
    if (doc && Array.isArray(doc.entities)) return doc.entities;
    return [doc];
}

function at(value, pointer) {
    if (pointer === '') return { found: true, value };
    let v = value;
    for (const raw of pointer.slice(1).split('/')) {
        const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
        if (v === null || typeof v !== 'object' || !(key in v)) return { found: false };
        v = v[key];
    }
    return { found: true, value: v };
}

// The text of lines[l1-1] from column c1 to lines[l2-1] column c2 (1-based, code points, end exclusive).
function slice(lines, l1, c1, l2, c2) {
    const cps = (s) => Array.from(s);
    if (l1 === l2) return cps(lines[l1 - 1]).slice(c1 - 1, c2 - 1).join('');
    const parts = [cps(lines[l1 - 1]).slice(c1 - 1).join('')];
    for (let l = l1 + 1; l < l2; l++) parts.push(lines[l - 1]);
    parts.push(cps(lines[l2 - 1] ?? '').slice(0, c2 - 1).join(''));
    return parts.join('\n');
}

for (const sarifFile of process.argv.slice(2)) {
    const run = JSON.parse(readFileSync(sarifFile, 'utf8')).runs[0];
    const root = run.originalUriBaseIds?.['%SRCROOT%']?.uri;
    for (const r of run.results) {
        const loc = r.locations[0].physicalLocation;
        const reg = loc.region;
        if (reg.endLine === undefined) continue;
        const art = loc.artifactLocation;
        const url = art.uriBaseId === '%SRCROOT%' ? new URL(art.uri, root) : new URL(art.uri);
        const file = fileURLToPath(url);
        const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
        const lines = text.split(/\r\n|\r|\n/);
        const where = `${art.uri}:${reg.startLine}:${reg.startColumn}-${reg.endLine}:${reg.endColumn} ${r.ruleId} ${r.properties.pointer}`;
        checked++;
        const piece = slice(lines, reg.startLine, reg.startColumn, reg.endLine, reg.endColumn);
        const value = (() => {
            const all = actionsOf(parse(text, file));
            const named = all.filter((a) => a && a.name === r.properties.action);
            return (named.length ? named : all).map((a) => at(a, r.properties.pointer)).filter((v) => v.found);
        })();
        // a YAML alias (*name) stands for its anchor's value; an empty YAML value spans its key
        if (/\.ya?ml$/.test(file) && /^\*[^\s]+$/.test(piece)) continue;
        if (value.some((v) => v.value === null) && r.properties.pointer.endsWith('/' + piece)) continue;
        let got, error;
        // a block scalar (| or >) parses from its indicator; other values keep their column, so
        // that the lines below their first line up
        for (const lead of ['', ' '.repeat(reg.startColumn - 1)]) {
            try {
                got = parse(lead + piece, file);
                error = undefined;
                break;
            } catch (e) {
                error = e;
            }
        }
        if (error) {
            fail(`${where}: the region does not parse on its own: ${error.message.split('\n')[0]}`);
            continue;
        }
        if (!value.some((v) => isDeepStrictEqual(v.value, got)))
            fail(`${where}: the region's value is not the value at the pointer: ${JSON.stringify(got).slice(0, 120)}`);
    }
}
console.log(`${checked} regions checked`);
process.exit(failed ? 1 : 0);
