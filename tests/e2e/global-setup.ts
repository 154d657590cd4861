/**
 * Builds the browser client once before any test file runs, so parallel browser tests never race
 * to rebuild dist/ (each file's own buildClient() then finds it fresh).
 */
import { buildClient } from "./harness.js";

export default async function setup(): Promise<void> {
  await buildClient();
}
