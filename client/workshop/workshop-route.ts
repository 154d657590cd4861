// The workshop's addresses, each its own page over the game:
//   #workshop                        the doors: join one (students) or run one (facilitators)
//   #workshop-join=<code>            the doors with the code filled in (the QR code's link)
//   #workshop-console=<code>.<secret> the facilitator's console (keep it private)
//   #workshop-projector=<code>.<key>  the big screen: join screen, then a team's live map and
//                                     the leaderboard, then that team's debrief
// A student's page goes into their team's game on its own (the Play scene, with a seat pass);
// the projector's follows the team the console puts on it (the Play scene, watching).
import type Phaser from "phaser";
import { fetchLevels, userMessageOf } from "../net/api.js";
import type { LevelSummary } from "../net/api-types.js";
import { GameConnection, JoinError } from "../net/room-client.js";
import { WorkshopConnection, type TeamPass } from "../net/workshop-client.js";
import { openLobby } from "../scenes/play-routes.js";
import { PROJECTOR_STEP_KEY } from "../debrief/projector-step.js";
import { announce, h } from "../ui/dom.js";
import { uiRoot } from "../ui/overlay.js";
import { forgetWorkshopRejoin, rememberWorkshopRejoin, workshopRejoinFor } from "../net/session-store.js";
import { WorkshopConsole } from "../ui/workshop-console.js";
import { renderStudentWait, renderWorkshopForms } from "../ui/workshop-forms.js";
import { ProjectorBoard, renderProjectorJoin } from "../ui/workshop-projector.js";
import { workshopPageOf, type WorkshopPage } from "./workshop-address.js";

function pageLink(hash: string): string {
  return `${location.origin}${location.pathname}${location.search}${hash}`;
}

/**
 * Routes the workshop's addresses from now on. `now`: the address changed to a workshop's
 * before this module was loaded (client/workshop/workshop-entry.ts), so it is routed at once;
 * otherwise a workshop address at page load is routed once Home is up.
 */
export function installWorkshopRoute(game: Phaser.Game, now = false): void {
  let connection: WorkshopConnection | null = null;
  let board: ProjectorBoard | null = null;
  let levels: LevelSummary[] = [];
  const cleanups: (() => void)[] = [];

  const close = (): void => {
    for (const fn of cleanups.splice(0)) fn();
    void connection?.leave();
    connection = null;
    board?.destroy();
    board = null;
  };

  // A workshop page is DOM only: the game loop sleeps meanwhile (a class of phones and the
  // projector's laptop do not spend a frame a 60th of a second drawing an empty canvas).
  const show = (element: HTMLElement): void => {
    for (const scene of game.scene.getScenes(true)) game.scene.stop(scene.scene.key);
    uiRoot().replaceChildren(element);
    element.querySelector<HTMLElement>("h1")?.focus();
    // After this frame, so the scenes stopped above are shut down first.
    requestAnimationFrame(() => {
      if (uiRoot().contains(element)) game.loop.sleep();
    });
  };

  /**
   * While the workshop's connection is coming back (a dropped network, a server restart), the
   * page says so at its top; the game's own banner does the same inside a team's game.
   */
  const showReconnecting = (ws: WorkshopConnection, element: HTMLElement): void => {
    const banner = h("p", { class: "banner banner-connection", role: "status", "data-banner": "workshop-reconnecting", hidden: true }, "Reconnecting to the workshop…");
    element.prepend(banner);
    cleanups.push(
      ws.reconnecting.on((lost) => {
        banner.hidden = !lost;
        if (!lost) announce("Back in the workshop.");
      }),
    );
  };

  /** Back to the game's own scenes (a team's game, or Home). */
  const toGame = (): void => {
    game.loop.wake();
  };

  const home = (): void => {
    close();
    history.replaceState(null, "", location.pathname + location.search);
    uiRoot().replaceChildren();
    toGame();
    game.scene.start("Preload");
  };

  const openPage = async (page: WorkshopPage): Promise<void> => {
    close();
    if (levels.length === 0) levels = await fetchLevels().catch(() => []);
    if (page.kind === "doors") showDoors(page.code);
    else if (page.kind === "console") await openConsole(() => WorkshopConnection.open({ kind: "console", code: page.code, secret: page.secret }), page.secret);
    else await openProjector(page.code, page.key);
  };

  // ---- students and facilitators come in ----

  const showDoors = (code: string): void => {
    // This tab was a student of this workshop a moment ago (the waiting page reloaded): back in
    // as the same student, not at the doors under a new name.
    const rejoin = code ? workshopRejoinFor(code) : null;
    if (rejoin) {
      void WorkshopConnection.open({ kind: "rejoin", code, rejoin }).then(
        (ws) => {
          connection = ws;
          studentWait(ws);
        },
        () => {
          forgetWorkshopRejoin();
          showDoors(code);
        },
      );
      return;
    }
    show(
      renderWorkshopForms(levels, code, {
        back: home,
        join: async (joinCode, nickname) => {
          try {
            connection = await WorkshopConnection.open({ kind: "student", code: joinCode, nickname });
          } catch (error) {
            return error instanceof JoinError ? error.userMessage : userMessageOf(error);
          }
          studentWait(connection);
          return null;
        },
        run: async (levelId, teamSize, playMode, then) => {
          try {
            await openConsole(() => WorkshopConnection.open({ kind: "create", levelId, teamSize, playMode, then }), null);
            return null;
          } catch (error) {
            return error instanceof JoinError ? error.userMessage : userMessageOf(error);
          }
        },
      }),
    );
  };

  const studentWait = (ws: WorkshopConnection): void => {
    const wait = renderStudentWait(ws.welcome.nickname ?? "");
    // A reload of this page comes back as this student (see showDoors), at this workshop's address.
    if (ws.welcome.rejoin) {
      rememberWorkshopRejoin(ws.welcome.code, ws.welcome.rejoin);
      history.replaceState(null, "", `${location.pathname}${location.search}#workshop-join=${ws.welcome.code}`);
    }
    show(wait.element);
    showReconnecting(ws, wait.element);
    announce(`You joined workshop ${ws.welcome.code}. Wait for the facilitator to start.`);
    if (ws.view) wait.update(ws.view);
    cleanups.push(ws.views.on((view) => wait.update(view)));
    cleanups.push(
      ws.closed.on(({ kicked }) => {
        forgetWorkshopRejoin();
        wait.message(kicked ? "The facilitator removed you from this workshop." : "The workshop has closed.");
      }),
    );
    // The game this page went into: the workshop sends it again when this connection comes back
    // (after a restart), while the game's own connection takes its seat back by itself.
    let playing = "";
    const goPlay = async (team: TeamPass): Promise<void> => {
      const key = `${team.code}.${team.pass}`;
      if (key === playing) return;
      playing = key;
      try {
        // A nemesis student takes no seat: their pass opens the god's view and the fault menu.
        const pass = team.nemesis ? { nemesis: team.pass } : { pass: team.pass };
        const game_ = await GameConnection.open({ kind: "join", code: team.code, nickname: ws.welcome.nickname ?? "", classCode: "", ...pass });
        // A reload now takes the held seat back (play-routes), not these doors.
        history.replaceState(null, "", location.pathname + location.search);
        toGame();
        openLobby(game, { intent: "solo", connection: game_ });
      } catch (error) {
        wait.message(error instanceof JoinError ? error.userMessage : "Your team's game could not be opened: reload the page.");
      }
    };
    if (ws.team) void goPlay(ws.team);
    // Every team message: the playlist's next level sends a new one.
    cleanups.push(ws.teams.on((team) => void goPlay(team)));
  };

  // ---- the console ----

  const openConsole = async (open: () => Promise<WorkshopConnection>, secretFromLink: string | null): Promise<void> => {
    let ws: WorkshopConnection;
    try {
      ws = await open();
    } catch (error) {
      if (secretFromLink === null) throw error;
      // The workshop room is gone (ended, or the server restarted): its report is still kept.
      showClosedReport(secretFromLink, error instanceof JoinError ? error.userMessage : userMessageOf(error));
      return;
    }
    connection = ws;
    const secret = ws.welcome.secret ?? secretFromLink ?? "";
    const code = ws.welcome.code;
    history.replaceState(null, "", `#workshop-console=${code}.${secret}`);
    const level = levels.find((l) => l.id === ws.welcome.levelId);
    const view = new WorkshopConsole(
      level,
      code,
      {
        join: pageLink(`#workshop-join=${code}`),
        console: pageLink(`#workshop-console=${code}.${secret}`),
        projector: pageLink(`#workshop-projector=${code}.${ws.welcome.projectorKey ?? ""}`),
        reportCsv: `/api/workshops/${encodeURIComponent(secret)}/report.csv`,
      },
      { command: (body) => ws.command(body), leave: home },
      levels,
    );
    show(view.element);
    showReconnecting(ws, view.element);
    announce(`Workshop ${code} is open. Share the code.`);
    if (ws.view) view.update(ws.view);
    cleanups.push(ws.views.on((v) => view.update(v)));
    cleanups.push(ws.closed.on(() => announce("The console lost its connection to the workshop and could not get it back: reload to try again.")));
  };

  const showClosedReport = (secret: string, why: string): void => {
    const csv = `/api/workshops/${encodeURIComponent(secret)}/report.csv`;
    show(
      h(
        "div",
        { class: "screen workshop-screen", "data-screen": "workshop-closed" },
        h(
          "section",
          { class: "panel workshop-form" },
          h("h1", { tabindex: -1 }, "This workshop is closed"),
          h("p", { class: "muted" }, why),
          h("p", {}, "Its report is kept on the server: ", h("a", { href: csv, download: "", class: "btn btn-secondary btn-small", "data-link": "report-csv" }, "Download the report (CSV)")),
          h("p", {}, h("a", { href: "/" }, "Home")),
        ),
      ),
    );
  };

  // ---- the projector ----

  const openProjector = async (code: string, key: string): Promise<void> => {
    let ws: WorkshopConnection;
    try {
      ws = await WorkshopConnection.open({ kind: "projector", code, key });
    } catch (error) {
      show(h("div", { class: "screen workshop-screen" }, h("section", { class: "panel workshop-form" }, h("h1", { tabindex: -1 }, "The projector cannot open this workshop"), h("p", {}, error instanceof JoinError ? error.userMessage : userMessageOf(error)))));
      return;
    }
    connection = ws;
    const joinScreen = renderProjectorJoin(code, pageLink(`#workshop-join=${code}`));
    show(joinScreen.element);
    showReconnecting(ws, joinScreen.element);
    let watching = "";
    // The team's game on the big screen: replaced (after a restart the restored game has a new watch key).
    let spectating: GameConnection | null = null;
    const follow = (view: Record<string, any>): void => {
      joinScreen.update(view);
      const watch = typeof view.projected?.watch === "string" ? (view.projected.watch as string) : null;
      if (!watch) return;
      // The console steps the team's debrief: the Debrief scene follows this registry key.
      if (typeof view.projected.step === "number") game.registry.set(PROJECTOR_STEP_KEY, view.projected.step);
      board ??= new ProjectorBoard();
      board.update(view);
      if (watch === watching) return;
      watching = watch;
      void GameConnection.open({ kind: "spectate", code: watch }).then(
        (team) => {
          void spectating?.leave();
          spectating = team;
          toGame();
          openLobby(game, { intent: "solo", connection: team });
        },
        (error: unknown) => announce(error instanceof JoinError ? error.userMessage : "The team's game could not be shown."),
      );
    };
    if (ws.view) follow(ws.view);
    cleanups.push(ws.views.on(follow));
  };

  const route = (): void => {
    const page = workshopPageOf(location.hash);
    if (page) void openPage(page);
  };
  window.addEventListener("hashchange", route);
  if (now) route();
  else if (workshopPageOf(location.hash)) {
    // After the menus are up (textures, levels), as the debrief route waits for Home.
    const waitForHome = (): void => {
      if (!game.scene.isActive("Home")) return;
      game.events.off("poststep", waitForHome);
      route();
    };
    game.events.on("poststep", waitForHome);
  }
}
