// Jobs: a form per allow-listed runner command (built from its params), the jobs that run now
// (found again from the host after a reload) and the past ones with their result or error.
import {
  Button, Chip, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography,
} from "@mui/material";
import { useEffect, useMemo, useState } from "react";
import type { RunnerCommandsResult, RunnerRunJobParams } from "../../berth-client";
import { useApi, useResource } from "../context";
import { Empty, ErrorLine, Loading } from "../components/Status";
import { isTerminal } from "../state/follow";
import { paramFields, paramProblem } from "../state/params";
import { resultSummary } from "../state/result";
import { JobCard } from "./JobCard";
import { useSubmit } from "../useSubmit";

type Command = RunnerCommandsResult["commands"][number];

export function Jobs() {
  const { client } = useApi();
  const commands = useResource(() => client.runner.commands(), [client]);
  const jobs = useResource(() => client.berth.listJobs({ limit: 20, include: "result" }), [client]);
  // The jobs shown with a card: started here, or found queued or running on the host (after a
  // reload). A card stays once its job ends, so the result does not vanish under the reader.
  const [followed, setFollowed] = useState<string[]>([]);
  const follow = (ids: string[]) =>
    setFollowed((current) => {
      const fresh = ids.filter((id) => !current.includes(id));
      return fresh.length ? [...fresh, ...current] : current;
    });
  useEffect(() => {
    follow((jobs.data?.jobs ?? []).filter((job) => !isTerminal(job.state)).map((job) => job.id));
  }, [jobs.data]);
  const past = (jobs.data?.jobs ?? []).filter((job) => isTerminal(job.state));

  return (
    <Stack spacing={2}>
      <Paper sx={{ p: 2 }}>
        <Typography variant="h4" gutterBottom>Run a command</Typography>
        <ErrorLine id="commands" error={commands.error} />
        {commands.loading && !commands.data && <Loading id="commands" />}
        {commands.data && commands.data.commands.length === 0 && <Empty id="commands">The runner allows no commands.</Empty>}
        <Stack spacing={2}>
          {commands.data?.commands.map((command) => (
            <CommandForm key={command.name} command={command} onStarted={(id) => follow([id])} />
          ))}
        </Stack>
      </Paper>
      <Stack spacing={1} data-testid="active-jobs">
        {followed.map((id) => <JobCard key={id} id={id} onEnd={jobs.reload} />)}
      </Stack>
      <Paper sx={{ p: 2 }}>
        <Stack direction="row" alignItems="center" spacing={1}>
          <Typography variant="h4">Past jobs</Typography>
          <Button size="small" onClick={jobs.reload} data-testid="jobs-refresh">Refresh</Button>
        </Stack>
        <ErrorLine id="jobs" error={jobs.error} />
        {jobs.loading && !jobs.data && <Loading id="jobs" />}
        {jobs.data && past.length === 0 && <Empty id="jobs">No finished jobs yet.</Empty>}
        {past.length > 0 && (
          <Table size="small" data-testid="past-jobs">
            <TableHead>
              <TableRow>
                <TableCell>Job</TableCell><TableCell>State</TableCell><TableCell>Result or error</TableCell><TableCell>Finished</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {past.map((job) => (
                <TableRow key={job.id} data-testid="past-job" data-job-id={job.id} data-state={job.state}>
                  <TableCell>{job.plugin}.{job.name} <Typography component="span" variant="body2" color="text.secondary">{job.id}</Typography></TableCell>
                  <TableCell><Chip size="small" label={job.state} color={job.state === "succeeded" ? "success" : job.state === "failed" ? "error" : "warning"} /></TableCell>
                  <TableCell data-testid="past-job-detail">{job.error ?? resultSummary(job.result) ?? job.message}</TableCell>
                  <TableCell>{job.finished ?? ""}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Paper>
    </Stack>
  );
}

function CommandForm({ command, onStarted }: { command: Command; onStarted(id: string): void }) {
  const { client } = useApi();
  const fields = useMemo(() => paramFields(command.params), [command.params]);
  const [values, setValues] = useState<Record<string, string>>({});
  const { busy, error, run } = useSubmit();
  const problems = fields.map((field) => (values[field.name] === undefined ? null : paramProblem(field, values[field.name])));
  const complete = fields.every((field, i) => values[field.name] && !problems[i]);

  const start = (event: React.FormEvent) => {
    event.preventDefault();
    if (!complete) return;
    return run(async () => {
      // The command names are the config's; the generated type lists today's.
      const params = { command: command.name, args: values } as RunnerRunJobParams;
      onStarted(await client.runner.jobs.run(params));
    });
  };
  return (
    <form onSubmit={start} data-testid={`command-${command.name}`}>
      <Stack direction="row" spacing={1} alignItems="flex-start">
        <Stack sx={{ minWidth: 180 }}>
          <Typography variant="subtitle2">{command.name}</Typography>
          <Typography variant="body2" color="text.secondary">{command.description}</Typography>
        </Stack>
        {fields.map((field, i) => (
          <TextField
            key={field.name}
            size="small"
            label={field.name}
            value={values[field.name] ?? ""}
            error={problems[i] !== null}
            helperText={problems[i] ?? field.pattern}
            onChange={(e) => setValues((v) => ({ ...v, [field.name]: e.target.value }))}
            inputProps={{ "data-testid": `param-${command.name}-${field.name}` }}
          />
        ))}
        <Button type="submit" variant="contained" disabled={busy || !complete} data-testid={`start-${command.name}`}>
          {busy ? "Starting…" : "Start"}
        </Button>
      </Stack>
      <ErrorLine id={`command-${command.name}`} error={error} />
    </form>
  );
}
