/**
 * Test support: a real HTTP server on 127.0.0.1 (random port) that records every request
 * and answers with whatever the current handler returns, so HTTP embedders are tested
 * over real sockets against their wire protocol. Not used by the library itself.
 */
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach } from 'node:test';

/** A request as the server received it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v1/embeddings`. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (`undefined` if the body was not JSON). */
  body: any;
}

/** What the handler answers. A string body is sent as is; anything else as JSON. */
export interface FakeAnswer {
  status?: number;
  body: unknown;
  /** Wait this long before answering, in milliseconds (to provoke timeouts). */
  delayMs?: number;
}

/** A running fake server. */
export interface FakeHttpServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Decides the answer to each request; replace it per test. */
  handler: (request: RecordedRequest) => FakeAnswer;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

/**
 * Registers node:test hooks for a suite: start a server before it, stop it after, and
 * before each test clear `requests` and reset `handler` to `defaultHandler`.
 * @returns the server; read `url` inside tests (it is set once the server listens).
 */
export function useFakeHttpServer(defaultHandler: (request: RecordedRequest) => FakeAnswer): FakeHttpServer {
  const fake: FakeHttpServer = { url: '', requests: [], handler: defaultHandler, close: async () => {} };
  before(async () => {
    const started = await startFakeHttpServer();
    fake.url = started.url;
    fake.close = started.close;
    // Route the started server's traffic through `fake`, whose handler the tests replace.
    started.handler = (request) => {
      fake.requests.push(request);
      return fake.handler(request);
    };
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.requests.length = 0;
    fake.handler = defaultHandler;
  });
  return fake;
}

/** Starts a {@link FakeHttpServer}. Its default handler answers 500. */
export async function startFakeHttpServer(): Promise<FakeHttpServer> {
  const timers = new Set<NodeJS.Timeout>();
  const fake: FakeHttpServer = {
    url: '',
    requests: [],
    handler: () => ({ status: 500, body: 'no handler' }),
    close: () =>
      new Promise<void>((done) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      fake.requests.push(recorded);
      const answer = fake.handler(recorded);
      const send = (): void => {
        const payload = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        res.writeHead(answer.status ?? 200, { 'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json' });
        res.end(payload);
      };
      if (answer.delayMs) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, answer.delayMs);
        timers.add(timer);
      } else send();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
