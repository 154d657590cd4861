// Lamport (l09): a peer's headline figures (clock, round, unopened messages, quiz progress).
// What its cards offer comes from the protocol's action declarations (shared/sim/legal-actions.ts).
import type { Highlight } from "./play-bindings.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const objs = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const num = (v: unknown): number => (typeof v === "number" ? v : 0);

export function lamportHighlights(state: Obj): Highlight[] {
  const round = num(state.round) || 1;
  const lamport = round >= 2;
  const out: Highlight[] = [
    {
      id: "clock",
      label: "Lamport clock",
      value: String(num(state.clock)),
      hint: lamport ? "the last stamp you gave: your next post or send is this + 1" : "not used yet: round 1 stamps with your wall clock",
    },
    { id: "round", label: "Round", value: String(round), hint: round === 1 ? "wall-clock stamps" : round === 2 ? "Lamport stamps" : "the quiz (still Lamport)" },
    { id: "unread", label: "Unopened", value: String(objs(state.unread).length), hint: "messages waiting to be received or set aside" },
  ];
  const quiz = objs(state.quiz).length;
  if (quiz > 0) out.push({ id: "quiz", label: "Quiz", value: `${objs(state.answered).length} / ${quiz}`, hint: "questions answered", meter: objs(state.answered).length / quiz });
  return out;
}
