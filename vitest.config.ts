import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Slack, Google and Meta are fakes on 127.0.0.1; nothing leaves the machine.
    env: { NODE_ENV: "test", LOG_LEVEL: "silent" },
  },
});
