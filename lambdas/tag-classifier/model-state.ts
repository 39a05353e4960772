import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { TagClassifierOptions, TagClassifierState } from './classifier';

/**
 * The stored form's version: bump it when the meaning of a stored model changes (a new
 * field in the state, a different feature extraction or arithmetic), so older models are
 * neither decoded nor trusted as fresh.
 */
export const TAG_MODEL_FORMAT_VERSION = 1;

/** What a stored model holds: the classifier and the example texts per label a model prompt shows. */
export interface StoredTagModel {
  readonly classifier: TagClassifierState;
  /** Example texts by `${field}\u0000${label}`, newest first. */
  readonly examples: Readonly<Record<string, readonly string[]>>;
}

const MAGIC = 'SYTC';
const TYPED = {
  Int32Array,
  Uint32Array,
  Float64Array,
  Uint8Array,
} as const;
type TypedName = keyof typeof TYPED;
type Typed = InstanceType<(typeof TYPED)[TypedName]>;

/**
 * The binary container of a model: "SYTC", the format version (uint32 LE), then gzip of
 * one JSON header (the state with every typed array replaced by its place) and the typed
 * arrays' bytes, each 8-byte aligned. The history's term indices are stored as gaps
 * (ascending within each text), which compress to a fraction of the indices.
 */
export function encodeTagModel(model: StoredTagModel): Buffer {
  const { counts } = model.classifier;
  const gaps = new Int32Array(counts.indices.length);
  for (let d = 0; d + 1 < counts.offsets.length; d += 1) {
    let previous = 0;
    for (let k = counts.offsets[d] as number; k < (counts.offsets[d + 1] as number); k += 1) {
      gaps[k] = (counts.indices[k] as number) - previous;
      previous = counts.indices[k] as number;
    }
  }
  const plain = { ...model, classifier: { ...model.classifier, counts: { ...counts, indices: gaps } } };
  const parts: Typed[] = [];
  let length = 0;
  const header = JSON.stringify(plain, (_key, value: unknown) => {
    const name = typedNameOf(value);
    if (name === undefined) return value;
    const array = value as Typed;
    const place = { $typed: name, offset: length, length: array.length };
    parts.push(array);
    length += align8(array.byteLength);
    return place;
  });
  const headerBytes = Buffer.from(header, 'utf8');
  const start = align8(4 + headerBytes.length);
  const payload = Buffer.alloc(start + length);
  payload.writeUInt32LE(headerBytes.length, 0);
  headerBytes.copy(payload, 4);
  let at = start;
  for (const array of parts) {
    Buffer.from(array.buffer, array.byteOffset, array.byteLength).copy(payload, at);
    at += align8(array.byteLength);
  }
  const prefix = Buffer.alloc(8);
  prefix.write(MAGIC, 0, 'ascii');
  prefix.writeUInt32LE(TAG_MODEL_FORMAT_VERSION, 4);
  return Buffer.concat([prefix, gzipSync(payload, { level: 6 })]);
}

/** Reads a model written by {@link encodeTagModel}; throws, naming what is wrong, on another format or version. */
export function decodeTagModel(bytes: Uint8Array): StoredTagModel {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 8 || buffer.toString('ascii', 0, 4) !== MAGIC)
    throw new Error('Not a stored Tag Classifier model: it does not start with "SYTC".');
  const version = buffer.readUInt32LE(4);
  if (version !== TAG_MODEL_FORMAT_VERSION)
    throw new Error(
      `Stored Tag Classifier model has format version ${version}; this code reads ${TAG_MODEL_FORMAT_VERSION}.`,
    );
  const unzipped = gunzipSync(buffer.subarray(8));
  // Typed arrays need their element alignment: copy once into a fresh (aligned) buffer if needed.
  const payload = unzipped.byteOffset % 8 === 0 ? unzipped : Buffer.from(Uint8Array.prototype.slice.call(unzipped));
  const headerLength = payload.readUInt32LE(0);
  const start = align8(4 + headerLength);
  const model = JSON.parse(payload.toString('utf8', 4, 4 + headerLength), (_key, value: unknown) => {
    if (typeof value !== 'object' || value === null || !('$typed' in value)) return value;
    const place = value as { $typed: TypedName; offset: number; length: number };
    const Type = TYPED[place.$typed];
    return new Type(payload.buffer, payload.byteOffset + start + place.offset, place.length);
  }) as StoredTagModel;
  const { counts } = model.classifier;
  const indices = counts.indices as Int32Array;
  for (let d = 0; d + 1 < counts.offsets.length; d += 1) {
    let previous = 0;
    for (let k = counts.offsets[d] as number; k < (counts.offsets[d + 1] as number); k += 1) {
      previous += indices[k] as number;
      indices[k] = previous;
    }
  }
  return model;
}

/**
 * A stored model's fingerprint: the format version and the options it was trained with
 * (defaults filled in, keys sorted). A model is reused only under the same fingerprint,
 * so a change of options or defaults makes the next trainer run retrain.
 */
export function tagModelFingerprint(resolvedOptions: TagClassifierOptions): string {
  const canonical = JSON.stringify({ version: TAG_MODEL_FORMAT_VERSION, options: sortKeys(resolvedOptions) });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

function typedNameOf(value: unknown): TypedName | undefined {
  if (value instanceof Int32Array) return 'Int32Array';
  if (value instanceof Uint32Array) return 'Uint32Array';
  if (value instanceof Float64Array) return 'Float64Array';
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return 'Uint8Array';
  return undefined;
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
