// The workshop's pages load on demand: they bring the room client (colyseus.js, its schema and
// msgpack) and the QR code, about 100 KB gzipped that Home does not need. Measured: the script
// before Home was 420 KB gzipped with them, the target is 450 KB (tests/bench/client.bench.ts).
import type Phaser from "phaser";
import { workshopPageOf } from "./workshop-address.js";

export function installWorkshopEntry(game: Phaser.Game): void {
  let loading = false;
  const load = (now: boolean): void => {
    if (loading) return;
    loading = true;
    window.removeEventListener("hashchange", onHashChange);
    void import("./workshop-route.js").then((m) => m.installWorkshopRoute(game, now));
  };
  const onHashChange = (): void => {
    if (workshopPageOf(location.hash)) load(true);
  };
  window.addEventListener("hashchange", onHashChange);
  if (workshopPageOf(location.hash)) load(false);
}
