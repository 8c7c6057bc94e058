// Overview: the host's version and readiness, each plugin with its state and counters, and
// whether the docker plugin reaches a Docker Engine.
import {
  Button, Chip, Paper, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography,
} from "@mui/material";
import { useApi, useResource } from "../context";
import { Empty, ErrorLine, Loading } from "../components/Status";

const statusColor = { running: "success", failed: "error", starting: "info", disabled: "default", stopped: "default" } as const;

export function Overview() {
  const { client } = useApi();
  const host = useResource(async () => {
    const [version, ready] = await Promise.all([client.berth.version(), client.berth.ready()]);
    return { version, ready };
  }, [client]);
  const plugins = useResource(() => client.berth.listPlugins(), [client]);
  // The docker plugin may be absent or failed: its own error, not the overview's.
  const engine = useResource(() => client.docker.status(), [client]);
  const reload = () => {
    host.reload();
    plugins.reload();
    engine.reload();
  };
  return (
    <Stack spacing={2}>
      <Paper sx={{ p: 2 }} data-testid="host">
        <Stack direction="row" spacing={2} alignItems="center">
          <Typography variant="h3">berth</Typography>
          {host.data && (
            <>
              <Typography data-testid="host-version">version {host.data.version.version}</Typography>
              <Chip
                data-testid="host-ready"
                size="small"
                color={host.data.ready.ready ? "success" : "warning"}
                label={host.data.ready.ready ? "ready" : `not ready${host.data.ready.message ? ": " + host.data.ready.message : ""}`}
              />
            </>
          )}
          <Stack direction="row" sx={{ flexGrow: 1 }} justifyContent="flex-end">
            <Button data-testid="overview-refresh" variant="outlined" onClick={reload}>Refresh</Button>
          </Stack>
        </Stack>
        {host.loading && !host.data && <Loading id="host" />}
        <ErrorLine id="host" error={host.error} />
        <Typography data-testid="engine" variant="body2" sx={{ mt: 1 }}>
          {engine.error
            ? `Docker Engine: unknown (${engine.error})`
            : engine.data
              ? engine.data.engine.reachable
                ? `Docker Engine: reachable (API ${engine.data.engine.api_version ?? "?"})`
                : `Docker Engine: not reachable at ${engine.data.engine.socket}`
              : "Docker Engine: …"}
        </Typography>
      </Paper>
      <Paper sx={{ p: 2 }}>
        <Typography variant="h4" gutterBottom>Plugins</Typography>
        <ErrorLine id="plugins" error={plugins.error} />
        {plugins.loading && !plugins.data && <Loading id="plugins" />}
        {plugins.data && plugins.data.plugins.length === 0 && <Empty id="plugins">No plugins configured.</Empty>}
        {plugins.data && plugins.data.plugins.length > 0 && (
          <TableContainer>
            <Table size="small" data-testid="plugins">
              <TableHead>
                <TableRow>
                  <TableCell>Name</TableCell><TableCell>Version</TableCell><TableCell>Status</TableCell>
                  <TableCell>Mount</TableCell><TableCell align="right">Routes</TableCell>
                  <TableCell align="right">Requests</TableCell><TableCell align="right">Server errors</TableCell>
                  <TableCell align="right">Exceptions</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {plugins.data.plugins.map((p) => (
                  <TableRow key={p.name} data-testid={`plugin-${p.name}`}>
                    <TableCell>{p.name}</TableCell>
                    <TableCell>{p.version}</TableCell>
                    <TableCell>
                      <Chip size="small" color={statusColor[p.status] ?? "default"} label={p.status} />
                      {p.error && <Typography variant="body2" color="error">{p.error}</Typography>}
                    </TableCell>
                    <TableCell>{p.mount}</TableCell>
                    <TableCell align="right">{p.routes.length}</TableCell>
                    <TableCell align="right">{p.requests ?? 0}</TableCell>
                    <TableCell align="right">{p.server_errors ?? 0}</TableCell>
                    <TableCell align="right">{p.exceptions ?? 0}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
      </Paper>
    </Stack>
  );
}
