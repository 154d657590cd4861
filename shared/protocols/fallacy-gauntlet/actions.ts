/**
 * What the player at S decides: one setting per round, chosen on the round's card (the action
 * of each round is enabled by the level's phase for that round), and the bonus answer. S then
 * does the round's work by itself, the way the setting says.
 */
import { choice, type ChoiceOption } from "../../sim/action-params.js";
import { defineAction, type NodeContext, type PlayerAction } from "../../sim/protocol.js";
import { answerOptions, giveAnswer, type AnswerKind } from "./bonus.js";
import { CARDS, BONUS_CARD } from "./cards.js";
import { subscribe } from "./r6-admin.js";
import { ROUNDS } from "./schedule.js";
import { SETTINGS, type GauntletState, type SettingRound } from "./state.js";

const action = defineAction<GauntletState>();

function settingAction(round: SettingRound): PlayerAction<GauntletState, any> {
  const card = CARDS[round];
  const options: ChoiceOption[] = SETTINGS[round].map((value) => ({ value, label: card.options[value]!.label }));
  const number = ROUNDS.indexOf(round) + 1;
  return action({
    summary: `Round ${number}: ${card.assumption} ${card.breaks} Choose how S behaves; it does the round's work that way.`,
    rule: card.rule,
    roles: ["service"],
    params: { setting: choice(options, { expand: true, label: "Setting" }) },
    look: {
      label: `Round ${number} setting`,
      bar: { key: card.options[SETTINGS[round][0]]!.key },
      keyOf: (p) => card.options[p.setting]!.key,
      labelOf: (s, p) => `${card.options[p.setting]!.label}${s.settings[round] === p.setting ? " (now)" : ""}`,
      groupOf: () => ({ id: round, title: `Round ${number}: ${card.assumption}`, lines: [card.breaks] }),
    },
    check: (_s, p) => card.options[p.setting]!.wrong ?? null,
    apply: (state, p, ctx: NodeContext) => {
      const next = { ...state, settings: { ...state.settings, [round]: p.setting } };
      // Choosing the feed subscribes to it (once is enough).
      if (round !== "admin" || p.setting !== "feed" || state.subscribed) return { state: next, effects: [] };
      return { state: { ...next, subscribed: true }, effects: [subscribe(ctx)] };
    },
  });
}

const answerAction = action({
  summary: `Bonus: ${BONUS_CARD.assumption} Answer once, from what your node knows.`,
  rule: BONUS_CARD.rule,
  roles: ["service"],
  params: { answer: choice((raw: Record<string, unknown>) => answerOptions(raw as unknown as GauntletState), { expand: true, label: "Answer" }) },
  look: {
    label: "Answer",
    bar: { key: "u" },
    keyOf: (p) => ({ unknown: "u", bound: "b", exact: "x" })[p.answer] ?? "u",
    labelOf: (s, p) => answerOptions(s).find((o) => o.value === p.answer)?.label ?? p.answer,
    groupOf: () => ({ id: "bonus", title: `Bonus: ${BONUS_CARD.assumption}`, lines: [BONUS_CARD.breaks] }),
  },
  possible: (s) => (s.answer !== null ? "You have answered already." : null),
  check: (_s, p) => (p.answer === "exact" ? "Your count is as old as its report, and orders kept coming: a number needs its staleness bound." : null),
  apply: (state, p, ctx) => giveAnswer(state, p.answer as AnswerKind, ctx.uptimeTicks),
});

export const GAUNTLET_ACTIONS: Record<string, PlayerAction<GauntletState, any>> = {
  ...Object.fromEntries((Object.keys(SETTINGS) as SettingRound[]).map((round) => [round, settingAction(round)])),
  answer: answerAction,
};
