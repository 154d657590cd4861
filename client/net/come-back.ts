// A page's way back into a room after its connection dropped (or the server restarted): the
// reconnection token first (the same session, within the room's hold), else a fresh join that
// says who this page is (a seat pass, a rejoin secret...), retried every second for a minute and
// a half, the time a restarted server takes to rebuild its rooms, with room to spare.
import type { Client, Room } from "colyseus.js";

const COME_BACK_FOR_MS = 90_000;
const RETRY_EVERY_MS = 1_000;
/** A refusal that no retry will change (removed from the workshop, a pass that opens nothing). */
const CLOSE_FORBIDDEN = 4403;

export interface ComeBack {
  client: Client;
  lost: Room;
  /** The fresh join when the token no longer works, or null when there is none. */
  rejoin: (() => Promise<Room>) | null;
  /** The page left meanwhile: stop trying. */
  leaving: () => boolean;
}

/** The room again, or null when the page left or the room would not take it back. */
export async function comeBack({ client, lost, rejoin, leaving }: ComeBack): Promise<Room | null> {
  const since = Date.now();
  while (!leaving() && Date.now() - since < COME_BACK_FOR_MS) {
    try {
      const room = await client.reconnect(lost.reconnectionToken).catch((error: unknown) => {
        if (rejoin) return rejoin();
        throw error;
      });
      if (!leaving()) return room;
      void room.leave(true);
      return null;
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code === CLOSE_FORBIDDEN) return null;
      await new Promise((resolve) => setTimeout(resolve, RETRY_EVERY_MS));
    }
  }
  return null;
}
