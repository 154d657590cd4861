/**
 * The gauntlet's screen (shared/sim/screen.ts). S: the round in force and its setting, the
 * round's own figure (orders unsettled, uplink queue, signed commands, Inventory's address,
 * decode failures, coins spent, the last count report), and all eight settings. The services:
 * their own few facts.
 */
import type { NodeContext } from "../../sim/protocol.js";
import { listLength, stateFields, type FieldGroup, type Highlight, type ProtocolScreen } from "../../sim/screen.js";
import { seconds } from "../../sim/screen-text.js";
import { CARDS, cardOf } from "./cards.js";
import { QUEUE_CAPACITY_UNITS } from "./r3-bandwidth.js";
import { roundAt, ROUNDS, scheduleOf, type Round } from "./schedule.js";
import { DURABLE_FIELDS, SETTINGS, type GauntletState, type SettingRound } from "./state.js";

const settingLabel = (s: GauntletState, round: SettingRound): string => CARDS[round].options[s.settings[round]]!.label;

/** The round's own headline figure, from S's state alone. */
function roundFigure(s: GauntletState, round: Round, ctx: NodeContext): Highlight {
  switch (round) {
    case "reliable": {
      const open = s.orders.filter((o) => !o.settled).length;
      // The client holds only the newest orders (shownStateLists): count them all with listLength.
      return { id: "figure", label: "Orders unsettled", value: String(open), hint: `${listLength(s, "orders") - open} settled`, tone: open > 3 ? "warn" : "ok" };
    }
    case "latency":
      return { id: "figure", label: "Pages being built", value: String(s.pages.length), hint: "due 1.2 s after each request" };
    case "bandwidth":
      return { id: "figure", label: "Uplink queue", value: `${s.uplinkDepth}/${QUEUE_CAPACITY_UNITS}`, meter: Math.min(1, s.uplinkDepth / QUEUE_CAPACITY_UNITS), tone: s.uplinkDepth >= QUEUE_CAPACITY_UNITS - 4 ? "bad" : "ok" };
    case "secure":
      return { id: "figure", label: "Commands run", value: String(s.executed), hint: `${s.rejected} refused (no valid signature)` };
    case "topology":
      return { id: "figure", label: "Inventory at", value: s.inventoryAt, hint: `${s.stockAsks.length} stock requests waiting` };
    case "admin":
      return { id: "figure", label: "Decode failures", value: String(s.decodeErrors), hint: `${s.decoded} decoded; schema known: v${s.schemaKnown}`, tone: s.decodeErrors > 0 ? "bad" : "ok" };
    case "cost":
      return { id: "figure", label: "Coins spent", value: (s.coinTenths / 10).toFixed(1), hint: `${s.batch.length} events waiting to go` };
    case "homogeneous":
      return { id: "figure", label: "Shipments", value: "6 KB each", hint: "the Ocean relay's MTU is 1.5 KB" };
    case "bonus": {
      const r = s.countReport;
      return { id: "figure", label: "Orders at Payments", value: r ? String(r.orders) : "no report yet", hint: r ? `as of ${seconds(ctx.uptimeTicks - r.atUptime)} ago` : "Payments reports every 3 s" };
    }
  }
}

function highlights(s: GauntletState, ctx: NodeContext): Highlight[] {
  if (ctx.role === "payments") return [{ id: "orders", label: "Orders held", value: String(listLength(s, "charged")) }];
  if (ctx.role !== "service") return [];
  const round = roundAt(scheduleOf(ctx.options), ctx.wallTicks);
  if (round === null) return [{ id: "round", label: "Round", value: "starting", hint: "round 1's card opens in a moment" }];
  const number = ROUNDS.indexOf(round) + 1;
  const setting = round === "bonus" ? (s.answer ?? "not answered") : settingLabel(s, round);
  return [
    { id: "round", label: round === "bonus" ? "Bonus" : `Round ${number} of 8`, value: cardOf(round).fallacy, hint: `${cardOf(round).assumption} ${cardOf(round).breaks}` },
    { id: "setting", label: round === "bonus" ? "Your answer" : "Your setting", value: setting, tone: round !== "bonus" && CARDS[round].options[s.settings[round]]!.wrong ? "warn" : "ok" },
    roundFigure(s, round, ctx),
  ];
}

/** What each scripted service does, in a line: the only seat is S, so these show in the debrief and to a facilitator. */
const ROLE_TEXT: Readonly<Record<string, string>> = {
  inventory: "page lookups (round 2) and stock counts (round 5), at its address",
  discovery: "tells where Inventory is now (round 5)",
  auth: "sends signed commands (round 4)",
  impostor: "sends unsigned commands that claim to be from Auth (round 4)",
  team: "the other team's events, change feed and far site (rounds 6 to 8)",
  relay: "the Ocean route: forwards what fits its 1.5 KB MTU, drops the rest silently (round 8)",
};

function roleFields(s: GauntletState, role: string): { label: string; value: string; durable: boolean }[] {
  if (role === "team") return [{ label: "Feed subscribers", value: s.subscribers.join(", ") || "none", durable: false }, { label: "Shipments received", value: String(s.assembly.filter((a) => a.got === a.of).length), durable: false }];
  return [];
}

function fields(s: GauntletState, ctx: NodeContext): FieldGroup[] {
  if (ctx.role === "payments") return [{ title: "Payments (disk)", fields: stateFields(s, ["charged", "keys"], DURABLE_FIELDS, { charged: "Orders charged", keys: "Keys honoured" }) }];
  if (ctx.role !== "service") return [{ title: "Scripted, correct", fields: [{ label: "Does", value: ROLE_TEXT[ctx.role] ?? ctx.role, durable: false }, ...roleFields(s, ctx.role)] }];
  const rounds = Object.keys(SETTINGS) as SettingRound[];
  return [{ title: "Settings (RAM)", fields: rounds.map((r) => ({ label: `R${ROUNDS.indexOf(r) + 1} ${r}`, value: settingLabel(s, r), durable: false })) }];
}

export const GAUNTLET_SCREEN: ProtocolScreen<GauntletState> = {
  chips: (_s, ctx) => [{ kind: "role", text: ctx.role }],
  highlights,
  fields,
  requestText,
};

/** What each round's clients ask for, as a request ("A client asked it to build page #3"). */
const REQUEST_VERBS: Readonly<Record<string, string>> = {
  order: "charge order",
  page: "build page",
  record: "send record",
  stock: "look up stock count",
  event: "forward event",
  ship: "deliver shipment",
};

function requestText(payload: Readonly<Record<string, unknown>>): string {
  const what = String(payload.what ?? "request");
  return `${REQUEST_VERBS[what] ?? what} #${String(payload.n ?? "?")}`;
}
