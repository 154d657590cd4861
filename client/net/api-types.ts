// The REST contract between the game server and the browser, as the client sees it.
// Server data is untrusted input: api.ts checks every field before the UI uses it.

export interface LevelNodeSummary {
  id: string;
  role: string;
  label?: string;
}

export interface LevelSummary {
  id: string;
  version: number;
  chapter: number;
  title: string;
  lesson: string;
  protocol: string;
  seats: { nodes: string[]; min: number; max: number };
  nodes: LevelNodeSummary[];
  durationTicks: number;
  actions: string[];
  autopilot: string[];
  briefing: string[];
}

export type PlayMode = "guided" | "free";

export interface LeaderboardRow {
  rank: number;
  nickname: string;
  score: number;
  stars: number;
  messages: number;
  classCode: string | null;
  mode: string;
  createdAt: string;
}

export interface Leaderboard {
  level: string;
  classCode: string | null;
  rows: LeaderboardRow[];
}
