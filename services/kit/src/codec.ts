const enc = new TextEncoder();
const dec = new TextDecoder();

/** JSON over NATS; an empty or non-JSON payload decodes to undefined (then fails schema parsing). */
export const encode = (v: unknown): Uint8Array => enc.encode(JSON.stringify(v ?? {}));

export function decode(data: Uint8Array): unknown {
  if (data.length === 0) return {};
  try {
    return JSON.parse(dec.decode(data));
  } catch {
    return undefined;
  }
}
