import { sha256Hex } from "../../../core/events/part.js";
import { platformKeyBytes } from "../../../core/tunables.js";

const keyPrefix = "moltbook_";
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Random characters from the alphabet, without modulo bias (bytes >= 248 are redrawn). */
function randomText(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < 248 && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

/**
 * A new API key: `moltbook_` and 43 base-62 characters (256 bits from the platform's CSPRNG). It
 * leaves the Worker once, in the registration answer; only its SHA-256 is stored.
 */
export function mintApiKey(): string {
  return `${keyPrefix}${randomText(Math.ceil((platformKeyBytes * 8) / Math.log2(alphabet.length)))}`;
}

/** A short code a person can read back, as Moltbook's claim flow shows (`reef-X4B2`). */
export function verificationCode(): string {
  return `murmur-${randomText(4).toUpperCase()}`;
}

export const hashOf = (text: string): Promise<string> => sha256Hex(text);

/** The bearer token of a request, or null when there is none. */
export function bearerOf(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
