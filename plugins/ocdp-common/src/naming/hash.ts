const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = (1n << 64n) - 1n;

/** Length of `shortStableHash` output. */
export const SHORT_HASH_LENGTH = 8;

/**
 * A short, stable, isomorphic hash of a string: FNV-1a (64 bit) over its UTF-16 code units,
 * as 8 base-36 characters (about 41 bits), all lowercase letters and digits.
 */
export function shortStableHash(text: string): string {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * FNV_PRIME) & MASK_64;
  }
  return hash.toString(36).padStart(13, '0').slice(-SHORT_HASH_LENGTH);
}
