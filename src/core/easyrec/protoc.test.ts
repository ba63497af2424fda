/**
 * Checks against EasyRec's own .proto files, which the repository never contains. To run:
 * copy `easy_rec/python/protos/*.proto` of github.com/alibaba/EasyRec into
 * `<DIR>/easy_rec/python/protos/` (the imports need that layout), outside the repository,
 * install protoc (Debian: protobuf-compiler), and run
 * `EASYREC_PROTO_DIR=<DIR> npx vitest run src/core/easyrec/protoc.test.ts`.
 * Without the variable these tests are skipped, with that reason in their names.
 *
 * 1. Every exported config encodes with `protoc --encode=protos.EasyRecConfig` with exit
 *    status 0 and nothing on stderr; protoc's own decoding of it
 *    imports back to the same config (strings exact, numbers to float32 precision).
 * 2. The SCHEMA table agrees with the .proto files: numbers, labels, types, defaults, oneofs,
 *    enum values, and no field of a message we decode is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PRESET_NAMES, preset } from '../project/presets';
import { exportConfig } from './export';
import { importConfig } from './import';
import { projectArb } from './arbitrary';
import { ENUMS, SCHEMA } from './schema';
import { equivalentForm } from './testing';

/** Every number rounded to float32, the precision of EasyRec's `float` fields. */
function float32(value: unknown): unknown {
  if (typeof value === 'number') return Math.fround(value);
  if (Array.isArray(value)) return value.map(float32);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, float32(v)]));
  }
  return value;
}

const dir = process.env.EASYREC_PROTO_DIR ?? '';
const PROTOS = 'easy_rec/python/protos';
const enabled = dir !== '' && existsSync(join(dir, PROTOS, 'pipeline.proto'));
const suite = enabled ? describe : describe.skip;
const skipNote = enabled ? '' : ' (skipped: set EASYREC_PROTO_DIR to a copy of EasyRec protos)';

function protoc(mode: 'encode' | 'decode', input: string | Buffer) {
  const result = spawnSync(
    'protoc',
    [`--${mode}=protos.EasyRecConfig`, '-I', dir, `${PROTOS}/pipeline.proto`],
    { input },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString() };
}

function exported(text: string | null, what: string): string {
  if (text === null) throw new Error(`${what} did not export`);
  return text;
}

suite(`protoc accepts what we export${skipNote}`, () => {
  const fixtures = ['live_streaming.golden.config', 'every_field.config', 'unsupported.config'];

  it.each(PRESET_NAMES)('preset %s encodes with exit 0 and empty stderr', (name) => {
    const result = exportConfig(preset(name));
    const encoded = protoc('encode', exported(result.ok ? result.text : null, name));
    expect(encoded.stderr).toBe('');
    expect(encoded.status).toBe(0);
  });

  it.each(fixtures)('fixture %s encodes (our fixtures are valid EasyRec configs)', (name) => {
    const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
    const encoded = protoc('encode', text);
    expect(encoded.stderr).toBe('');
    expect(encoded.status).toBe(0);
  });

  it('random valid projects encode, and protoc’s decoding imports back to the same config', () => {
    fc.assert(
      fc.property(projectArb, (project) => {
        const text = exported(((r) => (r.ok ? r.text : null))(exportConfig(project)), 'random');
        const encoded = protoc('encode', text);
        expect(encoded.stderr).toBe('');
        expect(encoded.status).toBe(0);
        // protoc prints its own text (octal escapes, field-number order, float rounding
        // to float32 where the field is a float): reading it back must give our config.
        const decoded = protoc('decode', encoded.stdout);
        expect(decoded.status).toBe(0);
        const back = importConfig(decoded.stdout.toString());
        expect(back.report).toEqual([]);
        const again = exportConfig(back.project as NonNullable<typeof back.project>);
        if (!again.ok) throw new Error(JSON.stringify(again.problems));
        // Strings (escapes, non-ASCII) must come back exactly; numbers up to float32.
        expect(float32(equivalentForm(again.text))).toEqual(float32(equivalentForm(text)));
      }),
      { seed: 11, numRuns: 40 },
    );
  });
});

interface ProtoField {
  label: string;
  type: string;
  number: number;
  default?: string;
  oneof?: string;
}

/** A small reader for the subset of proto2 syntax EasyRec's files use. */
function readProtos(): {
  messages: Map<string, Map<string, ProtoField>>;
  enums: Map<string, Map<string, number>>;
} {
  const messages = new Map<string, Map<string, ProtoField>>();
  const enums = new Map<string, Map<string, number>>();
  for (const file of readdirSync(join(dir, PROTOS)).filter((f) => f.endsWith('.proto'))) {
    const text = readFileSync(join(dir, PROTOS, file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    const stack: { kind: string; name: string }[] = [];
    for (const token of text.match(/[{}]|[^{}]+/g) ?? []) {
      if (token === '}') {
        stack.pop();
        continue;
      }
      if (token === '{') continue;
      // Split at `;` outside quotes (`[default = ';']` exists).
      const statements = token.split(/;(?=(?:[^'"]*['"][^'"]*['"])*[^'"]*$)/);
      const last = (statements.pop() ?? '').trim();
      const inner = stack[stack.length - 1];
      for (const statement of statements.map((s) => s.trim()).filter(Boolean)) {
        const f =
          /^(?:(optional|required|repeated)\s+)?([\w.]+)\s+(\w+)\s*=\s*(\d+)\s*(?:\[\s*default\s*=\s*(.+?)\s*\])?$/.exec(
            statement,
          );
        const e = /^(\w+)\s*=\s*(-?\d+)$/.exec(statement);
        if (inner?.kind === 'enum' && e) enums.get(inner.name)?.set(e[1] as string, Number(e[2]));
        else if (f && inner) {
          const owner = inner.kind === 'oneof' ? stack[stack.length - 2] : inner;
          messages.get(owner?.name ?? '')?.set(f[3] as string, {
            label: f[1] ?? 'optional',
            type: (f[2] as string).split('.').pop() as string,
            number: Number(f[4]),
            ...(f[5] !== undefined ? { default: f[5] } : {}),
            ...(inner.kind === 'oneof' ? { oneof: inner.name } : {}),
          });
        }
      }
      const block = /^(message|enum|oneof)\s+(\w+)$/.exec(last);
      if (block) {
        const [, kind, name] = block as unknown as [string, string, string];
        stack.push({ kind, name });
        if (kind === 'message' && !messages.has(name)) messages.set(name, new Map());
        if (kind === 'enum' && !enums.has(name)) enums.set(name, new Map());
      } else if (last !== '') stack.push({ kind: 'other', name: last });
    }
  }
  return { messages, enums };
}

function sameDefault(
  proto: string | undefined,
  ours: string | number | boolean | undefined,
): boolean {
  if (proto === undefined || ours === undefined) return proto === ours;
  if (typeof ours === 'number') return Math.abs(Number(proto) - ours) <= Math.abs(ours) * 1e-12;
  if (typeof ours === 'boolean') return proto === String(ours);
  return proto.replace(/^["']|["']$/g, '') === ours;
}

suite(`SCHEMA agrees with EasyRec's .proto files${skipNote}`, () => {
  const { messages, enums } = enabled ? readProtos() : { messages: new Map(), enums: new Map() };

  it.each(Object.keys(SCHEMA))('message %s', (name) => {
    const proto = messages.get(name);
    expect(proto, `message ${name} in the protos`).toBeDefined();
    const ours = SCHEMA[name]?.fields ?? [];
    for (const fs of ours) {
      const p = proto?.get(fs.name);
      expect(p, `${name}.${fs.name}`).toBeDefined();
      if (!p) continue;
      const type =
        fs.kind === 'message' || fs.kind === 'opaque' || fs.kind === 'enum' ? fs.type : fs.kind;
      expect([p.number, p.label, p.type, p.oneof], `${name}.${fs.name}`).toEqual([
        fs.number,
        fs.label,
        type,
        fs.oneof,
      ]);
      expect(
        sameDefault(p.default, fs.default),
        `${name}.${fs.name} default ${p.default} vs ${String(fs.default)}`,
      ).toBe(true);
    }
    // Completeness: an unknown field is an error only if EasyRec does not know it either.
    expect([...(proto?.keys() ?? [])].sort()).toEqual(ours.map((f) => f.name).sort());
  });

  it.each(Object.keys(ENUMS))('enum %s', (name) => {
    expect(Object.fromEntries(enums.get(name) ?? [])).toEqual(ENUMS[name]);
  });
});
