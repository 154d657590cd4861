/** What a majority-kv level may set (see state.ts optionsOf for the defaults). */
import { Type } from "@sinclair/typebox";
import { optionByNode, optionTicks, protocolOptions } from "../../level/protocol-options.js";

export const MKV_OPTIONS = protocolOptions({
  seats: optionTicks(1, 10_000, "How many seats are for sale."),
  heartbeatTicks: optionTicks(1, 600, "How often the leader sends a replication round."),
  leaseTicks: optionTicks(1, 6000, "How long a lease lasts on the leader's clock; must stay below promiseTicks."),
  promiseTicks: optionTicks(1, 6000, "How long a follower promises not to vote after accepting a round."),
  electionTicksMin: optionTicks(1, 6000, "Election timeout, low end."),
  electionTicksMax: optionTicks(1, 6000, "Election timeout, high end."),
  retryElectionTicksMin: optionTicks(1, 6000, "Timeout after a failed election, low end."),
  retryElectionTicksMax: optionTicks(1, 6000, "Timeout after a failed election, high end."),
  firstElectionTicks: optionByNode(Type.Integer({ minimum: 1, maximum: 6000 }), "A node's very first election timeout."),
  retryTicks: optionTicks(1, 6000, "How long a follower waits before asking again."),
  chargeRetryTicks: optionTicks(1, 6000, "How long before an unanswered charge is sent again."),
});
