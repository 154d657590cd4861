/**
 * Round 8, "the network is homogeneous": S ships 6 KB payloads to the far site. A route change
 * sends them over the Ocean relay, which silently drops anything over its 1.5 KB MTU; the LAN
 * route carries them whole. Whole payloads over the Ocean never arrive; chunks of at most the
 * MTU do, and so does a payload pinned to the LAN.
 */
import { messageOf, note, peerWithRole, requestOf, respond, send, step, type BackendHandler, type ServiceHandler } from "./common.js";
import type { Assembly } from "./state.js";

export const PAYLOAD_BYTES = 6000;
export const OCEAN_MTU_BYTES = 1500;

export interface ChunkPayload {
  shipment: string;
  index: number;
  of: number;
  bytes: number;
  /** Where the relay forwards it. */
  to: string;
}

export const homogeneousService: ServiceHandler = (state, event, ctx, settings) => {
  const request = requestOf(event, "ship");
  if (!request) return null;
  const far = peerWithRole(ctx, "team");
  if (settings.homogeneous === "lan") return step(state, [send(far, "chunk", { shipment: request.id, index: 1, of: 1, bytes: PAYLOAD_BYTES, to: far } satisfies ChunkPayload), respond(request.id, true, "sent")]);
  const of = settings.homogeneous === "chunks" ? Math.ceil(PAYLOAD_BYTES / OCEAN_MTU_BYTES) : 1;
  const relay = peerWithRole(ctx, "relay");
  const chunks = Array.from({ length: of }, (_, i) => send(relay, "chunk", { shipment: request.id, index: i + 1, of, bytes: PAYLOAD_BYTES / of, to: far } satisfies ChunkPayload));
  return step(state, [...chunks, respond(request.id, true, "sent")]);
};

/** The Ocean relay forwards what fits its MTU and silently drops the rest. */
export const homogeneousRelay: BackendHandler = (state, event) => {
  const msg = messageOf<ChunkPayload>(event, "chunk");
  if (!msg) return null;
  if (msg.payload.bytes > OCEAN_MTU_BYTES) return step(state, [note("mtu-drop", { shipment: msg.payload.shipment, bytes: msg.payload.bytes, mtu: OCEAN_MTU_BYTES })]);
  return step(state, [send(msg.payload.to, "chunk", msg.payload)]);
};

/** The far site reassembles a shipment and notes it once every chunk is in. */
export const homogeneousFarSite: BackendHandler = (state, event) => {
  const msg = messageOf<ChunkPayload>(event, "chunk");
  if (!msg) return null;
  const { shipment, of } = msg.payload;
  const had = state.assembly.find((a) => a.id === shipment) ?? { id: shipment, got: 0, of };
  const now: Assembly = { ...had, got: had.got + 1 };
  const assembly = [...state.assembly.filter((a) => a.id !== shipment), now];
  return step({ ...state, assembly }, now.got === now.of ? [note("received", { shipment, chunks: of })] : []);
};
