// One job while it runs and after: state, progress, message, the log tail, and Cancel. Shared by
// the Jobs and Containers screens.
import { Alert, Box, Button, Chip, LinearProgress, Paper, Stack, Typography } from "@mui/material";
import { useEffect, useState } from "react";
import type { Job } from "../../berth-client";
import { message, useApi } from "../context";
import { followJob, isTerminal } from "../state/follow";

const stateColor = {
  queued: "info", running: "info", succeeded: "success", failed: "error", cancelled: "warning", interrupted: "warning",
} as const;

export function JobCard({ id, onEnd }: { id: string; onEnd?(job: Job): void }) {
  const { client } = useApi();
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);

  useEffect(() => {
    // The log comes with include=log; the long poll waits on the version without it.
    const handle = followJob<Job>({
      get: (query) =>
        query.wait === undefined
          ? client.jobs.get(id, "log")
          : client.berth.getJob(id, query).then(async (next) =>
              next.version === query.version ? (next as Job) : client.jobs.get(id, "log"),
            ),
      onUpdate: (next) => {
        setJob(next);
        setError(null);
        if (isTerminal(next.state)) onEnd?.(next);
      },
      onError: (failure) => setError(message(failure)),
    });
    return () => handle.stop();
    // One follow loop per job: onEnd is a new function on every render of the parent.
  }, [client, id]);

  const cancel = async () => {
    setCancelling(true);
    try {
      await client.jobs.cancel(id);
    } catch (failure) {
      setError(message(failure));
    } finally {
      setCancelling(false);
    }
  };

  const running = job !== null && !isTerminal(job.state);
  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="job" data-job-id={id} data-state={job?.state ?? "loading"}>
      <Stack direction="row" spacing={1} alignItems="center">
        <Typography variant="h4">{job ? `${job.plugin}.${job.name}` : "job"}</Typography>
        <Typography variant="body2" color="text.secondary">{id}</Typography>
        {job && <Chip data-testid="job-state" size="small" color={stateColor[job.state]} label={job.state} />}
        <Box sx={{ flexGrow: 1 }} />
        {running && (
          <Button data-testid="job-cancel" size="small" color="warning" variant="outlined" disabled={cancelling} onClick={cancel}>
            Cancel
          </Button>
        )}
      </Stack>
      {job && (
        <>
          <LinearProgress
            variant="determinate"
            value={Math.max(0, Math.min(100, job.progress))}
            sx={{ my: 1 }}
            data-testid="job-progress"
            data-value={job.progress}
          />
          <Typography data-testid="job-message" variant="body2">{job.message || "\u00a0"}</Typography>
          {job.error && <Alert data-testid="job-error" severity="error" sx={{ mt: 1 }}>{job.error}</Alert>}
          {job.log && job.log.length > 0 && (
            <Box
              component="pre"
              data-testid="job-log"
              sx={{ m: 0, mt: 1, p: 1, maxHeight: 160, overflow: "auto", fontSize: 12, bgcolor: "action.hover", borderRadius: 1 }}
            >
              {job.log.slice(-20).join("\n")}
            </Box>
          )}
        </>
      )}
      {error && <Alert data-testid="job-follow-error" severity="warning" sx={{ mt: 1 }}>{error}</Alert>}
    </Paper>
  );
}
