// Logs: the host's recent lines (/_berth/logs) and Follow, a long poll that waits for new ones.
import { Box, Button, FormControlLabel, Paper, Stack, Switch, Typography } from "@mui/material";
import { useCallback, useEffect, useRef, useState } from "react";
import { message, useApi } from "../context";
import { Empty, ErrorLine, Loading } from "../components/Status";
import { emptyLogView, formatLine, mergeLogs, type LogView } from "../state/logs";

const WAIT_SECONDS = 10;

export function Logs() {
  const { client, connection } = useApi();
  const [view, setView] = useState<LogView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [follow, setFollow] = useState(false);
  const viewRef = useRef<LogView>(emptyLogView);

  const apply = (after: number, answer: Parameters<typeof mergeLogs>[2]) => {
    viewRef.current = mergeLogs(viewRef.current, after, answer);
    setView(viewRef.current);
    setError(null);
  };
  const loadRecent = useCallback(async () => {
    try {
      const answer = await client.berth.getLogs({ limit: 200 });
      viewRef.current = emptyLogView;
      apply(0, answer);
    } catch (failure) {
      setError(message(failure));
    }
  }, [client]);

  useEffect(() => {
    void loadRecent();
    return connection.onRecover(() => void loadRecent());
  }, [loadRecent, connection]);

  useEffect(() => {
    if (!follow) return;
    let stopped = false;
    void (async () => {
      while (!stopped) {
        const after = viewRef.current.next;
        try {
          const answer = await client.berth.getLogs({ after, wait: WAIT_SECONDS, limit: 200 });
          if (!stopped) apply(after, answer);
        } catch (failure) {
          if (stopped) return;
          setError(message(failure));
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }
    })();
    return () => {
      stopped = true;
    };
  }, [follow, client]);

  return (
    <Paper sx={{ p: 2 }}>
      <Stack direction="row" spacing={2} alignItems="center">
        <Typography variant="h4">Host log</Typography>
        <FormControlLabel
          control={<Switch checked={follow} onChange={(e) => setFollow(e.target.checked)} inputProps={{ "data-testid": "logs-follow" } as object} />}
          label="Follow"
        />
        <Button onClick={() => void loadRecent()} data-testid="logs-refresh">Refresh</Button>
        {view && view.missed > 0 && <Typography variant="body2" color="warning.main">{view.missed} lines missed</Typography>}
      </Stack>
      <ErrorLine id="logs" error={error} />
      {!view && !error && <Loading id="logs" />}
      {view && view.lines.length === 0 && <Empty id="logs">No log lines yet.</Empty>}
      {view && view.lines.length > 0 && (
        <Box component="pre" data-testid="logs" sx={{ fontSize: 12, m: 0, mt: 1, maxHeight: 520, overflow: "auto" }}>
          {view.lines.map((line) => (
            <Box
              component="span"
              key={line.seq}
              data-testid="log-line"
              sx={{ display: "block", color: line.level === "error" ? "error.main" : line.level === "warn" ? "warning.main" : undefined }}
            >
              {formatLine(line)}
            </Box>
          ))}
        </Box>
      )}
    </Paper>
  );
}
