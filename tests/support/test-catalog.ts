/** The game's catalog plus the test-only heartbeat protocol (it never ships in the bundle). */
import { CATALOG } from "../../shared/protocols/catalog.js";
import { withProtocols } from "../../shared/sim/catalog.js";
import { heartbeat } from "./heartbeat-protocol.js";

export const TEST_CATALOG = withProtocols(CATALOG, [heartbeat]);
