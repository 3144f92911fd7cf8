// Apply the fixes of a SARIF log the way a code-scanning tool would: every
// replacement of every result's fixes (the same replacement offered by two
// results once), deletedRegion by line and column (code points, end
// exclusive, an empty region an insertion), to the file %SRCROOT% + uri, and
// write the fixed text to OUTDIR/BASENAME.  Overlapping replacements fail.
//   node tests/fix/apply-sarif.mjs FILE.sarif OUTDIR   prints "N replacements in M files"
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [sarifFile, outDir] = process.argv.slice(2);
const log = JSON.parse(readFileSync(sarifFile, 'utf8'));
const run = log.runs[0];
const root = run.originalUriBaseIds?.['%SRCROOT%']?.uri;
const byFile = new Map();
for (const result of run.results) {
    for (const fix of result.fixes ?? []) {
        for (const change of fix.artifactChanges) {
            const loc = change.artifactLocation;
            const url = loc.uriBaseId ? new URL(loc.uri, root) : new URL(loc.uri, 'file://' + process.cwd() + '/');
            const file = fileURLToPath(url);
            if (!byFile.has(file)) byFile.set(file, new Map());
            for (const r of change.replacements) {
                const d = r.deletedRegion;
                byFile.get(file).set(JSON.stringify([d.startLine, d.startColumn, d.endLine, d.endColumn, r.insertedContent.text]), r);
            }
        }
    }
}

// offset (in code points) of every line start: lines end at LF, CR LF or CR
function lineStarts(cps) {
    const starts = [0];
    for (let i = 0; i < cps.length; i++) {
        if (cps[i] === '\r' && cps[i + 1] === '\n') i++;
        if (cps[i] === '\n' || cps[i] === '\r') starts.push(i + 1);
    }
    return starts;
}

let count = 0;
for (const [file, reps] of byFile) {
    const cps = Array.from(readFileSync(file, 'utf8'));
    const starts = lineStarts(cps);
    const at = (line, col) => starts[line - 1] + col - 1;
    const list = [...reps.values()].map((r) => {
        const d = r.deletedRegion;
        return { from: at(d.startLine, d.startColumn), to: at(d.endLine, d.endColumn), text: r.insertedContent.text };
    }).sort((a, b) => b.from - a.from || b.to - a.to);
    for (let i = 1; i < list.length; i++)
        if (list[i].to > list[i - 1].from) { console.log(`FAIL ${file}: overlapping replacements`); process.exit(1); }
    for (const r of list) cps.splice(r.from, r.to - r.from, ...Array.from(r.text));
    writeFileSync(join(outDir, basename(file)), cps.join(''));
    count += list.length;
}
console.log(`${count} replacements in ${byFile.size} files`);
