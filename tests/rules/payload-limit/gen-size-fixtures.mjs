// Writes the payload-limit fixtures whose size is the point: a request body
// template of exactly the limit (32768 bytes, passes) and one byte more
// (fails), as JSON and as a YAML block scalar, and static success templates on
// both sides of the limit.  The size is the UTF-8 byte length of the decoded
// string (SPEC §3), so every template holds multi-byte characters: a count of
// characters or of escaped source bytes gives a different number.
//   node tests/rules/payload-limit/gen-size-fixtures.mjs   (then update the goldens)
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const LIMIT = 32768;
const bytes = (s) => Buffer.byteLength(s, 'utf8');

// Pad TEMPLATE (which holds one "@PAD@") with disclosure text to exactly SIZE bytes.
function sized(template, size) {
  const unit = 'Réf. client – appel enregistré pour la qualité. ';
  let pad = '';
  while (bytes(template.replace('@PAD@', pad + unit)) <= size) pad += unit;
  for (const ch of unit) {
    if (bytes(template.replace('@PAD@', pad + ch)) > size) break;
    pad += ch;
  }
  while (bytes(template.replace('@PAD@', pad)) < size) pad += '.';
  const out = template.replace('@PAD@', pad);
  if (bytes(out) !== size) throw new Error(`cannot pad to ${size}: got ${bytes(out)}`);
  return out;
}

function noteAction(body) {
  return {
    name: 'Add note to CRM case',
    integrationType: 'custom-rest-actions',
    actionType: 'custom',
    config: {
      request: {
        requestUrlTemplate: 'https://api.acme-crm.example.com/v1/cases/${input.caseId}/notes',
        requestType: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        requestTemplate: body,
      },
      response: {
        translationMap: { noteId: '$.id' },
        translationMapDefaults: {},
        successTemplate: '{"noteId": ${noteId}}',
      },
      timeoutSeconds: 5,
    },
    contract: {
      input: {
        inputSchema: {
          type: 'object',
          properties: { caseId: { type: 'string' }, conversationId: { type: 'string' } },
          required: ['caseId', 'conversationId'],
          additionalProperties: true,
        },
      },
      output: {
        successSchema: { type: 'object', properties: { noteId: { type: 'string' } }, additionalProperties: true },
      },
    },
    secure: false,
  };
}

function staticAction(success) {
  return {
    name: 'Get public holidays',
    integrationType: 'purecloud-data-actions',
    actionType: 'static',
    config: {
      request: {
        requestUrlTemplate: '/api/v2/users/me',
        requestType: 'GET',
        headers: { UserAgent: 'PureCloudIntegrations/1.0' },
        requestTemplate: '${input.rawRequest}',
      },
      response: { translationMap: {}, translationMapDefaults: {}, successTemplate: success },
      timeoutSeconds: 5,
    },
    contract: {
      input: { inputSchema: { type: 'object', properties: {}, additionalProperties: true } },
      output: {
        successSchema: {
          type: 'object',
          properties: { calendar: { type: 'string' }, holidays: { type: 'string' } },
          additionalProperties: true,
        },
      },
    },
    secure: false,
  };
}

const json = (name, obj) => writeFileSync(join(dir, name), JSON.stringify(obj, null, 2) + '\n');

const body = '{\n  "conversationId": "${input.conversationId}",\n  "author": "Genesys Cloud – Architect",\n  "text": "@PAD@"\n}';
json('good-body-exactly-32768-bytes.json', noteAction(sized(body, LIMIT)));
json('bad-body-32769-bytes.json', noteAction(sized(body, LIMIT + 1)));

const holidays = '{"calendar": "Jours fériés – France", "holidays": "@PAD@"}';
json('good-static-success-template-32768-bytes.json', staticAction(sized(holidays, LIMIT)));
json('bad-static-success-template-over-limit.json', staticAction(sized(holidays, 40000)));

// YAML: a literal block scalar, whose decoded value ends in one newline (clip)
// and has the indentation taken off: the source is bigger than the value.
function yamlBlock(size) {
  const lines = [];
  const unit = '"Réf. client – appel enregistré pour la qualité.",';
  let value = '[\n';
  const close = '"fin"\n]\n';
  while (bytes(value + unit + '\n' + close) <= size) value += unit + '\n';
  let last = '"';
  while (bytes(value + last + '",\n' + close) < size) last += 'x';
  value += last + '",\n' + close;
  if (bytes(value) !== size) throw new Error(`yaml block: got ${bytes(value)}`);
  for (const l of value.replace(/\n$/, '').split('\n')) lines.push('      ' + l);
  return `name: Add note to CRM case
integrationType: custom-rest-actions
actionType: custom
config:
  request:
    requestUrlTemplate: https://api.acme-crm.example.com/v1/cases/\${input.caseId}/notes
    requestType: POST
    headers:
      Content-Type: application/json
      Accept: application/json
    requestTemplate: |
${lines.join('\n')}
  response:
    translationMap:
      noteId: $.id
    translationMapDefaults: {}
    successTemplate: '{"noteId": \${noteId}}'
  timeoutSeconds: 5
contract:
  input:
    inputSchema:
      type: object
      properties:
        caseId:
          type: string
      required:
        - caseId
      additionalProperties: true
  output:
    successSchema:
      type: object
      properties:
        noteId:
          type: string
      additionalProperties: true
secure: false
`;
}
writeFileSync(join(dir, 'good-body-exactly-32768-bytes-block-scalar.yaml'), yamlBlock(LIMIT));
writeFileSync(join(dir, 'bad-body-32769-bytes-block-scalar.yaml'), yamlBlock(LIMIT + 1));
