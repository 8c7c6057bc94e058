// Containers through the docker plugin: by label, logs, restart and stop as jobs, recent events.
// While the plugin reaches no engine, one clear panel says so instead of a wall of 503s.
import {
  Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Paper, Stack, Table, TableBody,
  TableCell, TableHead, TableRow, TextField, Typography,
} from "@mui/material";
import { useState } from "react";
import { message, useApi, useResource } from "../context";
import { Empty, ErrorLine, Loading } from "../components/Status";
import { JobCard } from "./JobCard";

export function Containers() {
  const { client } = useApi();
  const status = useResource(() => client.docker.status(), [client]);
  const engine = status.data?.engine;
  return (
    <Stack spacing={2}>
      <ErrorLine id="docker-status" error={status.error} />
      {status.loading && !status.data && <Loading id="docker-status" />}
      {engine && !engine.reachable && (
        <Alert
          data-testid="engine-unreachable"
          severity="info"
          action={<Button onClick={status.reload} data-testid="engine-retry">Check again</Button>}
        >
          <Typography variant="subtitle2">The Docker Engine is not reachable</Typography>
          <Typography variant="body2">
            berth's docker plugin tries {engine.socket} and keeps retrying in the background.
            {engine.last_error ? ` Last error: ${engine.last_error}` : ""}
          </Typography>
        </Alert>
      )}
      {engine?.reachable && <EngineView />}
    </Stack>
  );
}

function EngineView() {
  const { client } = useApi();
  const [label, setLabel] = useState("");
  const [applied, setApplied] = useState("");
  const containers = useResource(
    () => client.docker.containers({ all: true, ...(applied ? { label: applied } : {}) }),
    [client, applied],
  );
  const events = useResource(() => client.docker.events({ limit: 20 }), [client]);
  const [logsOf, setLogsOf] = useState<string | null>(null);
  const [jobs, setJobs] = useState<string[]>([]);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (id: string, action: "restart" | "stop") => {
    setBusy(id + action);
    try {
      const job = action === "restart" ? await client.docker.jobs.restart({ id }) : await client.docker.jobs.stop({ id });
      setJobs((list) => [job, ...list]);
      setActionError(null);
    } catch (failure) {
      setActionError(message(failure));
    } finally {
      setBusy(null);
    }
  };
  const list = containers.data?.containers ?? [];
  return (
    <>
      <Paper sx={{ p: 2 }}>
        <Stack direction="row" spacing={1} component="form" onSubmit={(e) => { e.preventDefault(); setApplied(label.trim()); }}>
          <TextField size="small" label="Label (key or key=value)" value={label} onChange={(e) => setLabel(e.target.value)} inputProps={{ "data-testid": "container-label" }} />
          <Button type="submit" variant="outlined" data-testid="container-filter">Filter</Button>
          <Button onClick={() => { containers.reload(); events.reload(); }}>Refresh</Button>
        </Stack>
        <ErrorLine id="containers" error={containers.error ?? actionError} />
        {containers.loading && !containers.data && <Loading id="containers" />}
        {containers.data && list.length === 0 && <Empty id="containers">No containers{applied ? ` with label ${applied}` : ""}.</Empty>}
        {list.length > 0 && (
          <Table size="small" data-testid="containers">
            <TableHead>
              <TableRow><TableCell>Name</TableCell><TableCell>Image</TableCell><TableCell>State</TableCell><TableCell>Status</TableCell><TableCell /></TableRow>
            </TableHead>
            <TableBody>
              {list.map((c) => (
                <TableRow key={c.id} data-testid="container" data-id={c.id}>
                  <TableCell data-testid="container-name">{c.names.map((n) => n.replace(/^\//, "")).join(", ")}</TableCell>
                  <TableCell>{c.image}</TableCell>
                  <TableCell data-testid="container-state">{c.state}</TableCell>
                  <TableCell>{c.status}</TableCell>
                  <TableCell align="right">
                    <Button size="small" data-testid="container-logs" onClick={() => setLogsOf(c.id)}>Logs</Button>
                    <Button size="small" data-testid="container-restart" disabled={busy === c.id + "restart"} onClick={() => act(c.id, "restart")}>Restart</Button>
                    <Button size="small" color="warning" data-testid="container-stop" disabled={busy === c.id + "stop" || c.state !== "running"} onClick={() => act(c.id, "stop")}>Stop</Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Paper>
      <Stack spacing={1}>{jobs.map((id) => <JobCard key={id} id={id} onEnd={containers.reload} />)}</Stack>
      <Paper sx={{ p: 2 }}>
        <Typography variant="h4" gutterBottom>Recent events</Typography>
        <ErrorLine id="events" error={events.error} />
        {events.data && events.data.events.length === 0 && <Empty id="events">No container events recorded yet.</Empty>}
        {events.data?.events.map((e) => (
          <Typography key={e.seq} variant="body2" data-testid="event">{e.time} {e.name} {e.action}{e.exit_code !== null ? ` (exit ${e.exit_code})` : ""}</Typography>
        ))}
      </Paper>
      {logsOf && <LogsDialog id={logsOf} onClose={() => setLogsOf(null)} />}
    </>
  );
}

function LogsDialog({ id, onClose }: { id: string; onClose(): void }) {
  const { client } = useApi();
  const logs = useResource(() => client.docker.logs(id, { tail: "200" }), [client, id]);
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" data-testid="container-logs-dialog">
      <DialogTitle>Logs of {id.slice(0, 12)}</DialogTitle>
      <DialogContent>
        <ErrorLine id="container-logs" error={logs.error} />
        {logs.loading && !logs.data && <Loading id="container-logs" />}
        {logs.data && logs.data.lines.length === 0 && <Empty id="container-logs">No output.</Empty>}
        {logs.data && logs.data.lines.length > 0 && (
          <Box component="pre" data-testid="container-log" sx={{ fontSize: 12, m: 0 }}>
            {logs.data.lines.map((line, i) => (
              <Box component="span" key={i} sx={{ display: "block", color: line.stream === "stderr" ? "error.main" : undefined }}>{line.text}</Box>
            ))}
          </Box>
        )}
      </DialogContent>
      <DialogActions><Button onClick={logs.reload}>Refresh</Button><Button onClick={onClose} data-testid="container-logs-close">Close</Button></DialogActions>
    </Dialog>
  );
}
