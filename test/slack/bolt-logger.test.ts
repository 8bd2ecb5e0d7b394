import { Writable } from "node:stream";
import { expect, it } from "vitest";
import { createLogger } from "../../src/shared/logger.ts";
import { toBoltLogger } from "../../src/slack/bolt-logger.ts";

it("writes Bolt's lines as JSON at our level, redacted, and formats nothing below it", () => {
  const lines: string[] = [];
  const logger = createLogger({
    level: "info",
    secrets: ["xoxb-1111-secret-token"],
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString("utf8"));
        done();
      },
    }),
  });
  const bolt = toBoltLogger(logger);
  let formatted = 0;
  const costly = {
    toJSON() {
      formatted++;
      return { body: "large" };
    },
  };
  bolt.debug("http request body:", costly);
  bolt.warn("retrying with", { token: "xoxb-1111-secret-token" });

  expect(formatted).toBe(0);
  expect(lines).toHaveLength(1);
  const line = JSON.parse(lines[0] as string);
  expect(line).toMatchObject({ level: "warn", component: "slack" });
  expect(line.msg).toContain("retrying with");
  expect(line.msg).not.toContain("secret-token");
});
