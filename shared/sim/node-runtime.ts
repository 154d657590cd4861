/**
 * One node's life inside the world: handling an event (through its bot or its human's
 * autopilot), carrying out effects, and the node faults (crash, recover, pause, wake, slow).
 */
import type { Effect, NodeContext, NodeEvent, Step } from "./protocol.js";
import { boot, tickWhenUptime, uptimeTicks, wallTicks } from "./clock.js";
import { emit, emitDeliver, emitDrop, emitDuplicate, emitSend, emitTimer } from "./emit.js";
import type { Message } from "./message.js";
import { blockedNow, route } from "./network.js";
import { streamRng } from "./prng.js";
import type { InboxEntry, NodeQueued, NodeRuntime, World } from "./world-types.js";

/** Bounds on per-node memory the views read: old entries fall off the front. */
export const INBOX_MAX = 40;
export const SENT_MAX = 30;

type MutableContext = { -readonly [K in keyof NodeContext]: NodeContext[K] };

/**
 * One context object per node, refreshed before each use: reducers read it during the call and
 * never keep it, so reusing it saves an allocation on every event.
 */
const contextCache = new WeakMap<NodeRuntime, MutableContext>();

export function nodeContext(world: World, node: NodeRuntime): NodeContext {
  let ctx = contextCache.get(node);
  if (!ctx) {
    ctx = {
      self: node.id,
      role: node.role,
      nodes: world.level.nodes,
      wallTicks: 0,
      uptimeTicks: 0,
      lastHeardUptimeTicks: node.lastHeardUptimeTicks,
      rng: streamRng(world.seed, `node:${node.id}`, world.rngCounters),
      options: world.level.protocolOptions,
      knobs: node.knobs,
    };
    contextCache.set(node, ctx);
  }
  // A player's setting replaces the object: the cached context follows it.
  ctx.knobs = node.knobs;
  ctx.wallTicks = wallTicks(node.clock, world.tick);
  ctx.uptimeTicks = uptimeTicks(node.clock, world.tick);
  // A crash replaces the array (RAM is gone): hand over the current one.
  ctx.lastHeardUptimeTicks = node.lastHeardUptimeTicks;
  return ctx;
}

/** Route a node-bound queue item: dropped if down, buffered if paused, delayed if slow. */
export function arrive(world: World, item: NodeQueued, alreadySlowed: boolean): void {
  const node = world.nodeList[item.nodeIndex]!;
  if (item.kind === "timer") {
    const timer = node.timers[item.name];
    if (!timer || timer.gen !== item.gen) return; // cancelled or replaced
  }
  if (node.status === "down") {
    if (item.kind === "deliver") dropDelivery(world, item, "node-down");
    return;
  }
  if (item.kind === "deliver" && blockedNow(world, item.msg.from, item.node)) {
    dropDelivery(world, item, "partition");
    return;
  }
  if (node.status === "paused") {
    node.buffered.push(item);
    return;
  }
  if (node.slowExtraTicks > 0 && !alreadySlowed) {
    world.queue.push({ tick: world.tick + node.slowExtraTicks, seq: world.seq++, kind: "slowed", node: node.id, inner: item });
    return;
  }
  handle(world, node, item);
}

function dropDelivery(world: World, item: Extract<NodeQueued, { kind: "deliver" }>, reason: "node-down" | "partition"): void {
  const msg = item.msg;
  world.stats.dropped++;
  emitDrop(world, world.nodes[msg.from]!.index, world.nodes[msg.to]!.index, msg.id, reason);
}

function handle(world: World, node: NodeRuntime, item: NodeQueued): void {
  // Only a human's node keeps an inbox and a sent list: they exist for the player's view, and
  // skipping them on bot nodes keeps the engine fast.
  const human = node.controller.kind === "human";
  let event: NodeEvent;
  if (item.kind === "deliver") {
    const msg = item.msg;
    world.stats.delivered++;
    const from = item.fromIndex;
    const delivered = emitDeliver(world, node.index, from, msg.id, item.copy, msg.sentTick);
    node.lastHeardUptimeTicks[from] = uptimeTicks(node.clock, world.tick);
    node.lastHeardAt[from] = delivered;
    event = { kind: "deliver", msg, arrival: node.arrivals++ };
  } else if (item.kind === "timer") {
    delete node.timers[item.name];
    emitTimer(world, node.index, item.name);
    event = { kind: "timer", name: item.name };
  } else {
    const request = item.request;
    node.pendingRequests.push(request);
    emit(world, {
      i: world.trace.length,
      tick: world.tick,
      kind: "request",
      node: node.id,
      requestId: request.id,
      workload: request.workload,
      payload: request.payload,
      deadlineTick: request.deadlineTick,
    });
    event = { kind: "request", request };
  }
  const up = human ? uptimeTicks(node.clock, world.tick) : 0;
  const wall = human ? wallTicks(node.clock, world.tick) : 0;
  const handled = runNode(world, node, event);
  if (human && handled !== "quiet") pushInbox(world, node, { seq: world.inboxSeq++, uptimeTicks: up, wallTicks: wall, event: inboxEvent(item, event), handled });
}

function inboxEvent(item: NodeQueued, event: NodeEvent): InboxEntry["event"] {
  switch (item.kind) {
    case "deliver": {
      const arrival = event.kind === "deliver" ? event.arrival : -1;
      return { kind: "message", msgId: item.msg.id, from: item.msg.from, type: item.msg.type, payload: item.msg.payload, arrival };
    }
    case "timer":
      return { kind: "timer", name: item.name };
    case "request":
      return { kind: "request", requestId: item.request.id, payload: item.request.payload, deadlineTick: item.request.deadlineTick };
  }
}

function pushInbox(world: World, node: NodeRuntime, entry: InboxEntry): void {
  // A timer's newer card supersedes its older ones: "election timer fired" once is the news.
  const timer = entry.event.kind === "timer" ? entry.event.name : null;
  if (timer !== null) {
    for (const old of node.inbox) if (!old.handled && old.event.kind === "timer" && old.event.name === timer) old.handled = true;
  }
  node.inbox.push(entry);
  // Trim in batches so the common case is a plain push. What still waits for the player's
  // decision is kept (up to INBOX_MAX of it): on a busy node it must not scroll out of reach.
  if (node.inbox.length > INBOX_MAX * 2) {
    const cut = node.inbox.length - INBOX_MAX;
    const waiting = node.inbox.slice(0, cut).filter((e) => !e.handled).slice(-INBOX_MAX);
    node.inbox = [...waiting, ...node.inbox.slice(cut)];
  }
}

/**
 * The autopilot's chores as a set, made once per list: a human node handles every event through
 * it. Controllers are replaced, never changed in place (inputs.ts), so a list never changes.
 */
const autopilotSets = new WeakMap<readonly string[], ReadonlySet<string>>();
function autopilotSet(chores: readonly string[]): ReadonlySet<string> {
  let set = autopilotSets.get(chores);
  if (!set) autopilotSets.set(chores, (set = new Set(chores)));
  return set;
}

/** Run the node's controller on one event; returns whether it was dealt with, or "quiet": no inbox card at all. */
export function runNode(world: World, node: NodeRuntime, event: NodeEvent): boolean | "quiet" {
  const ctx = nodeContext(world, node);
  let step: Step<Record<string, unknown>>;
  let handled: boolean | "quiet" = true;
  if (node.controller.kind === "bot") {
    const policy = world.protocol.bots[node.controller.policy];
    if (!policy) throw new Error(`bot policy ${node.controller.policy} missing from protocol ${world.protocol.id}`);
    step = policy.step(node.state, event, ctx);
  } else {
    const result = world.protocol.human(node.state, event, ctx, autopilotSet(node.controller.autopilot));
    step = result;
    handled = result.handled && result.quiet === true ? "quiet" : result.handled;
  }
  node.state = step.state;
  applyEffects(world, node, step.effects);
  return handled;
}

export function applyEffects(world: World, node: NodeRuntime, effects: readonly Effect[]): void {
  for (const effect of effects) {
    switch (effect.kind) {
      case "send":
        send(world, node, effect.to, effect.type, effect.payload);
        break;
      case "set-timer":
        setTimer(world, node, effect.name, effect.delayTicks);
        break;
      case "cancel-timer":
        delete node.timers[effect.name];
        break;
      case "respond":
        respond(world, node, effect);
        break;
      case "note":
        emit(world, { i: world.trace.length, tick: world.tick, kind: "note", node: node.id, name: effect.name, data: effect.data });
        break;
    }
  }
}

/** Scratch space for route(): the delivery ticks of one message's copies. */
const deliverTicks: number[] = [0, 0];

function send(world: World, node: NodeRuntime, to: string, type: string, payload: unknown): void {
  const target = world.nodes[to];
  if (!target || target === node) throw new Error(`${node.id} cannot send to ${to}`);
  const msg: Message = { id: world.nextMsgId++, from: node.id, to, type, payload, sentTick: world.tick };
  world.stats.sent++;
  const sent = emitSend(world, node.index, target.index, msg.id, type, payload);
  if (node.controller.kind === "human") {
    node.sent.push({ at: sent, msgId: msg.id, to, type, sentUptimeTicks: uptimeTicks(node.clock, world.tick) });
    if (node.sent.length > SENT_MAX * 2) node.sent = node.sent.slice(-SENT_MAX);
  }
  const copies = route(world, msg, node.index, target.index, deliverTicks);
  if (typeof copies === "string") {
    world.stats.dropped++;
    emitDrop(world, node.index, target.index, msg.id, copies);
    return;
  }
  for (let copy = 0; copy < copies; copy++) {
    if (copy > 0) {
      world.stats.duplicated++;
      emitDuplicate(world, node.index, target.index, msg.id);
    }
    const deliverTick = deliverTicks[copy]!;
    world.queue.push({ tick: deliverTick, seq: world.seq++, kind: "deliver", node: to, nodeIndex: target.index, fromIndex: node.index, msg, copy, deliverTick });
  }
}

function setTimer(world: World, node: NodeRuntime, name: string, delayTicks: number): void {
  const delay = Math.max(1, Math.floor(delayTicks));
  const now = uptimeTicks(node.clock, world.tick);
  const fireTick = Math.max(world.tick + 1, tickWhenUptime(node.clock, world.tick, now + delay));
  const gen = world.seq++;
  node.timers[name] = { gen, fireTick, setUptimeTicks: now, delayTicks: delay };
  world.queue.push({ tick: fireTick, seq: world.seq++, kind: "timer", node: node.id, nodeIndex: node.index, name, gen });
}

function respond(world: World, node: NodeRuntime, effect: Extract<Effect, { kind: "respond" }>): void {
  const index = node.pendingRequests.findIndex((r) => r.id === effect.requestId);
  if (index === -1) return; // already answered, or lost in a crash: a client gets one answer
  const [request] = node.pendingRequests.splice(index, 1);
  const key = request!.payload.key;
  // An impatient client (retry.onError) is not stopped by an error: it sends again at its timeout.
  const impatient = !effect.ok && world.level.workload.find((w) => w.id === request!.workload)?.retry?.onError === true;
  if (typeof key === "string" && !impatient) world.answeredKeys.add(key);
  for (const entry of node.inbox) {
    if (entry.event.kind === "request" && entry.event.requestId === effect.requestId) entry.handled = true;
  }
  emit(world, {
    i: world.trace.length,
    tick: world.tick,
    kind: "response",
    node: node.id,
    requestId: effect.requestId,
    ok: effect.ok,
    status: effect.status,
    result: effect.result ?? null,
    // Only on redirects, so every other response (and every other level's trace hash) is unchanged.
    ...(effect.redirect && !effect.ok ? { redirect: true as const } : {}),
  });
}

/** Crash: RAM is gone (state keeps only durable fields; timers, inbox, requests vanish). */
export function crash(world: World, node: NodeRuntime): void {
  if (node.status === "down") return;
  const durable: Record<string, unknown> = {};
  for (const field of world.protocol.durableFields) {
    if (field in node.state) durable[field] = node.state[field];
  }
  node.state = durable;
  node.status = "down";
  node.timers = {};
  node.inbox = [];
  node.sent = [];
  node.lastHeardUptimeTicks = node.lastHeardUptimeTicks.map(() => -1);
  node.lastHeardAt = node.lastHeardAt.map(() => -1);
  node.pendingRequests = [];
  node.buffered = [];
  node.arrivals = 0;
  emit(world, { i: world.trace.length, tick: world.tick, kind: "crash", node: node.id });
}

/** Recover: a fresh process with the durable fields read back from disk, then a boot event. */
export function recover(world: World, node: NodeRuntime): void {
  if (node.status !== "down") return;
  node.status = "up";
  node.incarnation++;
  node.clock = boot(node.clock, world.tick);
  const fresh = world.protocol.init(nodeContext(world, node));
  node.state = { ...fresh, ...node.state };
  emit(world, { i: world.trace.length, tick: world.tick, kind: "recover", node: node.id });
  runNode(world, node, { kind: "boot" });
}

export function pause(world: World, node: NodeRuntime, untilTick: number): void {
  if (node.status !== "up") return;
  node.status = "paused";
  node.pausedUntilTick = untilTick;
  emit(world, { i: world.trace.length, tick: world.tick, kind: "pause", node: node.id, untilTick });
}

/** Wake from a pause: everything that piled up is handled now, with the beliefs of before. */
export function wake(world: World, node: NodeRuntime): void {
  if (node.status !== "paused") return;
  node.status = "up";
  emit(world, { i: world.trace.length, tick: world.tick, kind: "resume", node: node.id });
  const backlog = node.buffered;
  node.buffered = [];
  for (const item of backlog) arrive(world, item, false);
}
