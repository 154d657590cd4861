/**
 * LevelSerializer sends the shared patch to a client with nothing private to receive. Two identical states are
 * changed in lockstep, one encoded by Colyseus' SchemaSerializer and one by LevelSerializer, and
 * every client must receive the same bytes from both, patch after patch: shared changes only,
 * private changes seen by one client or by two, a view that gains an object, a client still joining.
 */
import { ClientState, SchemaSerializer, type Client } from "@colyseus/core";
import { MapSchema, Schema, StateView, type, view } from "@colyseus/schema";
import { describe, expect, it } from "vitest";
import { LevelSerializer } from "../../server/schema/level-serializer.js";

class Secret extends Schema {
  @type("string") text = "";
  @type("uint32") count = 0;
}
class Seat extends Schema {
  @type("string") name = "";
  @view() @type(Secret) secret = new Secret();
}
class World extends Schema {
  @type("uint32") tick = 0;
  @type({ map: Seat }) seats = new MapSchema<Seat>();
  @view() @type(Secret) god = new Secret();
}

interface FakeClient {
  state: ClientState;
  view: StateView;
  sent: Buffer[];
  raw(bytes: Buffer): void;
}

/** `serializerOf` gets the state as a room's `state` setter would: a stock serializer reset with it. */
function setup(serializerOf: (stock: SchemaSerializer<World>) => SchemaSerializer<World>) {
  const world = new World();
  for (const name of ["A", "B", "C"]) {
    const seat = new Seat();
    seat.name = name;
    world.seats.set(name, seat);
  }
  const stock = new SchemaSerializer<World>();
  stock.reset(world);
  const serializer = serializerOf(stock);
  const clients: FakeClient[] = ["A", "B", "C"].map((name) => {
    const client: FakeClient = { state: ClientState.JOINED, view: new StateView(), sent: [], raw: (bytes) => client.sent.push(Buffer.from(bytes)) };
    client.view.add(world.seats.get(name)!.secret);
    return client;
  });
  // Joining: each client takes the full state once, as Room does.
  for (const client of clients) serializer.getFullState(client as unknown as Client);
  let perClientEncodes = 0;
  const encoder = (serializer as unknown as { encoder: { encodeView: (...args: unknown[]) => Buffer } }).encoder;
  const encodeView = encoder.encodeView.bind(encoder);
  encoder.encodeView = (...args) => {
    perClientEncodes++;
    return encodeView(...args);
  };
  return { world, clients, patch: () => serializer.applyPatches(clients as unknown as Client[]), perClientEncodes: () => perClientEncodes };
}

describe("LevelSerializer", () => {
  it("sends every client the bytes SchemaSerializer would, shared or private", () => {
    const stock = setup((s) => s);
    // As LevelRoom does it: taking over the serializer the state setter installed.
    const ours = setup((s) => LevelSerializer.takeOver(s));
    const steps: ((s: ReturnType<typeof setup>) => void)[] = [
      (s) => s.world.tick++,
      (s) => s.world.tick++,
      (s) => {
        s.world.tick++;
        s.world.seats.get("B")!.secret.count = 7;
      },
      (s) => s.world.tick++,
      (s) => {
        s.world.seats.get("A")!.secret.text = "only A may read this";
      },
      (s) => {
        s.world.tick++;
        s.world.seats.get("C")!.name = "C2";
      },
      // A view gains an object (the god's view after the end), nothing else changes.
      (s) => s.clients[0]!.view.add(s.world.god),
      (s) => {
        s.world.tick++;
        s.world.god.text = "the whole truth";
      },
      // A client not joined yet gets nothing; the others get their patch.
      (s) => {
        s.clients[2]!.state = ClientState.JOINING;
        s.world.tick++;
      },
      () => {}, // nothing changed: nothing sent
      // Two private changes at once: A gets its own, B the shared patch (C is still joining).
      (s) => {
        s.world.tick++;
        s.world.seats.get("A")!.secret.count = 1;
        s.world.seats.get("C")!.secret.text = "C's";
      },
      // A client that cannot see a change at one patch and gains the object later gets it whole.
      (s) => {
        s.world.god.count = 42;
      },
      (s) => s.clients[1]!.view.add(s.world.god),
      (s) => s.world.tick++,
    ];
    for (const [i, step] of steps.entries()) {
      step(stock);
      step(ours);
      expect(ours.patch(), `step ${i}: changes reported`).toBe(stock.patch());
      for (const c of [0, 1, 2]) {
        expect(ours.clients[c]!.sent.map((b) => b.toString("hex")), `step ${i}, client ${c}`).toEqual(stock.clients[c]!.sent.map((b) => b.toString("hex")));
      }
    }
    // The shortcut was taken: per-client encodes only for a client who could see something
    // private (the first patch carries each seat's fields set before the join: 3; steps 2 and 4:
    // 1; step 6: the one view that grew; step 7: the one client who sees the god's view; step
    // 10: only A, C is still joining; step 11: client 0; step 12: client 1's view grew), against SchemaSerializer's one
    // per joined client on every patch with changes.
    expect(stock.perClientEncodes()).toBe(31);
    expect(ours.perClientEncodes()).toBe(10);
  });
});
