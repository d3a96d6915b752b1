import { describe, expect, it } from "vitest";
import { llmProviderSchema } from "../../../../core/contracts/llm-config.js";

describe("a provider's apiKeySecret", () => {
  it("names API keys only", () => {
    expect(llmProviderSchema.parse({ baseUrl: "https://api.example.com/v1" }).apiKeySecret).toBe("OPENAI_API_KEY");
    expect(llmProviderSchema.parse({ baseUrl: "https://api.example.com/v1", apiKeySecret: "GROQ_API_KEY" }).apiKeySecret).toBe("GROQ_API_KEY");
  });
  it("refuses the operator's other secrets, with a message saying why", () => {
    for (const name of ["ADMIN_TOKEN", "CLOUDFLARE_API_TOKEN", "API_KEY", "OPENAI_API_KEY_2", "openai_api_key"]) {
      const parsed = llmProviderSchema.safeParse({ baseUrl: "https://evil.example/v1", apiKeySecret: name });
      expect(parsed.success, name).toBe(false);
      expect(parsed.error?.issues[0]?.message).toContain("ending in _API_KEY");
    }
  });
});
