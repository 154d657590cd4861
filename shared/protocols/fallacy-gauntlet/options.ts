/** What a fallacy-gauntlet level may set: when the rounds run (schedule.ts reads them). */
import { optionTicks, protocolOptions } from "../../level/protocol-options.js";

export const GAUNTLET_OPTIONS = protocolOptions({
  firstRoundTick: optionTicks(0, 6000, "When round 1's card opens (default 50)."),
  roundTicks: optionTicks(250, 3000, "How long each of the eight rounds lasts (default 300); the bonus question follows them."),
});
