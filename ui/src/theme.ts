// Docker Desktop injects its MUI theme options as window.__ddMuiV6Themes and the provider of
// @docker/docker-mui-theme reads them from there. Outside Desktop (berth dev, a test page) that
// global is missing and the provider would throw: a plain light/dark pair stands in for it.
import type { ThemeOptions } from "@mui/material";

const shared: ThemeOptions = {
  shape: { borderRadius: 4 },
  typography: {
    fontFamily: '"Roboto", "Helvetica", "Arial", sans-serif',
    h3: { fontSize: 22, fontWeight: 500 },
    h4: { fontSize: 17, fontWeight: 500 },
  },
};

export const fallbackThemes = {
  light: { ...shared, palette: { mode: "light", primary: { main: "#1d63ed" }, background: { default: "#f4f4f6", paper: "#ffffff" } } },
  dark: { ...shared, palette: { mode: "dark", primary: { main: "#4c8bf5" }, background: { default: "#202124", paper: "#2c2d30" } } },
} satisfies { light: ThemeOptions; dark: ThemeOptions };

export function ensureThemes(): void {
  const w = window as unknown as { __ddMuiV6Themes?: unknown };
  if (!w.__ddMuiV6Themes) w.__ddMuiV6Themes = fallbackThemes;
}
