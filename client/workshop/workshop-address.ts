// The workshop's addresses (see workshop-route.ts), read without loading the workshop's pages.
export type WorkshopPage = { kind: "doors"; code: string } | { kind: "console"; code: string; secret: string } | { kind: "projector"; code: string; key: string };

/** The workshop page an address asks for, or null. */
export function workshopPageOf(hash: string): WorkshopPage | null {
  if (hash === "#workshop") return { kind: "doors", code: "" };
  const join = /^#workshop-join=([A-Za-z0-9]{1,12})$/.exec(hash);
  if (join) return { kind: "doors", code: join[1]!.toUpperCase() };
  const console_ = /^#workshop-console=([A-Za-z0-9]{6})\.([A-Za-z0-9_-]{22})$/.exec(hash);
  if (console_) return { kind: "console", code: console_[1]!, secret: console_[2]! };
  const projector = /^#workshop-projector=([A-Za-z0-9]{6})\.([A-Za-z0-9]{10})$/.exec(hash);
  if (projector) return { kind: "projector", code: projector[1]!, key: projector[2]! };
  return null;
}
