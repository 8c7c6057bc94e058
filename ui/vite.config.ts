// Vite builds the dashboard tab into ui/dist: relative asset paths, because Docker Desktop serves
// the tab from the image's UI root under a URL of its own.
import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

export default defineConfig({
  base: "./",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1024 },
  server: { port: 3000, strictPort: true },
  test: { include: ["src/**/*.test.ts"], environment: "node" },
});
