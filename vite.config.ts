import { defineConfig } from "vite";

// The game server (HTTP API + Colyseus matchmaker) listens here in development.
const GAME_SERVER = "http://127.0.0.1:2567";

export default defineConfig({
  root: ".",
  // Relative asset URLs so dist/ can be served from any path by the game server.
  base: "./",
  publicDir: "public",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Phaser alone is ~1.4 MB minified (not tree-shakeable); the warning would be noise.
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      output: {
        // Phaser changes far less often than our code: its own chunk stays cached.
        // (Object-form manualChunks breaks the Vite 8 build; see stack-notes §6.)
        codeSplitting: {
          groups: [{ name: "phaser", test: /node_modules[\\/]phaser/ }],
        },
      },
    },
  },
  server: {
    host: "127.0.0.1",
    port: 5173,
    proxy: {
      "/api": { target: GAME_SERVER, changeOrigin: true },
      "/health": { target: GAME_SERVER, changeOrigin: true },
      "/matchmake": { target: GAME_SERVER, changeOrigin: true, ws: true },
    },
  },
});
