/**
 * The one list of protocols the game ships, each with its own checks, plus the generic goals.
 * The engine, the level parser, the server and the client are handed this catalog; none of them
 * names a protocol. A new level's protocol is one folder here and one line below.
 */
import { GENERIC_GOALS } from "../checks/generic-goals.js";
import { makeCatalog } from "../sim/catalog.js";
import { hello } from "./hello/index.js";
import { lamport } from "./lamport/index.js";
import { majorityKv } from "./majority-kv/index.js";
import { raft } from "./raft/index.js";
import { twoReplicas } from "./two-replicas/index.js";
import { welcomeEmail } from "./welcome-email/index.js";
import { fallacyGauntlet } from "./fallacy-gauntlet/index.js";

export const CATALOG = makeCatalog([hello, raft, lamport, majorityKv, welcomeEmail, twoReplicas, fallacyGauntlet], { goals: GENERIC_GOALS });
