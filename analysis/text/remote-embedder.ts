import { z } from "zod";
import type { Embedder } from "./embedder.js";
import { normalize } from "./vector.js";
import type { Vector } from "./vector.js";

const embeddingsResponseSchema = z.object({
  data: z.array(z.object({ index: z.number().int().min(0), embedding: z.array(z.number()) })),
});

export interface RemoteEmbedderOptions {
  /** An OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1 (Ollama) or https://api.openai.com/v1. */
  readonly baseUrl: string;
  readonly model: string;
  readonly apiKey?: string | undefined;
  /** Texts per request. */
  readonly batchSize?: number | undefined;
  readonly fetch?: typeof fetch | undefined;
}

export class EmbeddingRequestError extends Error {
  override readonly name = "EmbeddingRequestError";
}

/**
 * The optional embedder: any OpenAI-compatible `/embeddings` endpoint (the reference study used
 * all-MiniLM-L6-v2). The answer is validated; vectors are L2-normalised like the default's.
 */
export class RemoteEmbedder implements Embedder {
  readonly name: string;
  dims = 0;
  private readonly fetcher: typeof fetch;

  constructor(private readonly options: RemoteEmbedderOptions) {
    this.name = `openai-compatible:${options.model}`;
    this.fetcher = options.fetch ?? fetch;
  }

  fit(): void {
    // Pretrained: nothing to learn from the corpus.
  }

  async embed(texts: readonly string[]): Promise<Vector[]> {
    const out: Vector[] = [];
    const batchSize = this.options.batchSize ?? 128;
    for (let i = 0; i < texts.length; i += batchSize) {
      const batch = texts.slice(i, i + batchSize);
      const response = await this.fetcher(`${this.options.baseUrl.replace(/\/$/, "")}/embeddings`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...(this.options.apiKey ? { Authorization: `Bearer ${this.options.apiKey}` } : {}) },
        body: JSON.stringify({ model: this.options.model, input: batch }),
      });
      if (!response.ok) throw new EmbeddingRequestError(`embeddings endpoint answered HTTP ${response.status}`);
      const parsed = embeddingsResponseSchema.safeParse(await response.json());
      if (!parsed.success)
        throw new EmbeddingRequestError(`embeddings endpoint answered an unexpected shape: ${parsed.error.issues[0]?.message ?? ""}`);
      const byIndex = [...parsed.data.data].sort((a, b) => a.index - b.index);
      if (byIndex.length !== batch.length) throw new EmbeddingRequestError(`asked for ${batch.length} embeddings, got ${byIndex.length}`);
      for (const item of byIndex) {
        if (this.dims === 0) this.dims = item.embedding.length;
        if (item.embedding.length !== this.dims) throw new EmbeddingRequestError("embeddings of different sizes");
        out.push(Float32Array.from(normalize(Float64Array.from(item.embedding))));
      }
    }
    return out;
  }
}
