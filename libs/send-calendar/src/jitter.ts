/**
 * A deterministic spread so a campaign's sends do not all leave on the same minute: FNV-1a over the key, then
 * Murmur3's finaliser to mix the low bits. Same key, same offset, on every replay and every machine.
 */
export function jitterHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Whole seconds in [0, jitterSeconds), as milliseconds. */
export function jitterMs(key: string, jitterSeconds: number): number {
  const span = Math.floor(jitterSeconds);
  return span > 0 ? (jitterHash(key) % span) * 1000 : 0;
}
