/**
 * Player actions declare their parameters as data: what kind each one is (a message from the
 * inbox, a client request, a peer, a whole number in a range, a choice, a toggle). From the
 * declaration alone the engine parses untrusted params, resolves references (a message id
 * becomes the message the node holds) and knows which inbox card an action deals with; the
 * client and the tests list what can be done now (legal-actions.ts). No protocol writes a parser.
 *
 * On the wire a param travels under its name (or `wire`, kept for input logs stored before the
 * declarations existed): a message by its msgId, a request by its id, a peer by its node id.
 */
import { err, ok, type Result } from "../base/result.js";

/** A message as its receiver holds it: what a message param resolves to. */
export interface HeldMessage {
  readonly msgId: number;
  readonly from: string;
  readonly type: string;
  readonly payload: unknown;
  /** This node's own count of arrivals (see Arrival in message.ts). */
  readonly arrival: number;
}

/** A client request waiting for an answer: what a request param resolves to. */
export interface HeldRequest {
  readonly requestId: string;
  readonly payload: unknown;
  readonly deadlineTick: number;
}

export interface ChoiceOption {
  readonly value: string;
  readonly label: string;
}

/** What a choice's options and a card binding may read: the node's own state and seat. */
export interface ParamContext {
  readonly self: string;
  readonly role: string;
  readonly nodes: readonly { readonly id: string; readonly role: string }[];
}

/** An inbox card, as a card binding sees it. */
export type CardEvent =
  | { readonly kind: "message"; readonly msgId: number; readonly from: string; readonly type: string; readonly payload: unknown }
  | { readonly kind: "timer"; readonly name: string }
  | { readonly kind: "request"; readonly requestId: string; readonly payload: unknown };

interface ParamBase {
  /** Shown next to the field or on the button. */
  readonly label?: string;
  /** What to look at while filling it in ("your clock 5 · this message carries 8"), from the state and the params already bound. */
  readonly hint?: (state: Record<string, unknown>, bound: Readonly<Record<string, unknown>>) => string;
  /** The key on the wire, when it differs from the param's name. */
  readonly wire?: string;
}

export interface MessageParam extends ParamBase {
  readonly kind: "message";
  /** Message types this param accepts. */
  readonly types: readonly string[];
  /** Also a card already dealt with (acknowledging every copy of a note again). Default: no. */
  readonly again?: boolean;
}

export interface RequestParam extends ParamBase {
  readonly kind: "request";
  /** Also a request whose card was already dealt with. Default: no. */
  readonly again?: boolean;
}

export interface PeerParam extends ParamBase {
  readonly kind: "peer";
  /** Roles a peer may have (default: the acting node's own role). */
  readonly roles?: readonly string[];
  /** null (absent on the wire) is allowed and means "everyone" or "none", as the action says. */
  readonly optional?: boolean;
  /** A card this peer comes from (e.g. the sender of an AppendReply). */
  readonly fromCard?: (card: CardEvent) => string | null;
}

export interface IntParam extends ParamBase {
  readonly kind: "int";
  readonly min: number;
  readonly max: number;
  readonly optional?: boolean;
  /** A value the offer fills in itself (the next index to commit); without one the player types it. */
  readonly default?: (state: Record<string, unknown>) => number | null;
  /** Whether the player is asked for it now (Lamport stamps only from round 2 on). */
  readonly asked?: (state: Record<string, unknown>) => boolean;
  /** The number a card is about (the note a retry timer or a request card stands for). */
  readonly fromCard?: (card: CardEvent, state: Record<string, unknown>) => number | null;
}

export interface ChoiceParam extends ParamBase {
  readonly kind: "choice";
  /** Fixed options, or the ones this node's state offers now (rumors it knows, open questions). */
  readonly options: readonly ChoiceOption[] | ((state: Record<string, unknown>, ctx: ParamContext) => readonly ChoiceOption[]);
  readonly optional?: boolean;
  /** One button per option instead of a picker (quiz answers). */
  readonly expand?: boolean;
  /** The option(s) a card is about (the reservation a request card carries). */
  readonly fromCard?: (card: CardEvent, state: Record<string, unknown>) => string | readonly string[] | null;
}

export interface ToggleParam extends ParamBase {
  readonly kind: "toggle";
  /** Button labels for true and false ("Grant", "Deny"). */
  readonly labels?: readonly [string, string];
}

export type ParamSpec = MessageParam | RequestParam | PeerParam | IntParam | ChoiceParam | ToggleParam;
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

type Optional = { readonly optional: true };
type OrNull<P, T> = P extends Optional ? T | null : T;

/** What each kind of param is once resolved: what check/possible/apply receive. */
type ResolvedOf<P extends ParamSpec> = P extends MessageParam
  ? HeldMessage
  : P extends RequestParam
    ? HeldRequest
    : P extends PeerParam
      ? OrNull<P, string>
      : P extends IntParam
        ? OrNull<P, number>
        : P extends ChoiceParam
          ? OrNull<P, string>
          : P extends ToggleParam
            ? boolean
            : never;

export type Resolved<S extends ParamSpecs> = { -readonly [K in keyof S]: ResolvedOf<S[K]> };

// ---- Constructors: what an actions.ts file writes ---------------------------------------------

type Required<P> = P & { readonly optional?: false };
type More<P, Fixed extends string> = Omit<P, "kind" | "optional" | Fixed>;

export const message = (types: readonly string[], more: More<MessageParam, "types"> = {}): MessageParam => ({ kind: "message", types, ...more });
export const request = (more: More<RequestParam, never> = {}): RequestParam => ({ kind: "request", ...more });
export const peer = (more: More<PeerParam, never> = {}): Required<PeerParam> => ({ kind: "peer", ...more });
/** A peer that may be left out (null): "everyone", or "none", as the action says. */
export const optionalPeer = (more: More<PeerParam, never> = {}): PeerParam & Optional => ({ kind: "peer", ...more, optional: true });
export const int = (min: number, max: number, more: More<IntParam, "min" | "max"> = {}): Required<IntParam> => ({ kind: "int", min, max, ...more });
export const optionalInt = (min: number, max: number, more: More<IntParam, "min" | "max"> = {}): IntParam & Optional => ({ kind: "int", min, max, ...more, optional: true });
export const choice = (options: ChoiceParam["options"], more: More<ChoiceParam, "options"> = {}): Required<ChoiceParam> => ({ kind: "choice", options, ...more });
export const optionalChoice = (options: ChoiceParam["options"], more: More<ChoiceParam, "options"> = {}): ChoiceParam & Optional => ({
  kind: "choice",
  options,
  ...more,
  optional: true,
});
export const toggle = (more: More<ToggleParam, never> = {}): ToggleParam => ({ kind: "toggle", ...more });

/** Params travel as small JSON values: a reference is at most this long. */
const TEXT_LENGTH_MAX = 64;

export function wireKey(name: string, spec: ParamSpec): string {
  return spec.wire ?? name;
}

export function isOptional(spec: ParamSpec): boolean {
  return (spec.kind === "peer" || spec.kind === "int" || spec.kind === "choice") && spec.optional === true;
}

/**
 * Shape validation of untrusted params, derived from the declaration: a readable error, never an
 * exception. Returns the wire values by param name (references not yet looked up).
 */
export function parseParams(specs: ParamSpecs, raw: unknown): Result<Record<string, number | string | boolean | null>, string> {
  const source = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const out: Record<string, number | string | boolean | null> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const key = wireKey(name, spec);
    const value = Object.hasOwn(source, key) ? source[key] : undefined;
    if ((value === undefined || value === null) && isOptional(spec)) {
      out[name] = null;
      continue;
    }
    const parsed = parseOne(key, spec, value);
    if (!parsed.ok) return parsed;
    out[name] = parsed.value;
  }
  return ok(out);
}

function parseOne(key: string, spec: ParamSpec, value: unknown): Result<number | string | boolean, string> {
  switch (spec.kind) {
    case "message":
      return isWhole(value, 0, Number.MAX_SAFE_INTEGER) ? ok(value) : err(`${key} must be the id of a message in your inbox`);
    case "request":
      return isText(value) ? ok(value) : err(`${key} must be the id of a client request`);
    case "peer":
      return isText(value) ? ok(value) : err(`${key} must be a node id`);
    case "int":
      return isWhole(value, spec.min, spec.max) ? ok(value) : err(`${key} must be a whole number from ${spec.min} to ${spec.max}`);
    case "choice":
      return isText(value) ? ok(value) : err(`${key} must be one of the choices offered`);
    case "toggle":
      return typeof value === "boolean" ? ok(value) : err(`${key} must be true or false`);
  }
}

function isWhole(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

function isText(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= TEXT_LENGTH_MAX;
}

/** The options a choice offers now. */
export function choiceOptions(spec: ChoiceParam, state: Record<string, unknown>, ctx: ParamContext): readonly ChoiceOption[] {
  return typeof spec.options === "function" ? spec.options(state, ctx) : spec.options;
}

/** The peers a peer param may name: other nodes, of the given roles (default: the actor's own). */
export function eligiblePeers(spec: PeerParam, ctx: ParamContext): string[] {
  const roles = spec.roles ?? [ctx.role];
  return ctx.nodes.filter((n) => n.id !== ctx.self && roles.includes(n.role)).map((n) => n.id);
}

/**
 * What a node holds that references resolve against, and whether its card was dealt with (an
 * answered vote request cannot be answered again: the card is done).
 */
export interface Holdings {
  message(msgId: number): { held: HeldMessage; dealtWith: boolean } | undefined;
  request(requestId: string): { held: HeldRequest; dealtWith: boolean } | undefined;
}

/**
 * Wire values -> the real things: a message id becomes the message this node holds, a request id
 * the waiting request; a peer or a choice must be one the node could name. A reference to
 * something the node does not hold is impossible (Free mode too), with a message that says why.
 */
export function resolveParams(
  specs: ParamSpecs,
  values: Readonly<Record<string, number | string | boolean | null>>,
  holdings: Holdings,
  state: Record<string, unknown>,
  ctx: ParamContext,
): Result<Record<string, unknown>, string> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const value = values[name] ?? null;
    if (value === null) {
      out[name] = null;
      continue;
    }
    switch (spec.kind) {
      case "message": {
        const found = holdings.message(value as number);
        if (!found) return err(`Message ${String(value)} is not in your inbox.`);
        if (!spec.types.includes(found.held.type)) return err(`Message ${String(value)} is a ${found.held.type}, not a ${spec.types.join(" or ")}.`);
        if (found.dealtWith && !spec.again) return err(`You already dealt with message ${String(value)}.`);
        out[name] = found.held;
        break;
      }
      case "request": {
        const found = holdings.request(value as string);
        if (!found) return err(`There is no client request ${String(value)} waiting for you.`);
        if (found.dealtWith && !spec.again) return err(`You already dealt with request ${String(value)}; its answer is on its way.`);
        out[name] = found.held;
        break;
      }
      case "peer":
        if (!eligiblePeers(spec, ctx).includes(value as string)) return err(`${String(value)} is not one of the nodes you can name here.`);
        out[name] = value;
        break;
      case "choice":
        if (!choiceOptions(spec, state, ctx).some((o) => o.value === value)) return err(`${String(value)} is not one of the choices you have now.`);
        out[name] = value;
        break;
      default:
        out[name] = value;
    }
  }
  return ok(out);
}

/** The messages and requests an action consumed: their inbox cards are dealt with. */
export function consumed(specs: ParamSpecs, resolved: Readonly<Record<string, unknown>>): { msgIds: number[]; requestIds: string[] } {
  const msgIds: number[] = [];
  const requestIds: string[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    const value = resolved[name];
    if (value === null || value === undefined) continue;
    if (spec.kind === "message") msgIds.push((value as HeldMessage).msgId);
    if (spec.kind === "request") requestIds.push((value as HeldRequest).requestId);
  }
  return { msgIds, requestIds };
}
