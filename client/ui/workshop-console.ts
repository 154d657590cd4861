// The facilitator's console (behind the workshop's secret): the code, link and QR for the room;
// the lobby (kick, move, lock, start); then every team live (time, score, incidents with the
// checker's cause, who is connected, which seats a bot runs) with pause, resume, end and faults
// for one team or all, and which team the projector shows; and at the end the report with its
// CSV. Redrawn from the server's views; what a keyboard user is on keeps its focus.
import type { LevelSummary } from "../net/api-types.js";
import { announce, button, h } from "./dom.js";
import { faultPresets } from "./fault-presets.js";
import { levelCode } from "./home-panel.js";
import { timeLeft } from "./play-format.js";
import { qrCode } from "./workshop-qr.js";
import "./workshop.css";

export interface ConsoleHandlers {
  command(body: Record<string, unknown>): Promise<{ ok: boolean; message: string }>;
  leave(): void;
}

export interface ConsoleLinks {
  join: string;
  console: string;
  projector: string;
  reportCsv: string;
}

/** Rebuilds `box` while keeping focus on the element with the same data-key, if there was one. */
function rebuild(box: HTMLElement, children: (Node | null)[]): void {
  const active = document.activeElement as HTMLElement | null;
  const key = active && box.contains(active) ? active.dataset.key : undefined;
  box.replaceChildren(...children.filter((c): c is Node => c !== null));
  if (key) box.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`)?.focus();
}

export class WorkshopConsole {
  readonly element: HTMLElement;
  private readonly status = h("p", { class: "workshop-status", role: "status", "aria-live": "polite" });
  private readonly lobby = h("section", { class: "panel workshop-lobby", "aria-labelledby": "ws-lobby-title" });
  private readonly teamsBox = h("section", { class: "workshop-team-grid", "aria-labelledby": "ws-teams-title" });
  private readonly controls = h("div", { class: "workshop-controls", role: "group", "aria-label": "Every team" });
  private readonly reportBox = h("section", { class: "panel workshop-report", "aria-labelledby": "ws-report-title", hidden: true });
  private lobbyKey = "";
  private teamsKey = "";
  private reportKey = "";
  private readonly incidentsSeen = new Map<number, number>();
  private readonly teamsTitle = h("h2", { id: "ws-teams-title", class: "workshop-section-title" }, "Teams");
  /** A playlist's progress: which level of how many, and the button to the next one. */
  private readonly stageBox = h("div", { class: "workshop-stage", hidden: true });
  private readonly kicker = h("p", { class: "kicker" });
  private stageKey = "";
  private share!: HTMLElement;
  private reordered = false;

  constructor(
    private level: LevelSummary | undefined,
    private readonly code: string,
    private readonly links: ConsoleLinks,
    private readonly handlers: ConsoleHandlers,
    /** Every level (a playlist's next level replaces `level` when its teams start). */
    private readonly levels: readonly LevelSummary[] = [],
  ) {
    this.kicker.textContent = level ? `${levelCode(level.id)} · ${level.title}` : "Workshop";
    const copy = (text: string, what: string) => button(`Copy ${what}`, () => void navigator.clipboard?.writeText(text).then(() => announce(`${what} copied.`)), { class: "btn btn-ghost btn-small" });
    const share = h(
      "section",
      { class: "panel workshop-share", "aria-labelledby": "ws-share-title" },
      h("h2", { id: "ws-share-title" }, "Let students in"),
      h("div", { class: "workshop-share-row" },
        qrCode(links.join, `QR code of the join link for workshop ${code}`),
        h("div", {},
          h("p", { class: "join-code-label" }, "Workshop code"),
          h("strong", { class: "join-code", "data-workshop-code": code, "aria-label": `Workshop code ${code.split("").join(" ")}` }, code),
          h("p", { class: "small" }, "Link: ", h("a", { href: links.join, "data-link": "join" }, links.join)),
          h("p", {}, h("a", { href: links.projector, target: "_blank", rel: "noopener", class: "btn btn-secondary btn-small", "data-link": "projector" }, "Open the projector page"), " ", copy(links.projector, "Projector link")),
          h("details", { class: "workshop-secret" },
            h("summary", {}, "Your console link (keep it private)"),
            h("p", { class: "small muted" }, "It reopens this console, and the report, even after a server restart. Anyone with it runs the workshop."),
            h("a", { href: links.console, "data-link": "console" }, links.console), " ", copy(links.console, "Console link"),
          ),
        ),
      ),
    );
    this.element = h(
      "div",
      { class: "screen workshop-screen workshop-console", "data-screen": "workshop-console" },
      h("header", { class: "workshop-head" },
        h("div", {}, this.kicker, h("h1", { id: "ws-console-title", tabindex: -1 }, `Workshop console · ${code}`)),
        button("Leave", () => handlers.leave(), { class: "btn btn-ghost", "data-action": "leave" }),
      ),
      this.status,
      this.stageBox,
      share,
      this.lobby,
      this.teamsTitle,
      this.controls,
      this.teamsBox,
      this.reportBox,
    );
    this.share = share;
    this.renderControls();
  }

  private async send(body: Record<string, unknown>): Promise<void> {
    const reply = await this.handlers.command(body);
    this.status.textContent = reply.message;
    this.status.classList.toggle("bad", !reply.ok);
    announce(reply.message);
  }

  update(view: Record<string, any>): void {
    // Once the teams play, they come first; the lobby and the share panel move below.
    if (view.phase !== "lobby" && !this.reordered) {
      this.reordered = true;
      this.element.append(this.lobby, this.share);
    }
    this.renderStage(view);
    this.renderLobby(view);
    this.renderTeams(view);
    this.renderReport(view);
  }

  // ---- the playlist ---------------------------------------------------------------------------

  private renderStage(view: Record<string, any>): void {
    // The teams moved on to the playlist's next level: its nodes make the fault menu.
    if (typeof view.levelId === "string" && view.levelId !== this.level?.id) {
      this.level = this.levels.find((l) => l.id === view.levelId) ?? this.level;
      this.kicker.textContent = this.level ? `${levelCode(this.level.id)} · ${this.level.title}` : "Workshop";
      this.renderControls();
    }
    const stages = Number(view.stages) || 1;
    const key = JSON.stringify([view.stage, stages, view.phase, view.nextLevel]);
    if (key === this.stageKey) return;
    this.stageKey = key;
    this.stageBox.hidden = stages < 2;
    if (stages < 2) return;
    const next = view.nextLevel as { id: string; title: string } | null;
    const line = h("p", { class: "workshop-stage-line" }, h("strong", {}, `Level ${Number(view.stage) + 1} of ${stages}: ${String(view.levelTitle)}`), next ? ` · next: ${next.title}` : " · the last level");
    const go = view.phase === "between" && next ? [button(`Start the next level: ${next.title}`, () => void this.send({ kind: "next" }), { class: "btn btn-primary", "data-key": "next-level", "data-action": "next-level" })] : [];
    rebuild(this.stageBox, [line, ...go]);
  }

  // ---- lobby --------------------------------------------------------------------------------

  private renderLobby(view: Record<string, any>): void {
    const students: any[] = Array.isArray(view.students) ? view.students : [];
    const key = JSON.stringify([students, view.phase, view.locked, view.nemeses]);
    if (key === this.lobbyKey) return;
    this.lobbyKey = key;
    const teamCount = Math.max(1, ...students.map((s) => Number(s.team) + 1));
    const started = view.phase !== "lobby";
    const rows = students.map((s) => {
      const move = h("select", { "aria-label": `Team of ${s.nickname}`, "data-key": `move-${s.id}`, disabled: started });
      for (let t = 0; t <= teamCount && t < 200; t++) {
        const option = h("option", { value: String(t) }, `Team ${t + 1}${t === teamCount ? " (new)" : ""}`);
        if (t === s.team) option.selected = true;
        move.append(option);
      }
      move.addEventListener("change", () => void this.send({ kind: "move", student: s.id, team: Number(move.value) }));
      return h(
        "tr",
        { "data-student": String(s.nickname) },
        h("th", { scope: "row" }, String(s.nickname), s.connected ? "" : h("span", { class: "muted" }, " (away)")),
        h("td", {}, move),
        h("td", {}, button("Kick", () => void this.send({ kind: "kick", student: s.id }), { class: "btn btn-ghost btn-small", "data-key": `kick-${s.id}`, "aria-label": `Remove ${s.nickname}` })),
      );
    });
    const lock = button(view.locked ? "Let latecomers in" : "Lock the lobby", () => void this.send({ kind: "lock", locked: !view.locked }), { class: "btn btn-secondary", "data-key": "lock", "data-action": "lock", "aria-pressed": String(view.locked === true) });
    const start = button("Start every team", () => void this.send({ kind: "start" }), { class: "btn btn-primary", "data-key": "start", "data-action": "start-workshop", hidden: started });
    rebuild(this.lobby, [
      h("h2", { id: "ws-lobby-title" }, `Students (${students.length})`, view.locked ? h("span", { class: "chip" }, "locked") : null),
      h("p", { class: "muted small" }, started ? "The teams are playing; latecomers join the smallest team unless the lobby is locked." : `Teams of ${view.teamSize} are balanced for you; move anyone with their Team menu.`),
      students.length > 0
        ? h("table", { class: "workshop-students" }, h("caption", { class: "sr-only" }, "Students and their teams"), h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Nickname"), h("th", { scope: "col" }, "Team"), h("th", { scope: "col" }, "Remove"))), h("tbody", {}, ...rows))
        : h("p", { class: "muted" }, "Nobody yet: show the code or the QR code."),
      started ? null : this.nemesisChooser(teamCount, Array.isArray(view.nemeses) ? view.nemeses : []),
      h("div", { class: "lobby-buttons" }, lock, start),
    ]);
  }

  /**
   * Before the start: any team may play the network of another one (the nemesis), with a fault
   * budget in points; the server checks the pairing and says why not.
   */
  private nemesisChooser(teamCount: number, nemeses: { team: number; against: number; points: number }[]): HTMLElement | null {
    if (teamCount < 2) return null;
    const points = h("input", { id: "ws-nemesis-points", type: "number", min: 1, max: 100, value: String(nemeses[0]?.points ?? 10), "data-key": "nemesis-points", class: "workshop-points" }) as HTMLInputElement;
    // A new budget applies to the pairings already made.
    points.addEventListener("change", () => {
      for (const n of nemeses) void this.send({ kind: "nemesis", team: n.team, against: n.against, points: Math.min(100, Math.max(1, Math.round(Number(points.value) || 10))) });
    });
    const rows = Array.from({ length: teamCount }, (_, t) => {
      const mine = nemeses.find((n) => n.team === t);
      const select = h("select", { id: `ws-plays-${t}`, "data-key": `plays-${t}`, "data-nemesis-team": String(t) });
      select.append(h("option", { value: "" }, "nodes"));
      for (let o = 0; o < teamCount; o++) if (o !== t) select.append(h("option", { value: String(o), selected: mine?.against === o }, `the network of team ${o + 1} (nemesis)`));
      select.addEventListener("change", () => void this.send({ kind: "nemesis", team: t, against: select.value === "" ? null : Number(select.value), points: Math.min(100, Math.max(1, Math.round(Number(points.value) || 10))) }));
      return h("li", {}, h("label", { for: `ws-plays-${t}` }, `Team ${t + 1} plays `), select);
    });
    return h(
      "div",
      { class: "workshop-nemesis", role: "group", "aria-labelledby": "ws-nemesis-title" },
      h("h3", { id: "ws-nemesis-title" }, "Nemesis teams"),
      h("p", { class: "muted small" }, "A nemesis team takes no seats: its students throw faults at another team's network, within a budget, and are scored by the violations and missed goals they cause."),
      h("p", {}, h("label", { for: "ws-nemesis-points" }, "Fault budget (points) "), points, h("span", { class: "muted small" }, " a split, cutting a node off or a crash costs 3, a freeze 2, flaky links or a clock jump 1")),
      h("ul", { class: "workshop-nemesis-list" }, ...rows),
    );
  }

  // ---- teams --------------------------------------------------------------------------------

  private renderControls(): void {
    const presets = faultPresets(this.level?.nodes.map((n) => n.id) ?? []);
    const fault = h("select", { id: "ws-fault", "data-key": "fault" });
    for (const group of [...new Set(presets.map((p) => p.group))]) {
      const optgroup = h("optgroup", { label: group });
      for (const p of presets.filter((x) => x.group === group)) optgroup.append(h("option", { value: p.id }, p.label));
      fault.append(optgroup);
    }
    const target = h("select", { id: "ws-fault-target", "data-key": "fault-target" }, h("option", { value: "all" }, "every team"));
    this.controls.replaceChildren(
      button("Pause all", () => void this.send({ kind: "pause", team: null }), { class: "btn btn-secondary btn-small", "data-action": "pause-all" }),
      button("Resume all", () => void this.send({ kind: "resume", team: null }), { class: "btn btn-secondary btn-small", "data-action": "resume-all" }),
      button("End all now", () => {
        if (window.confirm("End every team's game now? The bots play the rest of the time at once, and the debriefs open.")) void this.send({ kind: "end", team: null });
      }, { class: "btn btn-ghost btn-small", "data-action": "end-all" }),
      h("span", { class: "workshop-fault" },
        h("label", { for: "ws-fault" }, "Fault"), fault,
        h("label", { for: "ws-fault-target" }, "at"), target,
        button("Throw", () => {
          const preset = presets.find((p) => p.id === fault.value);
          if (!preset) return;
          void this.send({ kind: "fault", team: target.value === "all" ? null : Number(target.value), fault: preset.fault });
        }, { class: "btn btn-primary btn-small", "data-action": "throw-fault" }),
      ),
    );
    this.controls.hidden = true;
  }

  private renderTeams(view: Record<string, any>): void {
    const teams: any[] = Array.isArray(view.teams) ? view.teams : [];
    this.controls.hidden = teams.length === 0;
    const target = this.controls.querySelector<HTMLSelectElement>("#ws-fault-target");
    // A nemesis team has no network of its own: faults go to the node teams.
    const nodeTeams = teams.filter((t) => typeof t.against !== "number");
    if (target && target.options.length !== nodeTeams.length + 1) {
      target.replaceChildren(h("option", { value: "all" }, "every team"), ...nodeTeams.map((t) => h("option", { value: String(t.team) }, `team ${t.team + 1}`)));
    }
    const key = JSON.stringify([teams, view.projected]);
    if (key === this.teamsKey) return;
    this.teamsKey = key;
    rebuild(this.teamsBox, teams.length === 0 ? [h("p", { class: "muted" }, "The teams appear here when you start.")] : teams.map((t) => this.teamCard(t, view.projected === t.team)));
  }

  private teamCard(team: any, projected: boolean): HTMLElement {
    if (typeof team.against === "number") return this.nemesisTeamCard(team, projected);
    const s = team.status;
    const n = team.team as number;
    const phase = !s ? "starting…" : s.phase === "ended" ? "Ended" : s.paused ? "Paused" : s.phase === "running" ? "Running" : "Waiting";
    const incidents: any[] = s?.incidents ?? [];
    if (incidents.length > (this.incidentsSeen.get(n) ?? 0)) {
      this.incidentsSeen.set(n, incidents.length);
      announce(`Team ${n + 1}: incident. ${incidents.at(-1)?.cause ?? ""}`);
    }
    // After the end the students have left their rooms: the result says who played which node.
    const played = new Map<string, string>((s?.result?.seats ?? []).map((r: any) => [String(r.node), String(r.nickname)]));
    const seats: any[] = (s?.seats ?? []).map((seat: any) => (played.has(seat.node) ? { ...seat, nickname: played.get(seat.node), connected: true } : seat));
    return h(
      "article",
      { class: `panel workshop-team-card${projected ? " projected" : ""}`, "aria-labelledby": `ws-team-${n}`, "data-team": String(n) },
      h("h3", { id: `ws-team-${n}` }, `Team ${n + 1}`, h("span", { class: "muted small" }, ` · ${team.code}`), projected ? h("span", { class: "chip" }, "on the projector") : null),
      h("p", { class: "workshop-team-line" },
        h("span", { class: `chip phase-${s?.phase ?? "lobby"}${s?.paused ? " paused" : ""}` }, phase),
        s ? ` ${timeLeft(s.durationTicks - s.tick)} left · score ${s.result?.score ?? s.score}` : "",
        s?.result ? ` · ${"★".repeat(s.result.stars)}${"☆".repeat(Math.max(0, 3 - s.result.stars))}` : "",
      ),
      h("ul", { class: "workshop-seats", "aria-label": `Seats of team ${n + 1}` },
        ...seats.map((seat) => h("li", {}, h("strong", {}, seat.node), " ", seat.nickname ? `${seat.nickname}${seat.connected ? "" : " (away)"}` : "", seat.bot ? h("span", { class: "chip chip-bot" }, "bot") : null)),
      ),
      h("div", { class: "workshop-incidents" },
        h("h4", {}, `Incidents (${incidents.length})`),
        incidents.length > 0
          ? h("ul", {}, ...incidents.map((i) => h("li", {}, h("strong", {}, `${Math.floor(i.atSeconds / 60)}:${String(i.atSeconds % 60).padStart(2, "0")} ${i.check}`), `: ${i.cause}`)))
          : h("p", { class: "muted small" }, "None: no safety rule broken."),
      ),
      h("div", { class: "workshop-team-buttons" },
        s?.phase === "running"
          ? button(s.paused ? "Resume" : "Pause", () => void this.send({ kind: s.paused ? "resume" : "pause", team: n }), { class: "btn btn-secondary btn-small", "data-key": `pause-${n}`, "data-action": "pause-team" })
          : null,
        s?.phase === "running" ? button("End now", () => void this.send({ kind: "end", team: n }), { class: "btn btn-ghost btn-small", "data-key": `end-${n}` }) : null,
        button("Show on projector", () => void this.send({ kind: "project", team: n }), { class: "btn btn-ghost btn-small", "data-key": `project-${n}`, "data-action": "project-team", disabled: projected }),
      ),
    );
  }

  /** A nemesis team: whose network it plays, its budget, its moves (with who threw them), its score. */
  private nemesisTeamCard(team: any, projected: boolean): HTMLElement {
    const n = team.team as number;
    const nemesis = team.status?.nemesis ?? null;
    const moves: any[] = nemesis?.moves ?? [];
    return h(
      "article",
      { class: `panel workshop-team-card workshop-nemesis-card${projected ? " projected" : ""}`, "aria-labelledby": `ws-team-${n}`, "data-team": String(n), "data-nemesis-of": String(team.against) },
      h("h3", { id: `ws-team-${n}` }, `Team ${n + 1}`, h("span", { class: "chip chip-nemesis" }, `nemesis of team ${team.against + 1}`)),
      h("p", { class: "workshop-team-line" }, nemesis ? `Budget: ${nemesis.spent} of ${nemesis.points} points spent` : "starting…", nemesis?.score ? ` · caused ${nemesis.score.points} pts` : ""),
      h("div", { class: "workshop-incidents" },
        h("h4", {}, `Moves (${moves.length})`),
        moves.length > 0
          ? h("ul", {}, ...moves.map((m) => h("li", {}, h("strong", {}, `${Math.floor(m.atSeconds / 60)}:${String(m.atSeconds % 60).padStart(2, "0")} ${m.by}`), `: ${m.what} (${m.cost} pt${m.cost === 1 ? "" : "s"})`)))
          : h("p", { class: "muted small" }, "No fault thrown yet."),
      ),
      h("div", { class: "workshop-team-buttons" },
        button("Show on projector", () => void this.send({ kind: "project", team: n }), { class: "btn btn-ghost btn-small", "data-key": `project-${n}`, "data-action": "project-team", disabled: projected }),
      ),
    );
  }

  // ---- report -------------------------------------------------------------------------------

  private renderReport(view: Record<string, any>): void {
    const teams: any[] = Array.isArray(view.teams) ? view.teams : [];
    const ended = teams.filter((t) => t.status?.result);
    const key = JSON.stringify(ended.map((t) => t.status.result));
    if (key === this.reportKey) return;
    this.reportKey = key;
    this.reportBox.hidden = ended.length === 0;
    if (ended.length === 0) return;
    const rows = ended.flatMap((t) =>
      typeof t.against === "number" ? this.nemesisReportRows(t, view) : (t.status.result.seats.length > 0 ? t.status.result.seats : [{ node: "", nickname: "(bots only)", resultId: null }]).map((seat: any) =>
        h("tr", {},
          h("td", {}, `Team ${t.team + 1}`),
          h("th", { scope: "row" }, String(seat.nickname)),
          h("td", {}, String(seat.node)),
          h("td", {}, String(t.status.result.score)),
          h("td", { "aria-label": `${t.status.result.stars} stars` }, "★".repeat(t.status.result.stars) || "0"),
          h("td", {}, t.status.result.mistakes.map((m: any) => m.check).join(", ") || "none"),
          h("td", {}, seat.resultId ? h("a", { href: `/#debrief=${encodeURIComponent(seat.resultId)}`, target: "_blank", rel: "noopener" }, "debrief") : ""),
        ),
      ),
    );
    rebuild(this.reportBox, [
      h("h2", { id: "ws-report-title" }, "Report"),
      h("p", {}, h("a", { href: this.links.reportCsv, class: "btn btn-secondary btn-small", download: "", "data-link": "report-csv" }, "Download the report (CSV)"), h("span", { class: "muted small" }, ` Kept on the server under your console link.${(Number(view.stages) || 1) > 1 ? " This table shows the level being played; the CSV holds every level." : ""}`)),
      h("table", { class: "workshop-students" },
        h("caption", { class: "sr-only" }, "Results per team and student"),
        h("thead", {}, h("tr", {}, ...["Team", "Student", "Node", "Score", "Stars", "Mistakes caught", ""].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", {}, ...rows),
      ),
    ]);
  }

  /** A nemesis team's rows: its students, no node, the points it caused, the violations it caused. */
  private nemesisReportRows(t: any, view: Record<string, any>): HTMLElement[] {
    const score = t.status?.nemesis?.score ?? null;
    const names: string[] = (Array.isArray(view.students) ? view.students : []).filter((s: any) => s.team === t.team).map((s: any) => String(s.nickname));
    return (names.length > 0 ? names : ["(nobody)"]).map((name) =>
      h("tr", { "data-nemesis-row": String(t.team) },
        h("td", {}, `Team ${t.team + 1} (nemesis of team ${t.against + 1})`),
        h("th", { scope: "row" }, name),
        h("td", {}, "network"),
        h("td", {}, String(score?.points ?? 0)),
        h("td", {}, "—"),
        h("td", {}, score ? [...score.violations.map((v: any) => `caused ${v.check}`), ...score.missedGoals.map((g: string) => `missed: ${g}`)].join(", ") || "none caused" : "none caused"),
        h("td", {}, ""),
      ),
    );
  }
}
