/**
 * Round 2, "latency is zero": a page needs seven lookups at Inventory, each taking 0.1 to 0.6 s
 * there, plus the network both ways; the page is due 1.2 s after the request. One lookup after
 * another adds every wait up (3 to 4 s); all at once costs only the slowest; two parts can come
 * from S's own cache and need no message at all.
 */
import { messageOf, peerWithRole, requestOf, respond, send, step, timerOf, type BackendHandler, type ServiceHandler } from "./common.js";
import type { GauntletState, Page } from "./state.js";

export interface PagePart {
  name: string;
  /** Time Inventory takes to produce it (ticks). */
  costTicks: number;
  critical: boolean;
  /** S holds a fresh enough copy (feature flags, preferences). */
  cached: boolean;
}

export const PAGE_PARTS: readonly PagePart[] = [
  { name: "auth", costTicks: 1, critical: true, cached: false },
  { name: "user", costTicks: 1, critical: true, cached: false },
  { name: "preferences", costTicks: 1, critical: false, cached: true },
  { name: "flags", costTicks: 1, critical: false, cached: true },
  { name: "recommendations", costTicks: 6, critical: false, cached: false },
  { name: "details", costTicks: 2, critical: true, cached: false },
  { name: "logging", costTicks: 1, critical: false, cached: false },
];
export const CRITICAL_PARTS = PAGE_PARTS.filter((p) => p.critical).map((p) => p.name);

const lookup = (ctx: Parameters<ServiceHandler>[2], page: string, part: string) => send(peerWithRole(ctx, "inventory"), "lookup", { page, part });

const withPage = (state: GauntletState, page: Page): GauntletState => ({ ...state, pages: [...state.pages.filter((p) => p.id !== page.id), page] });

/** The page is complete: answer the client with every part and forget it. */
function finish(state: GauntletState, page: Page) {
  return step({ ...state, pages: state.pages.filter((p) => p.id !== page.id) }, [respond(page.id, true, "ok", { parts: page.parts })]);
}

export const latencyService: ServiceHandler = (state, event, ctx, settings) => {
  const request = requestOf(event, "page");
  if (request) {
    const cache = settings.latency === "parallel-cache";
    const fromCache = PAGE_PARTS.filter((p) => cache && p.cached).map((p) => p.name);
    const remote = PAGE_PARTS.filter((p) => !fromCache.includes(p.name)).map((p) => p.name);
    if (settings.latency === "sequential") {
      const page: Page = { id: request.id, waiting: [remote[0]!], parts: [], queue: remote.slice(1) };
      return step(withPage(state, page), [lookup(ctx, page.id, remote[0]!)]);
    }
    const page: Page = { id: request.id, waiting: remote, parts: fromCache, queue: [] };
    return step(withPage(state, page), remote.map((part) => lookup(ctx, page.id, part)));
  }
  const reply = messageOf<{ page: string; part: string }>(event, "part");
  if (!reply) return null;
  const page = state.pages.find((p) => p.id === reply.payload.page);
  if (!page || !page.waiting.includes(reply.payload.part)) return step(state);
  const got: Page = { ...page, waiting: page.waiting.filter((w) => w !== reply.payload.part), parts: [...page.parts, reply.payload.part] };
  if (got.waiting.length > 0) return step(withPage(state, got));
  const [next, ...rest] = got.queue;
  if (next === undefined) return finish(state, got);
  return step(withPage(state, { ...got, waiting: [next], queue: rest }), [lookup(ctx, got.id, next)]);
};

const LOOKUP_TIMER = "lookup:";

/** Inventory answers a lookup after the part's cost (a timer per lookup: they run side by side). */
export const latencyInventory: BackendHandler = (state, event) => {
  const msg = messageOf<{ page: string; part: string }>(event, "lookup");
  if (msg) {
    const part = PAGE_PARTS.find((p) => p.name === msg.payload.part);
    if (!part) return step(state);
    return step(state, [{ kind: "set-timer", name: `${LOOKUP_TIMER}${msg.from}|${msg.payload.page}|${part.name}`, delayTicks: part.costTicks }]);
  }
  const done = timerOf(event, LOOKUP_TIMER);
  if (done === null) return null;
  const [to, page, part] = done.split("|");
  return step(state, [send(to!, "part", { page, part })]);
};
