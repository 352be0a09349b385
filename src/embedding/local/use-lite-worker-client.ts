/**
 * Main-thread side of the USE Lite worker: starts one worker thread on the first call,
 * queues calls, and coalesces the calls that arrive while a forward pass runs into the
 * next pass, so the event loop stays free for HTTP and SQLite while the model runs.
 *
 * Why coalesce: one pass over 10 one-sentence queries takes about 44 ms here against
 * 10 x 10 ms one by one (see `USE_LITE_MAX_BATCH`), so the worker needs less than half
 * the CPU under concurrent searches. Measured with `bench:server` (2,000 memories, 10
 * connections, 2 cores): search 102 req/s, p99 135 ms coalesced against 97 req/s, p99
 * 361 ms one call per pass; throughput is then bound by the main thread. Nothing waits
 * on a timer: a call made while the worker is idle is sent at once.
 *
 * Lifetime: the worker is `unref()`ed whenever no call is pending, so a process that
 * forgets `close()` still exits; `close()` terminates it, and a later call starts a new one.
 *
 * Failure contract: a worker that fails to load the model, crashes or exits rejects every
 * pending call with `UNAVAILABLE`, and the next call starts a fresh worker. A failed
 * forward pass rejects with `UNAVAILABLE`; when it held several calls, each is retried
 * alone first, so one bad call does not fail its neighbours.
 */
import { Worker } from 'node:worker_threads';
import { MnemoError } from '../../core/errors.js';
import type { Vector } from '../embedder.js';
import { USE_LITE_MAX_BATCH } from './use-lite-model.js';
import type { UseLiteReply, UseLiteRequest } from './use-lite-worker.js';

interface Call {
  texts: string[];
  resolve(vectors: Vector[]): void;
  reject(error: Error): void;
  /** Send in a pass of its own (set after a shared pass failed). */
  alone: boolean;
}

interface Pass {
  id: number;
  worker: Worker;
  calls: Call[];
}

/** `execArgv` without `--input-type=x` / `--input-type x`. */
function workerExecArgv(execArgv: string[]): string[] {
  return execArgv.filter((flag, i) => !flag.startsWith('--input-type') && execArgv[i - 1] !== '--input-type');
}

/** Runs USE Lite in a worker thread; one instance owns at most one worker. */
export class UseLiteWorkerClient {
  private worker: Worker | undefined;
  private queue: Call[] = [];
  private pass: Pass | undefined;
  private nextId = 1;

  /** @param url the compiled worker body (`use-lite-worker.js`). */
  constructor(private readonly url: URL) {}

  /** Queues texts for the worker. @returns one vector per text, in order. */
  embed(texts: string[]): Promise<Vector[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ texts, resolve, reject, alone: false });
      this.pump();
    });
  }

  /** Terminates the worker; pending calls reject with `UNAVAILABLE`. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (worker === undefined) return;
    this.fail(worker, new MnemoError('UNAVAILABLE', 'local embedder closed'));
    await worker.terminate();
  }

  /** Sends the next pass if the worker is free: the first queued call plus as many following ones as fit in one batch. */
  private pump(): void {
    if (this.pass !== undefined || this.queue.length === 0) return;
    const worker = this.worker ?? this.start();
    if (worker === undefined) return;
    const calls = [this.queue.shift()!];
    let size = calls[0]!.texts.length;
    while (!calls[0]!.alone && this.queue.length > 0) {
      const next = this.queue[0]!;
      if (next.alone || size + next.texts.length > USE_LITE_MAX_BATCH) break;
      calls.push(this.queue.shift()!);
      size += next.texts.length;
    }
    const request: UseLiteRequest = { id: this.nextId++, texts: calls.length === 1 ? calls[0]!.texts : calls.flatMap((c) => c.texts) };
    this.pass = { id: request.id, worker, calls };
    worker.ref();
    worker.postMessage(request);
  }

  private start(): Worker | undefined {
    let worker: Worker;
    try {
      // Its stdout writes go to stderr (see use-lite-worker.ts). It inherits the parent's
      // node flags except --input-type, which Node refuses for a file entry point (so
      // `node --input-type=module -e ...` would otherwise crash every worker).
      worker = new Worker(this.url, { execArgv: workerExecArgv(process.execArgv) });
    } catch (cause) {
      const error = new MnemoError('UNAVAILABLE', `local embedding worker failed to start: ${(cause as Error).message}`, { cause });
      for (const call of this.queue.splice(0)) call.reject(error);
      return undefined;
    }
    this.worker = worker;
    worker.on('message', (reply: UseLiteReply) => this.settle(worker, reply));
    worker.on('error', (cause) => this.fail(worker, new MnemoError('UNAVAILABLE', `local embedding worker crashed: ${cause.message}`, { cause })));
    worker.on('messageerror', (cause) => this.fail(worker, new MnemoError('UNAVAILABLE', `local embedding worker sent an unreadable reply: ${cause.message}`, { cause })));
    worker.on('exit', (code) => this.fail(worker, new MnemoError('UNAVAILABLE', `local embedding worker exited with code ${code}`)));
    return worker;
  }

  private settle(worker: Worker, reply: UseLiteReply): void {
    const pass = this.pass;
    if (pass === undefined || pass.worker !== worker || pass.id !== reply.id) return;
    if ('error' in reply && reply.fatal) {
      this.fail(worker, new MnemoError('UNAVAILABLE', reply.error));
      return;
    }
    this.pass = undefined;
    if (!('error' in reply)) {
      let offset = 0;
      for (const call of pass.calls) {
        call.resolve(reply.vectors.slice(offset, offset + call.texts.length));
        offset += call.texts.length;
      }
    } else if (pass.calls.length > 1) {
      for (const call of pass.calls) call.alone = true;
      this.queue.unshift(...pass.calls);
    } else {
      pass.calls[0]!.reject(new MnemoError('UNAVAILABLE', reply.error));
    }
    if (this.queue.length === 0) worker.unref();
    this.pump();
  }

  /** Drops `worker` (if still current) and rejects every pending call with `error`. */
  private fail(worker: Worker, error: MnemoError): void {
    if (worker !== this.worker) return;
    this.worker = undefined;
    const calls = [...(this.pass?.calls ?? []), ...this.queue.splice(0)];
    this.pass = undefined;
    void worker.terminate(); // its later 'exit' and 'error' events find it no longer current
    for (const call of calls) call.reject(error);
  }
}
