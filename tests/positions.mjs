// Checks that every finding in a dacc JSON report (read from stdin) points at
// a value: the character at line:column (1-based, columns in code points) must
// start a value, not sit inside one, and the pointer must resolve in the parsed
// file (for a finding about a missing member, its parent must; one about a
// member name that holds a credential sits at the name, with its parent's
// pointer, and a JSON name starts with a quote as a value does).  Prints one
// line per bad finding and exits 1 if there is any.   dacc lint --format json F | node tests/positions.mjs
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(0, 'utf8'));
const texts = new Map();
let bad = 0;

function lines(file) {
  if (!texts.has(file)) texts.set(file, readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r\n|\r|\n/));
  return texts.get(file);
}

function resolve(doc, pointer) {
  if (pointer === '') return { found: true, value: doc };
  let v = doc;
  const parts = pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  for (let i = 0; i < parts.length; i++) {
    if (v === null || typeof v !== 'object' || !(parts[i] in v)) return { found: false, missing: i === parts.length - 1, parent: v };
    v = v[parts[i]];
  }
  return { found: true, value: v };
}

function actionsOf(doc) {
  if (Array.isArray(doc)) return doc;
  if (doc && typeof doc === 'object' && Array.isArray(doc.entities)) return doc.entities;
  return [doc];
}

for (const f of report.findings) {
  // a syntax finding is at the parser's fault, an inline suppression's at its comment
  if (f.rule === 'syntax' || (f.rule === 'suppression' && f.pointer === '') || f.file === '<stdin>') continue;
  const line = lines(f.file)[f.line - 1];
  const where = `${f.file}:${f.line}:${f.column} ${f.rule} ${f.pointer}`;
  if (line === undefined) { console.log(`no such line: ${where}`); bad++; continue; }
  const chars = Array.from(line.replace(/\r$/, ''));
  const ch = chars[f.column - 1];
  // a value starts a token: the line, or after a blank, '[', '{', ',' (and ':' in JSON)
  const before = f.column > 1 ? chars[f.column - 2] : ' ';
  const isJson = f.file.endsWith('.json');
  const ok = isJson ? ch !== undefined && '{["-0123456789tfn'.includes(ch) && /[\s:[,]/.test(before)
    : ch !== undefined && !/[\s:#,]/.test(ch) && /[\s[{,]/.test(before);
  if (!ok) { console.log(`not at a value (found ${JSON.stringify(ch)}): ${where}`); bad++; }
  if (isJson) {
    const doc = JSON.parse(readFileSync(f.file, 'utf8').replace(/^\uFEFF/, ''));
    const actions = actionsOf(doc);
    const index = f.action.startsWith('#') ? Number(f.action.slice(1)) : actions.findIndex((a) => a && a.name === f.action);
    const r = resolve(actions[index], f.pointer);
    if (!r.found && !r.missing) { console.log(`pointer does not resolve: ${where}`); bad++; }
  }
}
process.exit(bad ? 1 : 0);
