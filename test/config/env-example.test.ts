import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EnvSchema } from "../../src/config/env-schema.ts";

describe(".env.example", () => {
  it("documents every environment variable ShopOps reads, and no other", () => {
    const documented = readFileSync(".env.example", "utf8")
      .split("\n")
      .filter((line) => /^[A-Z0-9_]+=/.test(line))
      .map((line) => line.split("=")[0]);
    const shape = (EnvSchema as unknown as { in: { shape: Record<string, unknown> } }).in.shape;
    expect(documented.sort()).toEqual(Object.keys(shape).sort());
  });
});
