/**
 * Colyseus' SchemaSerializer, minus per-client work when there is nothing private to send.
 *
 * With `@view()` fields in a state, SchemaSerializer encodes every patch once per client
 * (`encodeView`: walk the private changes, check each one's visibility, concatenate a new buffer)
 * even when no private field changed, and the result is then the shared patch byte for byte. In a
 * level room most patches are like that: the tick moved, nobody's node did anything. Measured in
 * the rooms bench, those empty per-client encodes were a third of the room's patch encoding.
 *
 * So: when no filtered change is pending and no client's StateView gained or lost anything, every
 * client gets the shared patch, as a room without views would send it; otherwise the stock path.
 * tests/server/level-serializer.test.ts decodes both against SchemaSerializer's output.
 */
import { ClientState, Protocol, SchemaSerializer, type Client } from "@colyseus/core";
import type { Schema } from "@colyseus/schema";

export class LevelSerializer<T extends Schema> extends SchemaSerializer<T> {
  /**
   * Takes over a SchemaSerializer with its encoder. Room's `state` setter always installs a stock
   * serializer, and a second Encoder over the same state would not work (the first one owns its
   * change trees): so the room sets its state, then swaps in this one carrying the same fields.
   */
  static takeOver<T extends Schema>(stock: SchemaSerializer<T>): LevelSerializer<T> {
    // Room keeps its serializer in a private field: fail loudly if a Colyseus upgrade moved it.
    if (!(stock instanceof SchemaSerializer)) throw new Error("LevelSerializer: the room has no SchemaSerializer to take over (Colyseus internals changed?)");
    return Object.assign(new LevelSerializer<T>(), stock);
  }

  override applyPatches(clients: Client[]): boolean {
    if (!this.hasFilters || clients.length === 0 || !this.encoder.hasChanges || this.privateWorkPending(clients)) {
      return super.applyPatches(clients);
    }
    this.needFullEncode = true;
    const it = { offset: 1 };
    this.encoder.sharedBuffer[0] = Protocol.ROOM_STATE_PATCH;
    const patch = this.encoder.encode(it);
    for (const client of clients) if (client.state === ClientState.JOINED) client.raw(patch);
    this.encoder.discardChanges();
    return true;
  }

  /** Whether some client's patch would differ from the shared one. */
  private privateWorkPending(clients: Client[]): boolean {
    // The same test Encoder.hasChanges makes for the private half of the changes.
    if (this.encoder.root.filteredChanges.next !== undefined) return true;
    for (const client of clients) if (client.view && client.view.changes.size > 0) return true;
    return false;
  }
}
