/**
 * fast-check arbitraries for request bodies a write endpoint must refuse: malformed JSON, bodies
 * of the wrong shape, prototype-polluting keys, wrong encodings and content types, and "almost
 * valid" bodies (one valid body per route with one field made hostile). Every body generated here
 * is invalid whatever the route, so the only right answer is a 4xx: a 2xx is a bug, not bad luck.
 */
import fc from 'fast-check';
import { BODY_LIMIT_BYTES } from '../../apps/api/src/http/configure-app';

/** A request body as bytes on the wire, with the headers that say how to read it. */
export interface HostileBody {
  /** What kind of hostility, for the failure message and the per-kind tally. */
  readonly kind: string;
  readonly contentType: string;
  readonly contentEncoding?: string;
  readonly payload: Buffer;
}

/** A piece of JSON text, or raw bytes where the text cannot say it (invalid UTF-8). */
type Fragment = string | Buffer;

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const join = (...parts: Fragment[]) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? utf8(part) : part)));
const json = (contentType = 'application/json') => ({ contentType });

// ---------------------------------------------------------------------------------------------
// Hostile values: JSON fragments that no field of any DTO accepts.

/** `{"a":{"a":…}}` or `[[…]]`, 50 to 2,000 levels: recursion in the parser, class-transformer, the validator. */
export const deeplyNested = (): fc.Arbitrary<string> =>
  fc
    .record({ depth: fc.integer({ min: 50, max: 2000 }), shape: fc.constantFrom('object', 'array', 'mixed'), key: fc.constantFrom('a', '__proto__', 'constructor') })
    .map(({ depth, shape, key }) => {
      let text = '1';
      for (let level = 0; level < depth; level++) {
        const asObject = shape === 'object' || (shape === 'mixed' && level % 2 === 0);
        text = asObject ? `{${JSON.stringify(key)}:${text}}` : `[${text}]`;
      }
      return text;
    });

/** Words that are not JSON but that JavaScript would print for a number. */
const notJsonNumbers = () => fc.constantFrom('NaN', 'Infinity', '-Infinity', 'undefined', '+1', '0x10', '01', '1.', '.5');

/** Numbers JSON can write that no count accepts: beyond 2^53, beyond double range (parses to Infinity), negative zero, fractions. */
const absurdNumbers = () =>
  fc.oneof(
    fc.constantFrom('9007199254740993', '18446744073709551616', '1e308', '1e309', '-1e309', '-0', '-0.0', '0.5', '1e-400', '-9007199254740993'),
    fc.bigInt({ min: 2n ** 53n + 1n, max: 2n ** 200n }).map(String),
  );

/** A count written as a string: `"5"` is text, not a number. */
const numberAsString = () => fc.oneof(fc.integer({ min: 1, max: 1000 }).map(String), fc.constantFrom(' 7', '1e3', '0x10', 'NaN', '5.0')).map((n) => JSON.stringify(n));

/** C0 control characters and DEL: refused in ids, text, dates and enum values alike. */
const controlCharacter = () => fc.integer({ min: 0, max: 0x1f }).chain((code) => fc.constantFrom(String.fromCharCode(code), '\u007f'));

/** UTF-16 halves without their other half: not Unicode, cannot be written as UTF-8 (nor stored by PostgreSQL). */
const loneSurrogate = () => fc.constantFrom('\\ud800', '\\udbff', '\\udc00', '\\udfff', '\\ud83d');

/** Bytes that are not UTF-8: a stray continuation byte, 0xff, an overlong `/`, an encoded surrogate, a cut-off sequence. */
const invalidUtf8 = () =>
  fc.constantFrom(Buffer.from([0xff]), Buffer.from([0x80]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xe6, 0x9c]), Buffer.from([0xfe, 0xfe]));

/** Strings that fit under the body limit and are over every field's length (text: 200, ids: 64). */
const longString = () =>
  fc.record({ length: fc.integer({ min: 201, max: BODY_LIMIT_BYTES - 4096 }), char: fc.constantFrom('x', '9', ' ', 'é', '朝') }).map(({ length, char }) =>
    JSON.stringify(char.repeat(Math.floor(length / Buffer.byteLength(char)))),
  );

/** A value inside a string leaf, keeping the valid text around it, so only the hostile part is wrong. */
const insideString = (valid: string, hostile: fc.Arbitrary<Fragment>): fc.Arbitrary<Fragment> =>
  fc.tuple(fc.integer({ min: 0, max: valid.length }), hostile).map(([at, inserted]) => {
    const before = JSON.stringify(valid.slice(0, at)).slice(0, -1);
    const after = JSON.stringify(valid.slice(at)).slice(1);
    return typeof inserted === 'string' ? before + inserted + after : join(before, inserted, after);
  });

const escapedControlCharacter = () => controlCharacter().map((char) => JSON.stringify(char).slice(1, -1));
/** A control character as the raw byte rather than `\u0001`: JSON itself forbids that. */
const rawControlCharacter = () => controlCharacter().map((char) => Buffer.from(char, 'latin1'));

/** Hostile replacements for a leaf of a valid body, by what the leaf held. Each is invalid for that leaf. */
function hostileLeaf(valid: unknown): fc.Arbitrary<Fragment> {
  const anywhere: fc.Arbitrary<Fragment>[] = [
    deeplyNested(),
    notJsonNumbers(),
    fc.constantFrom('true', 'false', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '[[]]', '"'),
    longString(),
  ];
  if (typeof valid === 'number') return fc.oneof(...anywhere, absurdNumbers(), numberAsString());
  if (typeof valid === 'string') {
    return fc.oneof(
      ...anywhere,
      absurdNumbers(),
      insideString(valid, escapedControlCharacter()),
      insideString(valid, rawControlCharacter()),
      insideString(valid, loneSurrogate()),
      insideString(valid, invalidUtf8()),
    );
  }
  // A list or an object: a number or a string is of the wrong type, as are lists of lists.
  return fc.oneof(...anywhere, absurdNumbers(), fc.constant('"[]"'), fc.constant('[[]]'));
}

// ---------------------------------------------------------------------------------------------
// Almost valid: one valid body per write route, with one leaf made hostile or one key added.

const HOLE = '__hostile_hole_7f3a__';
const HOLE_KEY = '__hostile_key_7f3a__';

/** JSON text of `body` with the placeholder string (a value, or a key) replaced by a raw fragment. */
function withFragment(body: unknown, placeholder: string, fragment: Fragment): Buffer {
  const text = JSON.stringify(body);
  const quoted = JSON.stringify(placeholder);
  const at = text.indexOf(quoted);
  if (at < 0) throw new Error(`placeholder ${placeholder} not in ${text}`);
  return join(text.slice(0, at), fragment, text.slice(at + quoted.length));
}

type Path = readonly (string | number)[];

/** Every leaf and every container of a body, so a mutation can hit a field, an element or a nested field. */
function pathsOf(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return [path, ...value.flatMap((element, i) => pathsOf(element, [...path, i]))].filter((p) => p.length > 0);
  if (typeof value === 'object' && value !== null) {
    return [path, ...Object.entries(value).flatMap(([key, child]) => pathsOf(child, [...path, key]))].filter((p) => p.length > 0);
  }
  return [path];
}

/** The objects of a body (itself, nested ones), where an unknown key can be added. */
function objectPathsOf(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((element, i) => objectPathsOf(element, [...path, i]));
  if (typeof value === 'object' && value !== null) {
    return [path, ...Object.entries(value).flatMap(([key, child]) => objectPathsOf(child, [...path, key]))];
  }
  return [];
}

const at = (value: unknown, path: Path): unknown => path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value);

function replaced(value: unknown, path: Path, by: unknown): unknown {
  if (path.length === 0) return by;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head] = replaced(copy[head], rest, by);
  return copy;
}

/**
 * Keys no DTO declares. `__proto__`, `constructor` and `prototype` reach the validator as own keys
 * (JSON.parse makes them so); the others name members every object inherits.
 */
const unknownKey = () =>
  fc.oneof(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', '', ' ', 'id ', 'ID'),
    fc.string({ minLength: 1, maxLength: 20 }).map((key) => `unknown_${key}`),
  );

/** A value for an unknown key: any value will do (the key is the fault), pollution attempts preferred. */
const anyValue = (): fc.Arbitrary<string> =>
  fc.oneof(fc.constantFrom('{"polluted":true}', '{"prototype":{"polluted":true}}', 'null', '1', '"x"', '[]'), fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)));

/** `valid` with one leaf or container replaced by a value it cannot hold. */
export const oneFieldMadeHostile = (valid: object): fc.Arbitrary<HostileBody> =>
  fc.constantFrom(...pathsOf(valid)).chain((path) =>
    hostileLeaf(at(valid, path)).map((fragment) => ({
      kind: `almost valid: ${path.join('.')} hostile`,
      ...json(),
      payload: withFragment(replaced(valid, path, HOLE), HOLE, fragment),
    })),
  );

/** `valid` with a key its DTO does not declare, at the top or in a nested object. */
export const unknownKeyAdded = (valid: object): fc.Arbitrary<HostileBody> =>
  fc.tuple(fc.constantFrom(...objectPathsOf(valid)), unknownKey(), anyValue()).map(([path, key, value]) => {
    const target = { ...(at(valid, path) as object), [HOLE_KEY]: HOLE };
    const withKey = withFragment(replaced(valid, path, target), HOLE_KEY, JSON.stringify(key));
    return {
      kind: `almost valid: unknown key ${JSON.stringify(key)} at ${path.join('.') || 'top'}`,
      ...json(),
      payload: join(withKey.toString('utf8').replace(JSON.stringify(HOLE), () => value)),
    };
  });

// ---------------------------------------------------------------------------------------------
// Bodies hostile as a whole, whatever the route.

/** Not JSON at all, or JSON JavaScript would write but JSON forbids. */
const malformedJson = (valid: object): fc.Arbitrary<HostileBody> =>
  fc
    .oneof(
      fc.constantFrom('{', '}', '{"a":1,}', "{'a':1}", '{"a":NaN}', '{"a":Infinity}', '{"a":-Infinity}', '{"a":undefined}', '{a:1}', '{"a":1}{"b":2}', '{"a":"\\x41"}', '{"a":"\\u12"}', '/* */{}'),
      fc.string({ maxLength: 200 }).map((text) => `{${text}`),
      fc.nat({ max: JSON.stringify(valid).length - 1 }).map((cut) => JSON.stringify(valid).slice(0, cut)),
    )
    .map((text) => ({ kind: 'malformed JSON', ...json(), payload: utf8(text) }));

/** JSON, but not an object: a list, null, a string, a number, a boolean, or nothing at all. */
const notAnObject = (valid: object): fc.Arbitrary<HostileBody> =>
  fc
    .oneof(fc.constantFrom('null', '"a string"', '42', 'true', '[]', '', ' ', '\n'), fc.constant(JSON.stringify([valid])), fc.constant(JSON.stringify(JSON.stringify(valid))), fc.jsonValue().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)).map((v) => JSON.stringify(v)))
    .map((text) => ({ kind: `not an object: ${text.slice(0, 20) || 'empty'}`, ...json(), payload: utf8(text) }));

/** Deep nesting as the whole body, or under a key no DTO has. */
const deepBody = (): fc.Arbitrary<HostileBody> =>
  fc.tuple(deeplyNested(), fc.boolean()).map(([nested, wrapped]) => ({ kind: 'deeply nested', ...json(), payload: utf8(wrapped ? `{"nested":${nested}}` : nested) }));

/** Prototype keys at the top and nested, with nothing else: required fields missing as well. */
const prototypeKeys = (): fc.Arbitrary<HostileBody> =>
  fc
    .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.constantFrom('__proto__', 'constructor', 'prototype', 'polluted'), anyValue())
    .map(([outer, inner, value]) => ({ kind: `prototype key ${outer}.${inner}`, ...json(), payload: utf8(`{${JSON.stringify(outer)}:{${JSON.stringify(inner)}:${value}}}`) }));

/** Over the 1 MiB limit (413), or just under it with one huge unknown field (400). */
const hugeBody = (): fc.Arbitrary<HostileBody> =>
  fc
    .oneof(
      fc.integer({ min: BODY_LIMIT_BYTES + 1, max: Math.floor(1.5 * 1024 * 1024) }),
      fc.integer({ min: BODY_LIMIT_BYTES - 64, max: BODY_LIMIT_BYTES }),
    )
    .map((size) => {
      const frame = '{"huge":""}';
      return { kind: size > BODY_LIMIT_BYTES ? 'over the body limit' : 'just under the body limit', ...json(), payload: utf8(`{"huge":"${'x'.repeat(size - frame.length)}"}`) };
    });

/** A valid body whose bytes are not what the headers say: wrong charset, bad compression, not UTF-8 at all. */
const wrongEncoding = (valid: object): fc.Arbitrary<HostileBody> => {
  const text = JSON.stringify(valid);
  return fc.oneof(
    fc.constantFrom('latin1', 'iso-8859-1', 'windows-1252', 'ascii', 'shift_jis', 'gbk', 'bogus').map((charset) => ({
      kind: `charset ${charset}`,
      contentType: `application/json; charset=${charset}`,
      payload: Buffer.from(text, 'latin1'),
    })),
    fc.constant({ kind: 'UTF-16 bytes declared UTF-8', ...json(), payload: Buffer.from(text, 'utf16le') }),
    // UTF-16 correctly declared is decoded and accepted by body-parser (see the report): here the
    // declaration lies, UTF-8 bytes read as UTF-16 are not JSON.
    fc.constant({ kind: 'UTF-8 bytes declared UTF-16', contentType: 'application/json; charset=utf-16', payload: utf8(text) }),
    fc.constantFrom('gzip', 'deflate', 'br', 'compress', 'bogus').map((encoding) => ({ kind: `content-encoding ${encoding} on plain bytes`, ...json(), contentEncoding: encoding, payload: utf8(text) })),
  );
};

/** A BOM before a body that is refused anyway: the BOM must not turn a refusal into a crash. */
const withBom = (inner: fc.Arbitrary<HostileBody>): fc.Arbitrary<HostileBody> =>
  inner.map((body) => ({ ...body, kind: `BOM + ${body.kind}`, payload: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body.payload]) }));

/** The valid body under a content type the API does not read as JSON: it must be refused, not guessed at. */
const mixedUpContentType = (valid: object): fc.Arbitrary<HostileBody> => {
  const text = JSON.stringify(valid);
  const form = new URLSearchParams(Object.entries(valid).map(([key, value]): [string, string] => [key, typeof value === 'string' ? value : JSON.stringify(value)])).toString();
  const boundary = 'fuzzboundary';
  const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="body"\r\nContent-Type: application/json\r\n\r\n${text}\r\n--${boundary}--\r\n`;
  return fc.constantFrom<HostileBody>(
    { kind: 'text/plain', contentType: 'text/plain', payload: utf8(text) },
    { kind: 'form-urlencoded', contentType: 'application/x-www-form-urlencoded', payload: utf8(form) },
    { kind: 'multipart', contentType: `multipart/form-data; boundary=${boundary}`, payload: utf8(multipart) },
    { kind: 'octet-stream', contentType: 'application/octet-stream', payload: utf8(text) },
    { kind: 'application/vnd.api+json', contentType: 'application/vnd.api+json', payload: utf8(text) },
    { kind: 'text/json', contentType: 'text/json', payload: utf8(text) },
    { kind: 'application/xml', contentType: 'application/xml', payload: utf8(`<body>${text}</body>`) },
  );
};

/**
 * Every hostile body for a route whose valid body is `valid` (`undefined` for a route that takes
 * no body: only the bodies hostile as a whole then). Weights keep the huge bodies rare enough for
 * the run to stay fast and the almost-valid ones, which reach validation, frequent.
 */
export function hostileBodies(valid: object | undefined): fc.Arbitrary<HostileBody> {
  const shape = valid ?? { field: 'value' };
  const whole: fc.WeightedArbitrary<HostileBody>[] = [
    { weight: 3, arbitrary: malformedJson(shape) },
    { weight: 2, arbitrary: notAnObject(shape) },
    { weight: 2, arbitrary: deepBody() },
    { weight: 2, arbitrary: prototypeKeys() },
    { weight: 1, arbitrary: hugeBody() },
    { weight: 2, arbitrary: wrongEncoding(shape) },
    { weight: 1, arbitrary: withBom(malformedJson(shape)) },
    { weight: 2, arbitrary: mixedUpContentType(shape) },
  ];
  if (valid === undefined) return fc.oneof(...whole);
  return fc.oneof(
    ...whole,
    { weight: 10, arbitrary: oneFieldMadeHostile(valid) },
    { weight: 4, arbitrary: unknownKeyAdded(valid) },
    { weight: 1, arbitrary: withBom(unknownKeyAdded(valid)) },
  );
}
