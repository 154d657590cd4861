/**
 * What clients cause the server to print (refused joins, malformed frames, Colyseus' own
 * complaints) is one line per event, naming the room and the address, and rate-limited for the
 * whole process: a client cannot fill the disk or bury a real error by misbehaving. A stack
 * trace of 58 lines per refused join was a cheap attack.
 */

/** Lines a window may print; the rest are counted, and the count is printed once. */
export const EVENT_LOG_LINES_PER_WINDOW = 20;
export const EVENT_LOG_WINDOW_MS = 10_000;
/** A line longer than this is cut (a message may quote client input). */
const LINE_CHARS_MAX = 300;

export class EventLog {
  private windowStartMs = -Infinity;
  private linesInWindow = 0;
  private suppressed = 0;

  constructor(
    private readonly write: (line: string) => void = (line) => console.warn(line),
    private readonly linesPerWindow = EVENT_LOG_LINES_PER_WINDOW,
    private readonly windowMs = EVENT_LOG_WINDOW_MS,
    private readonly nowMs: () => number = Date.now,
  ) {}

  log(text: string): void {
    const nowMs = this.nowMs();
    if (nowMs - this.windowStartMs >= this.windowMs) {
      if (this.suppressed > 0) this.write(`(${this.suppressed} more such events in ${Math.round(this.windowMs / 1000)} s were not logged)`);
      this.windowStartMs = nowMs;
      this.linesInWindow = 0;
      this.suppressed = 0;
    }
    if (this.linesInWindow >= this.linesPerWindow) {
      this.suppressed++;
      return;
    }
    this.linesInWindow++;
    this.write(oneLine(text));
  }
}

/** The process's log of client-caused events. */
export const eventLog = new EventLog();

/** Where an event happened, for the lines logged while it is handled (see withEventContext). */
export interface EventContext {
  roomId: string;
  address: string;
}

let current: EventContext | null = null;

/**
 * Runs `fn` (synchronous) with `context` attached to what Colyseus logs meanwhile: Colyseus
 * reports a malformed frame to its logger with the error alone, not the room or the sender.
 */
export function withEventContext<T>(context: EventContext, fn: () => T): T {
  const previous = current;
  current = context;
  try {
    return fn();
  } finally {
    current = previous;
  }
}

export function describeContext(context: EventContext | null): string {
  return context ? `room ${context.roomId}, from ${context.address}` : "no room";
}

/** An address as the transport gives it (a string, or x-forwarded-for's list). */
export function addressOf(ip: string | string[] | undefined): string {
  const first = Array.isArray(ip) ? ip[0] : ip;
  return first?.split(",")[0]?.trim() || "unknown address";
}

/** The first line of a message or an error, cut: never a stack trace, never a dumped object. */
export function oneLine(value: unknown): string {
  const text = value instanceof Error ? `${value.name}: ${value.message}` : typeof value === "string" ? value : safeJson(value);
  const line = (text.split("\n")[0] ?? "").trim();
  return line.length > LINE_CHARS_MAX ? `${line.slice(0, LINE_CHARS_MAX)}...` : line;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * The logger Colyseus is given (ServerOptions.logger): its messages are about what a client
 * sent or did (a frame it could not decode, a seat reservation that expired, a socket error),
 * so each becomes one rate-limited line, with the room and the sender when known.
 */
export const colyseusLogger = {
  error: (...args: unknown[]) => eventLog.log(`colyseus (${describeContext(current)}): ${args.map(oneLine).join(" ")}`),
  warn: (...args: unknown[]) => eventLog.log(`colyseus (${describeContext(current)}): ${args.map(oneLine).join(" ")}`),
  info: (...args: unknown[]) => eventLog.log(`colyseus: ${args.map(oneLine).join(" ")}`),
  debug: () => {},
  trace: () => {},
};
