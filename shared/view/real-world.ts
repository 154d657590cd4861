/**
 * The debrief's real-world card. The game runs at human speed: a message takes a game-second or
 * two, an election timeout several. The book's systems run in milliseconds. The card puts this
 * game's own numbers next to the book's magnitudes for the level's chapter (design/book-brief.md,
 * debrief kit item 6), so "4 gs to commit" becomes something to set beside a real datacenter.
 */
import type { DebriefMetrics } from "./debrief-metrics.js";
import type { Arrow } from "./space-time.js";

export interface RealWorldCard {
  /** This game, in game-seconds. */
  here: string[];
  /** The book's magnitudes for the chapter. */
  there: string[];
}

const TICKS_PER_GAME_SECOND = 10;

/** The book's magnitudes, by chapter (only figures the book gives). */
const MAGNITUDES: Readonly<Record<number, readonly string[]>> = {
  1: [
    "A local call takes nanoseconds; a call over the network takes milliseconds.",
    "Twenty calls in a row at 5 ms each already cost 100 ms: one page load adds up to about 105 ms.",
  ],
  2: [
    "A local call takes nanoseconds; a network call takes milliseconds. The book's page load adds up to about 105 ms: auth 5, user 5, preferences 5, flags 5, recommendations 30 over HTTP, five detail lookups at 10 ms each, logging 5.",
    "N+1 queries are fine with 10 rows; with 10,000 rows they are 10,000 calls.",
  ],
  3: [
    "Partitions are rare but not exceptional: cables, routers, hardware and cloud incidents all cause them, so CAP is the choice you make while one lasts.",
    "A cart briefly short one item is a nuisance; a cart answering 503 for 10 minutes loses business. Selling the same last ticket twice costs more than refusing.",
    "Asking the other replica first costs a round trip: about 1–5 ms inside one datacenter, 100–300 ms between continents. That is PACELC's else-branch.",
  ],
  6: [
    "Every commit costs at least one quorum round trip: about 1–5 ms inside one datacenter, 100–300 ms between continents.",
    "Election timeouts are set well above that round trip, so that a slow message is not mistaken for a dead leader.",
  ],
  7: [
    "A commodity quartz crystal is rated at tens of parts per million (a common 32.768 kHz watch crystal: ±20 ppm at 25 °C, more away from it): 20 ppm is 1.7 s a day, 12 s a week without resynchronising.",
    "NTP keeps clocks within a few ms on a LAN and tens of ms over the internet, and it can step a clock backwards.",
    "In the book's production story one server ran 200 ms ahead after 3 days without NTP, and won every last-writer-wins tie.",
  ],
  9: [
    "Replication lag is normally milliseconds, but seconds or even minutes under heavy load.",
    "A majority write costs a quorum round trip: about 1–5 ms inside one datacenter, 100–300 ms between continents.",
  ],
};

const seconds = (ticks: number): string => `${(ticks / TICKS_PER_GAME_SECOND).toFixed(1)} s`;

export function realWorldCard(chapter: number, metrics: DebriefMetrics, arrows: readonly Arrow[]): RealWorldCard {
  const flights = arrows.filter((a) => a.fate === "delivered").map((a) => a.t1 - a.t0);
  const here: string[] = [];
  if (flights.length > 0) {
    const mean = flights.reduce((sum, t) => sum + t, 0) / flights.length;
    here.push(`A message took ${seconds(mean)} on average to arrive here (${flights.length} delivered).`);
  }
  if (metrics.latency.count > 0) {
    here.push(`A client waited ${seconds(metrics.latency.meanTicks)} for its answer on average, ${seconds(metrics.latency.p95Ticks)} at the 95th percentile.`);
  }
  here.push("The game runs at human speed: one game-second stands for what real networks do in milliseconds.");
  return { here, there: [...(MAGNITUDES[chapter] ?? [])] };
}
