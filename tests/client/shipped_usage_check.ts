// Compiled (never run) by tsc_test.sh next to the client generated from config/berth.yaml: the
// shipped plugins' types as an extension uses them, and mistakes they must catch
// (@ts-expect-error fails the compile when the line below it is NOT an error).
import { createBerthClient, type ServiceLike } from "./berth-client.js";

declare const service: ServiceLike;

export async function shippedUsage(): Promise<void> {
  const api = createBerthClient(service);
  const note = await api.notes.create({ title: "t", body: "b", tags: ["a"] });
  const title: string = note.title;
  const page = await api.notes.list({ limit: 10, q: "t" });
  const first: string | undefined = page.notes[0]?.title;
  await api.notes.update(String(note.id), { body: "c" });
  await api.notes.remove(String(note.id));
  // @ts-expect-error: title is required
  await api.notes.create({ body: "no title" });
  // @ts-expect-error: notes are closed objects
  await api.notes.create({ title: "t", colour: "red" });
  // @ts-expect-error: limit is a number
  await api.notes.list({ limit: "10" });

  const id = await api.runner.jobs.run({ command: "countdown", args: { seconds: "2" } });
  const job = await api.jobs.wait(id);
  const state: "queued" | "running" | "succeeded" | "failed" | "cancelled" | "interrupted" =
    job.state;
  // @ts-expect-error: params are checked: command is required
  await api.runner.jobs.run({ args: {} });

  const plugins = await api.berth.listPlugins();
  const name: string | undefined = plugins.plugins[0]?.name;
  void title, first, state, name;
}
