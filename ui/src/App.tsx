// The tab's frame: the lost-backend banner and one tab per screen. The tab is kept in the URL
// hash so that a reload opens the same screen.
import { Alert, Box, Tab, Tabs } from "@mui/material";
import { useEffect, useState } from "react";
import { useConnection } from "./context";
import { Containers } from "./screens/Containers";
import { Jobs } from "./screens/Jobs";
import { Logs } from "./screens/Logs";
import { Notes } from "./screens/Notes";
import { Overview } from "./screens/Overview";

const screens = { overview: Overview, notes: Notes, jobs: Jobs, containers: Containers, logs: Logs } as const;
type ScreenName = keyof typeof screens;
const names = Object.keys(screens) as ScreenName[];
const fromHash = (): ScreenName => {
  const name = location.hash.slice(1) as ScreenName;
  return names.includes(name) ? name : "overview";
};

export function App() {
  const [screen, setScreen] = useState<ScreenName>(fromHash);
  useEffect(() => {
    const onHash = () => setScreen(fromHash());
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  const Screen = screens[screen];
  return (
    <Box sx={{ p: 2 }}>
      <ConnectionBanner />
      <Tabs value={screen} onChange={(_, value: ScreenName) => { location.hash = value; setScreen(value); }} sx={{ mb: 2 }}>
        {names.map((name) => (
          <Tab key={name} value={name} label={name} data-testid={`tab-${name}`} />
        ))}
      </Tabs>
      <Screen key={screen} />
    </Box>
  );
}

function ConnectionBanner() {
  const state = useConnection();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (state.online) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [state.online]);
  if (state.online) return null;
  const seconds = state.retryAt ? Math.max(0, Math.ceil((state.retryAt - now) / 1000)) : 0;
  return (
    <Alert data-testid="disconnected" severity="error" sx={{ mb: 2 }}>
      Lost the connection to the berth backend ({state.lastError ?? "no answer"}). Retrying
      {seconds > 0 ? ` in ${seconds} s` : " now"}
      {state.attempt > 0 ? ` (attempt ${state.attempt + 1})` : ""}.
    </Alert>
  );
}
