/**
 * 32-bit hashing for feature hashing: FNV-1a over UTF-16 code units, which can be fed
 * one character at a time (character n-grams need no substrings), and murmur3's
 * finaliser to spread FNV's weak low bits before they pick a bucket.
 */

/** FNV-1a's offset basis: the hash of the empty string. */
export const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Feeds one UTF-16 code unit into an FNV-1a hash. */
export function fnv1aStep(hash: number, codeUnit: number): number {
  return Math.imul(hash ^ codeUnit, FNV_PRIME) >>> 0;
}

/** FNV-1a 32-bit of a string, optionally continuing from an earlier hash. */
export function fnv1a32(text: string, hash: number = FNV_OFFSET_BASIS): number {
  let h = hash;
  for (let i = 0; i < text.length; i += 1) h = fnv1aStep(h, text.charCodeAt(i));
  return h;
}

/** murmur3's 32-bit finaliser: every input bit affects every output bit. */
export function mix32(hash: number): number {
  let h = hash >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// A second, independent mix decides the sign, so bucket and sign are uncorrelated.
const SIGN_SEED = 0x9e3779b9;

/** The bucket (0 … dimension-1) a feature hash contributes to. */
export function bucketIndex(featureHash: number, dimension: number): number {
  return mix32(featureHash) % dimension;
}

/** The sign (+1/-1) a feature hash contributes with, independent of its bucket. */
export function bucketSign(featureHash: number): 1 | -1 {
  return (mix32(featureHash ^ SIGN_SEED) & 1) === 0 ? 1 : -1;
}
