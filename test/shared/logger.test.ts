import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/shared/logger.ts";

function capture(secrets: string[] = []) {
  const lines: string[] = [];
  const logger = createLogger({
    level: "debug",
    secrets,
    destination: new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString("utf8"));
        done();
      },
    }),
  });
  return { logger, text: () => lines.join("") };
}

describe("the logger", () => {
  it("writes structured JSON lines", () => {
    const { logger, text } = capture();
    logger.info({ shopId: "acme", job: "pull" }, "pulled");
    expect(JSON.parse(text())).toMatchObject({ shopId: "acme", job: "pull", msg: "pulled", level: "info" });
  });

  it("redacts configured secrets wherever they appear, even inside error messages", () => {
    const { logger, text } = capture(["s3cret-signing-value"]);
    logger.error({ err: new Error("signature with s3cret-signing-value failed") }, "bad");
    expect(text()).not.toContain("s3cret-signing-value");
    expect(text()).toContain("[redacted]");
  });

  it("masks token-shaped strings nobody told it about, and values at secret paths", () => {
    const { logger, text } = capture();
    logger.warn(
      {
        headers: { authorization: "Bearer abc.def" },
        token: "plain-token-value",
        note: "xoxb-123-456-abcdef ya29.a0AfH6SMB",
      },
      "call failed",
    );
    for (const secret of ["abc.def", "plain-token-value", "xoxb-123-456-abcdef", "ya29.a0AfH6SMB"]) {
      expect(text()).not.toContain(secret);
    }
  });
});
