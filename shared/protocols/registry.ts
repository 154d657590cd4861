/** Every protocol by id. A level names its protocol; the parser refuses unknown ones. */
import { heartbeat } from "./heartbeat.js";
import { hello } from "./hello.js";
import { lamport } from "./lamport.js";
import { majorityKv } from "./majority-kv.js";
import type { Protocol } from "./protocol.js";
import { raft } from "./raft.js";

const PROTOCOLS: Record<string, Protocol> = {};

export function registerProtocol(protocol: Protocol): void {
  PROTOCOLS[protocol.id] = protocol;
}

registerProtocol(hello);
registerProtocol(lamport);
registerProtocol(raft);
registerProtocol(heartbeat);
registerProtocol(majorityKv);

export function protocolById(id: string): Protocol | undefined {
  return Object.hasOwn(PROTOCOLS, id) ? PROTOCOLS[id] : undefined;
}

export function allProtocols(): Protocol[] {
  return Object.values(PROTOCOLS);
}
