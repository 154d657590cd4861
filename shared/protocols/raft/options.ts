/** What a Raft level may set (see state.ts for how each is read and its default). */
import { optionByNode, optionTickRange, optionTicks, protocolOptions } from "../../level/protocol-options.js";

export const RAFT_OPTIONS = protocolOptions({
  heartbeatTicks: optionTicks(1, 600, "How often the leader sends heartbeats (default 15)."),
  electionTicks: optionTickRange("Election timeout range [low, high] for every node."),
  electionTicksByNode: optionByNode(optionTickRange("[low, high]"), "A node's own election timeout range."),
  firstElectionTicksByNode: optionByNode(optionTickRange("[low, high]"), "A node's range for its very first timeout, before it has seen any term."),
});
