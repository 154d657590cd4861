/**
 * Colyseus' SchemaSerializer, minus per-client work for clients with nothing private to receive.
 *
 * With `@view()` fields in a state, SchemaSerializer encodes every patch once per client
 * (`encodeView`: walk the private changes, check each one's visibility, concatenate a new buffer)
 * whenever anything private changed anywhere, and for a client who can see none of it the result
 * is the shared patch byte for byte. In a level room that is most clients on most patches: the
 * tick moved, and at most a node or two did something, each visible to one player. Measured in
 * the rooms bench, those per-client encodes were a third of the room's patch encoding.
 *
 * So: a client whose view gained or lost nothing and sees none of the pending private changes
 * gets the shared patch, as a room without views would send it; the others get SchemaSerializer's
 * per-view encoding. tests/server/level-serializer.test.ts decodes both against SchemaSerializer's
 * output, patch after patch.
 */
import { ClientState, Protocol, SchemaSerializer, type Client } from "@colyseus/core";
import type { Schema, StateView } from "@colyseus/schema";

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
    if (!this.hasFilters || clients.length === 0) return super.applyPatches(clients);
    if (!this.encoder.hasChanges) {
      this.sendViewChangesOnly(clients);
      return false;
    }
    this.needFullEncode = true;
    const it = { offset: 1 };
    this.encoder.sharedBuffer[0] = Protocol.ROOM_STATE_PATCH;
    const patch = this.encoder.encode(it);
    const sharedOffset = it.offset;
    // As SchemaSerializer does: one encoding per view (our rooms give each client its own).
    let byView: Map<StateView, Uint8Array> | undefined;
    for (const client of clients) {
      if (client.state !== ClientState.JOINED) continue;
      const view = client.view;
      if (!view || !this.seesPrivateChange(view)) {
        client.raw(patch);
        continue;
      }
      byView ??= new Map();
      let bytes = byView.get(view);
      if (!bytes) byView.set(view, (bytes = this.encodeView(view, sharedOffset, it)));
      client.raw(bytes);
    }
    this.encoder.discardChanges();
    return true;
  }

  /**
   * One client's patch: the shared part, then this view's own. SchemaSerializer lets each view's
   * bytes follow the previous view's in the one encode buffer, so a patch to N clients needed N
   * views' worth of buffer, and @colyseus/schema 3.0.76's encodeView does not survive outgrowing
   * it (it re-encodes into a bigger buffer, then copies from the old one: truncated patches,
   * issue 11 item 2b). encodeView copies its result out, so every view may start where the
   * shared part ends: the buffer need only hold the largest single patch.
   */
  private encodeView(view: StateView, sharedOffset: number, it: { offset: number }): Uint8Array {
    it.offset = sharedOffset;
    return this.encoder.encodeView(view, sharedOffset, it);
  }

  /** No shared change, but some views gained or lost something (a player joined or came back). */
  private sendViewChangesOnly(clients: Client[]): void {
    const it = { offset: 1 };
    this.encoder.sharedBuffer[0] = Protocol.ROOM_STATE_PATCH;
    for (const client of clients) {
      if (client.state !== ClientState.JOINED || !client.view || client.view.changes.size === 0) continue;
      client.raw(this.encodeView(client.view, 1, it));
    }
  }

  /**
   * Whether this view's patch would differ from the shared one: it gained or lost something, or
   * a pending private change is visible to it. The trees it cannot see are marked invisible to it
   * on the way, as encodeView would have marked them (StateView.add reads that mark later).
   */
  private seesPrivateChange(view: StateView): boolean {
    if (view.changes.size > 0) return true;
    for (let node = this.encoder.root.filteredChanges.next; node !== undefined; node = node.next) {
      if (view.isChangeTreeVisible(node.changeTree)) return true;
      view.invisible.add(node.changeTree);
    }
    return false;
  }
}
