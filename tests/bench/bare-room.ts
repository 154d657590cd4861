/**
 * The room benches' baseline (rooms.bench.ts, workshop.bench.ts): a bare Colyseus room with the
 * same patch rate as a level room and a state padded to the same full-state size, no game.
 */
import { Room, type Client } from "@colyseus/core";
import { MapSchema, Schema, type } from "@colyseus/schema";
import { joinTicker } from "../../server/rooms/room-ticker.js";

class BareNode extends Schema {
  @type("string") id = "";
  @type("uint32") counter = 0;
  @type("string") data = "";
}
class BareState extends Schema {
  @type("uint32") tick = 0;
  @type({ map: BareNode }) nodes = new MapSchema<BareNode>();
}
export class BareRoom extends Room<BareState> {
  private leaveTicker: (() => void) | null = null;

  override onCreate(options: { padBytes?: number; sharedTicker?: boolean }): void {
    this.state = new BareState();
    const pad = Math.max(0, Math.floor((options.padBytes ?? 0) / 5));
    for (let i = 1; i <= 5; i++) {
      const node = new BareNode();
      node.id = `N${i}`;
      node.data = "x".repeat(pad);
      this.state.nodes.set(node.id, node);
    }
    const step = () => {
      this.state.tick++;
      const node = this.state.nodes.get(`N${(this.state.tick % 5) + 1}`);
      if (node) node.counter++;
    };
    if (options.sharedTicker) {
      // Like for like (BENCH_BARE_SHARED_TICKER=1): on the level rooms' shared ticker.
      this.patchRate = 0;
      this.leaveTicker = joinTicker(100, { step, send: () => this.broadcastPatch() });
    } else {
      // As Colyseus runs a room: a simulation interval and a patch timer of its own.
      this.patchRate = 100;
      this.setSimulationInterval(step, 100);
    }
    this.onMessage("*", () => {});
  }
  override onDispose(): void {
    this.leaveTicker?.();
  }
  override onJoin(_client: Client): void {}
}
