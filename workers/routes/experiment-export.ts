import { mergeRound, roundManifestSchema, sha256Hex } from "../../core/events/part.js";
import { roundManifestKey, telemetryKey } from "../../durable-objects/common/names.js";

export class ExportVerificationError extends Error {
  override readonly name = "ExportVerificationError";
}

async function readText(bucket: R2Bucket, key: string): Promise<string> {
  const object = await bucket.get(key);
  if (!object) throw new ExportVerificationError(`missing object ${key}`);
  return object.text();
}

/**
 * The canonical log of rounds [0, rounds) as one ordered NDJSON stream. Every part is checked
 * against its round's manifest (sha256 and line count) before a line of that round is sent.
 */
export function exportEvents(bucket: R2Bucket, experimentId: string, rounds: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let round = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (round >= rounds) {
        controller.close();
        return;
      }
      const manifest = roundManifestSchema.parse(JSON.parse(await readText(bucket, roundManifestKey(experimentId, round))));
      const parts = await Promise.all(
        manifest.parts.map(async (entry) => {
          const body = await readText(bucket, entry.key);
          const lines = body === "" ? 0 : body.split("\n").length - 1;
          if (lines !== entry.lines || (await sha256Hex(body)) !== entry.sha256) {
            throw new ExportVerificationError(`part ${entry.key} does not match its manifest`);
          }
          return body;
        }),
      );
      const lines = mergeRound(parts);
      round++;
      if (lines.length > 0) controller.enqueue(encoder.encode(`${lines.join("\n")}\n`));
    },
  });
}

/** Telemetry (wall-clock values) of rounds [0, rounds), one line per round. */
export function exportTelemetry(bucket: R2Bucket, experimentId: string, rounds: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let round = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (round >= rounds) {
        controller.close();
        return;
      }
      const object = await bucket.get(telemetryKey(experimentId, round));
      round++;
      if (object) controller.enqueue(encoder.encode(await object.text()));
    },
  });
}
