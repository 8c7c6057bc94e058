// Entry point: Docker's MUI theme (light or dark as the system is), the Api over Desktop's
// vm.service, or a plain message where there is no Docker Desktop client.
import { DockerMuiV6ThemeProvider } from "@docker/docker-mui-theme";
import { Alert, CssBaseline, Typography } from "@mui/material";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createApi } from "./api";
import { findService } from "./desktop";
import { App } from "./App";
import { ApiContext } from "./context";
import { ensureThemes } from "./theme";

ensureThemes();
const service = findService();
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <DockerMuiV6ThemeProvider>
      <CssBaseline />
      {service ? (
        <ApiContext.Provider value={createApi(service)}>
          <App />
        </ApiContext.Provider>
      ) : (
        <Alert data-testid="no-ddclient" severity="warning" sx={{ m: 2 }}>
          <Typography variant="subtitle2">berth's UI needs Docker Desktop or `berth dev`</Typography>
          <Typography variant="body2">
            This page talks to its backend through the Docker Desktop extension client (window.ddClient), and this
            browser has none. Open it as the berth extension in Docker Desktop, or run `berth dev` and open the page it serves.
          </Typography>
        </Alert>
      )}
    </DockerMuiV6ThemeProvider>
  </StrictMode>,
);
