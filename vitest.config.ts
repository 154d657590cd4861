import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Browser and server tests start real processes; two workers keep a 2-core machine responsive.
    maxWorkers: 2,
    globalSetup: ["tests/e2e/global-setup.ts"],
  },
});
