// Compiled (never run) by tsc_test.sh next to the client generated from fixtures/openapi.json:
// the types an extension relies on, and mistakes they must catch (@ts-expect-error fails the
// compile when the line below it is NOT an error).
import {
  BerthError,
  createBerthClient,
  fetchTransport,
  type Job,
  type NotesCreateResult,
  type RunnerRunJobResult,
  type ServiceLike,
} from "./berth-client.js";

declare const service: ServiceLike;

export async function usage(): Promise<void> {
  const api = createBerthClient(service);
  const note: NotesCreateResult = await api.notes.create({ title: "t", tags: ["a"] });
  const id: number = note.id;
  const page = await api.notes.list({ limit: 10, q: "t" });
  const next: string | null = page.next_cursor;
  const gone: void = await api.notes.delete(String(id));
  // @ts-expect-error: title is required
  await api.notes.create({ body: "no title" });
  // @ts-expect-error: the body is closed (additionalProperties: false)
  await api.notes.create({ title: "t", colour: "red" });
  // @ts-expect-error: limit is a number
  await api.notes.list({ limit: "10" });
  // @ts-expect-error: the path parameter is required
  await api.notes.get();

  const jobId = await api.runner.jobs.run({ command: "countdown", args: { seconds: "2" } });
  const done: Job<RunnerRunJobResult> = await api.jobs.wait(jobId, { waitSeconds: 5 });
  const code: number | undefined = done.result?.exit_code;
  for await (const step of api.jobs.progress(jobId)) {
    const percent: number = step.progress;
    const exit: number | undefined = step.result?.exit_code;
    void percent, exit;
  }
  // @ts-expect-error: args values are strings
  await api.runner.jobs.run({ command: "countdown", args: { seconds: 2 } });

  const items = await api.myPlugin.listItems({ kind: "a" });
  const itemId: number | undefined = items[0]?.id;
  // @ts-expect-error: kind is one of the enum's values
  await api.myPlugin.listItems({ kind: "c" });
  const text: string = await api.myPlugin.log();
  const odd = await api.myPlugin.oddKeys();
  const contentType: string = odd["content-type"];
  const maybe: string | null | undefined = odd.maybe;

  try {
    await createBerthClient(fetchTransport("http://127.0.0.1:8080")).hello.greet();
  } catch (error) {
    if (error instanceof BerthError) {
      const status: number = error.status;
      const where: string[] = error.errors.map((e) => `${e.in} ${e.path}: ${e.message}`);
      void status, where;
    }
  }
  void next, gone, code, itemId, text, contentType, maybe;
}
