/**
 * Worker-thread body of the default embedder: loads USE Lite once when the thread starts
 * and answers each {@link UseLiteRequest} with a {@link UseLiteReply}, one at a time, in
 * the order received. Started by `UseLiteWorkerClient`; never imported by the main thread
 * (only its types are).
 *
 * Output: this thread's stdout is the process's stdout, which `mnemo mcp` keeps for the
 * protocol, and the main thread's console redirect does not reach here; so every write to
 * this thread's stdout (console.log/info/debug/dir/table, the WASM runtime's print)
 * goes to stderr instead. (The parent cannot capture it with `stdout: true` instead: on
 * Node 20 reading `worker.stdout` keeps the parent alive even after `worker.unref()`.)
 *
 * Failure contract: a load failure is answered with `fatal: true` (the client then ends
 * this thread and the next call starts a fresh one); a failed forward pass with
 * `fatal: false`. An uncaught exception ends the thread, which the client also handles.
 */
import { parentPort } from 'node:worker_threads';
import { embedWithUseLite, loadUseLite, type UseLiteModel } from './use-lite-model.js';

/** A batch to embed; `id` is echoed in the reply. */
export interface UseLiteRequest {
  id: number;
  texts: string[];
}

/** One vector per text (buffers transferred), or the reason there are none. */
export type UseLiteReply =
  | { id: number; vectors: Float32Array[] }
  | { id: number; error: string; fatal: boolean };

const port = parentPort;
if (port === null) throw new Error('use-lite-worker.js must run in a worker thread');
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;

const model: Promise<UseLiteModel> = loadUseLite();
model.catch(() => undefined); // reported to each request below, never as an unhandled rejection

/** Requests are answered strictly in turn, so two forward passes never interleave. */
let turn: Promise<void> = Promise.resolve();

async function answer(request: UseLiteRequest): Promise<UseLiteReply> {
  let loaded: UseLiteModel;
  try {
    loaded = await model;
  } catch (error) {
    return { id: request.id, error: (error as Error).message, fatal: true };
  }
  try {
    return { id: request.id, vectors: await embedWithUseLite(loaded, request.texts) };
  } catch (error) {
    return { id: request.id, error: (error as Error).message, fatal: false };
  }
}

port.on('message', (request: UseLiteRequest) => {
  turn = turn.then(async () => {
    const reply = await answer(request);
    port.postMessage(reply, 'vectors' in reply ? reply.vectors.map((v) => v.buffer as ArrayBuffer) : []);
  });
});
