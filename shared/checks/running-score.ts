/**
 * The score of a game in progress, kept up to date from the new trace events only. scoreOf()
 * re-reads the whole trace, which grows all game long; a room shows the score every game-second,
 * so it asks this instead. Always equal to scoreOf(world) (tests/unit/checks/running-score.test.ts).
 */
import type { World } from "../sim/world-types.js";
import type { TraceOf } from "../sim/trace.js";
import { fateOf, lateTicks, type RequestOutcome } from "./requests.js";
import { costedSenders, scoreOf, type Metrics } from "./verdict.js";

export class RunningScore {
  private seen = 0;
  private seatMessages = 0;
  /** Every request so far, in the order they arrived (as requestOutcomes lists them). */
  private readonly outcomes: RequestOutcome[] = [];
  private readonly byId = new Map<string, RequestOutcome>();
  private readonly seats: ReadonlySet<string>;

  constructor(private readonly world: World) {
    this.seats = costedSenders(world.level);
  }

  /** The score now: reads the trace events since the last call, then scores as scoreOf does. */
  score(): number {
    return scoreOf(this.world, this.metrics());
  }

  metrics(): Metrics {
    const world = this.world;
    const trace = world.trace;
    for (; this.seen < trace.length; this.seen++) {
      // Sends are most of the trace: counted from the row, without building the event.
      const kind = trace.kindAt(this.seen);
      if (kind === "send") {
        if (this.seats.has(trace.nodeAt(this.seen)!)) this.seatMessages++;
      } else if (kind === "request") {
        const request = trace.at(this.seen) as TraceOf<"request">;
        if (this.byId.has(request.requestId)) continue;
        const outcome: RequestOutcome = { request, response: null };
        this.byId.set(request.requestId, outcome);
        this.outcomes.push(outcome);
      } else if (kind === "response") {
        const response = trace.at(this.seen) as TraceOf<"response">;
        const outcome = this.byId.get(response.requestId);
        if (outcome && !outcome.response) outcome.response = response;
      }
    }
    let served = 0;
    let errors = 0;
    let redirects = 0;
    let late = 0;
    for (const o of this.outcomes) {
      const fate = fateOf(o);
      if (fate === "served") served++;
      else if (fate === "failed") errors++;
      else if (fate === "redirected") redirects++;
      late += lateTicks(o, world.tick);
    }
    return {
      requests: this.outcomes.length,
      served,
      errors,
      redirects,
      lateTicks: late,
      seatMessages: this.seatMessages,
      messages: world.stats.sent,
      delivered: world.stats.delivered,
      dropped: world.stats.dropped,
      duplicated: world.stats.duplicated,
    };
  }
}
