/** Every protocol by id. A level names its protocol; the parser refuses unknown ones. */
import { hello } from "./hello.js";
import type { Protocol } from "./protocol.js";

const PROTOCOLS: Record<string, Protocol> = {};

export function registerProtocol(protocol: Protocol): void {
  PROTOCOLS[protocol.id] = protocol;
}

registerProtocol(hello);

export function protocolById(id: string): Protocol | undefined {
  return Object.hasOwn(PROTOCOLS, id) ? PROTOCOLS[id] : undefined;
}

export function allProtocols(): Protocol[] {
  return Object.values(PROTOCOLS);
}
