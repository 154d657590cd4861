/** What a Lamport level may set (see archivist.ts for the defaults). */
import { optionTicks, protocolOptions } from "../../level/protocol-options.js";

export const LAMPORT_OPTIONS = protocolOptions({
  round2StartTick: optionTicks(0, 36_000, "When round 2 (Lamport stamps) starts."),
  round3StartTick: optionTicks(0, 36_000, "When round 3 (the quiz) starts."),
  quizSize: optionTicks(1, 50, "How many questions each peer is asked."),
});
