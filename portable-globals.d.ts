// The globals that core/, analysis/ and report/ may use: the few that every runtime they run on
// (node >= 20, workerd, browsers) provides alike, declared as the subset this code uses.
// tsconfig.portable.json type-checks those layers with ES2023 and this file only - no node types,
// no workers types, no DOM - so `Buffer`, `process`, `R2Bucket` or `document` there is an error.
// To use another shared global (URL, structuredClone, ...), declare the part you use here.

/** An opaque timer handle: a number in browsers and workerd, an object in node. */
interface PortableTimer {
  readonly __portableTimer: never;
}
declare function setTimeout(callback: () => void, delayMs?: number): PortableTimer;
/** A timer, not `undefined`: workerd's types take `number | null`, node's and the DOM's `undefined` too. */
declare function clearTimeout(timer: PortableTimer): void;

declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

declare const crypto: {
  readonly subtle: {
    digest(algorithm: "SHA-1" | "SHA-256" | "SHA-384" | "SHA-512", data: ArrayBuffer | ArrayBufferView): Promise<ArrayBuffer>;
  };
};

declare class AbortSignal {
  static timeout(delayMs: number): AbortSignal;
  readonly aborted: boolean;
}

declare class Headers {
  get(name: string): string | null;
}

interface PortableResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: Headers;
  json(): Promise<unknown>;
  text(): Promise<string>;
}
interface PortableRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}
declare function fetch(url: string, init?: PortableRequestInit): Promise<PortableResponse>;
