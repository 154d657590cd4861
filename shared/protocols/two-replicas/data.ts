/**
 * The three datasets on one replica's copy: what "answer from my copy" does for each request,
 * and how a copy received from the peer is merged. Pure functions of the state.
 */
import type { Effect } from "../../sim/protocol.js";
import { REPLICA_NOTES } from "./notes.js";
import type { Answer, CartEntry, ReplicaState, RequestPayload, SyncPayload } from "./state.js";

export interface Applied {
  state: ReplicaState;
  answer: Answer;
  /** Trace notes the checkers and the debrief read (a sale, a durable add, a remove). */
  notes: Effect[];
}

/** What shoppers put in carts: a request names its item, or its number picks one. */
export const ITEMS = ["socks", "mug", "book", "lamp", "scarf"] as const;
export const itemOf = (r: RequestPayload): string => r.item ?? ITEMS[(r.n ?? 0) % ITEMS.length]!;

const ok = (result: Record<string, unknown>, status = "ok"): Answer => ({ ok: true, status, result });

/** The adds a copy shows: on disk and in RAM, less the removed ones. */
export function visibleCart(s: Pick<ReplicaState, "cart" | "ramCart" | "removed">): CartEntry[] {
  const removed = new Set(s.removed);
  const seen = new Set<string>();
  const out: CartEntry[] = [];
  for (const e of [...s.cart, ...s.ramCart]) {
    if (removed.has(e.tag) || seen.has(e.tag)) continue;
    seen.add(e.tag);
    out.push(e);
  }
  return out;
}

/**
 * Answer a request from this copy. `durable`: a cart add goes to disk before the answer (false:
 * it waits in RAM, the shortcut). `cap`: tickets for sale.
 */
export function applyLocal(s: ReplicaState, r: RequestPayload, cap: number, durable = true): Applied {
  switch (r.op) {
    case "buy": {
      if (s.sold >= cap) return { state: s, answer: ok({ soldOut: true, sold: s.sold }, "sold-out"), notes: [] };
      const seat = s.sold + 1;
      return { state: { ...s, sold: seat }, answer: ok({ seat, sold: seat }), notes: [REPLICA_NOTES.write("ticket-sale", { seat })] };
    }
    case "left":
      return { state: s, answer: ok({ left: Math.max(0, cap - s.sold), sold: s.sold }), notes: [] };
    case "add": {
      const tag = r.key ?? `add-${r.n ?? 0}`;
      const entry: CartEntry = { item: itemOf(r), tag };
      const known = s.cart.some((e) => e.tag === tag) || s.ramCart.some((e) => e.tag === tag) || s.removed.includes(tag);
      const answer = ok({ tag, item: entry.item });
      if (known) return { state: s, answer, notes: [] };
      const state = durable ? { ...s, cart: [...s.cart, entry] } : { ...s, ramCart: [...s.ramCart, entry] };
      return { state, answer, notes: [REPLICA_NOTES.write("cart-hold", { tags: [tag], durable })] };
    }
    case "remove": {
      // Observed-remove: only the adds of this item this copy has seen; a concurrent add elsewhere survives.
      const item = itemOf(r);
      const tags = visibleCart(s).filter((e) => e.item === item).map((e) => e.tag);
      if (tags.length === 0) return { state: s, answer: ok({ item, removed: 0 }), notes: [] };
      const gone = new Set(tags);
      const state = { ...s, removed: [...s.removed, ...tags], cart: s.cart.filter((e) => !gone.has(e.tag)), ramCart: s.ramCart.filter((e) => !gone.has(e.tag)) };
      return { state, answer: ok({ item, removed: tags.length }), notes: [REPLICA_NOTES.write("cart-remove", { tags })] };
    }
    case "view":
      return { state: s, answer: ok({ items: visibleCart(s).length }), notes: [] };
    case "set": {
      const stock = { value: Math.max(0, 50 - (r.n ?? 0)), version: s.stock.version + 1 };
      return { state: { ...s, stock }, answer: ok({ value: stock.value, version: stock.version }), notes: [] };
    }
    case "read":
      return { state: s, answer: ok({ value: s.stock.value, version: s.stock.version }), notes: [] };
  }
}

/** The cart's digest: equal digests, equal carts (adds shown and tags removed). */
export function cartDigest(s: Pick<ReplicaState, "cart" | "ramCart" | "removed">): string {
  // States are never changed in place: the same three lists give the same digest.
  const cached = digests.get(s.cart);
  if (cached && cached.ramCart === s.ramCart && cached.removed === s.removed) return cached.digest;
  const digest = computeDigest(s);
  digests.set(s.cart, { ramCart: s.ramCart, removed: s.removed, digest });
  return digest;
}

const digests = new WeakMap<readonly CartEntry[], { ramCart: readonly CartEntry[]; removed: readonly string[]; digest: string }>();

function computeDigest(s: Pick<ReplicaState, "cart" | "ramCart" | "removed">): string {
  const tags = visibleCart(s).map((e) => e.tag).sort();
  let h = 0x811c9dc5;
  for (const ch of `${tags.join(",")}|${[...s.removed].sort().join(",")}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `${tags.length}/${s.removed.length}/${h.toString(16)}`;
}

export const syncPayload = (s: ReplicaState, whole: boolean, digest = cartDigest(s)): SyncPayload =>
  whole ? { sold: s.sold, stock: s.stock, digest, cart: visibleCart(s), removed: s.removed } : { sold: s.sold, stock: s.stock, digest };

/**
 * Merge the peer's copy. Tickets and stock: A's are the real ones, so a replica takes A's count
 * and the newer stock version. Cart: union of adds, less every removed tag (add-wins for adds the
 * remover never saw). New adds go to disk, and so do this copy's RAM adds the peer now holds.
 */
export function mergeSync(s: ReplicaState, sync: SyncPayload, fromPrimary: boolean): Applied {
  const digestKnown = s.peerDigest === sync.digest ? s : { ...s, peerDigest: sync.digest };
  if (!sync.cart || !sync.removed) return mergeScalars(digestKnown, sync, fromPrimary);
  const peer = { cart: sync.cart, removed: sync.removed };
  s = digestKnown;
  const removed = [...new Set([...s.removed, ...peer.removed])];
  const gone = new Set(removed);
  const onDisk = new Set(s.cart.map((e) => e.tag));
  const peerTags = new Set(peer.cart.map((e) => e.tag));
  const toDisk = s.ramCart.filter((e) => peerTags.has(e.tag));
  const inRam = new Set(s.ramCart.map((e) => e.tag));
  const fresh = peer.cart.filter((e) => !onDisk.has(e.tag) && !gone.has(e.tag) && !inRam.has(e.tag));
  const added = [...toDisk, ...fresh].filter((e) => !gone.has(e.tag));
  const cart = [...s.cart.filter((e) => !gone.has(e.tag)), ...added];
  const movedTags = new Set(toDisk.map((e) => e.tag));
  const ramCart = s.ramCart.filter((e) => !gone.has(e.tag) && !movedTags.has(e.tag));
  const changed = added.length > 0 || removed.length !== s.removed.length || ramCart.length !== s.ramCart.length || cart.length !== s.cart.length;
  const notes: Effect[] = added.length > 0 ? [REPLICA_NOTES.write("cart-hold", { tags: added.map((e) => e.tag), durable: true, merged: true })] : [];
  const merged = mergeScalars(changed ? { ...s, removed, cart, ramCart } : s, sync, fromPrimary);
  return { ...merged, notes };
}

/** Tickets and stock: a replica takes A's ticket count; either takes the newer stock version. */
function mergeScalars(s: ReplicaState, sync: SyncPayload, fromPrimary: boolean): Applied {
  const sold = fromPrimary ? sync.sold : s.sold;
  const stock = sync.stock.version > s.stock.version ? sync.stock : s.stock;
  const state = sold !== s.sold || stock !== s.stock ? { ...s, sold, stock } : s;
  return { state, answer: ok({}), notes: [] };
}
