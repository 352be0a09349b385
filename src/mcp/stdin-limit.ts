/**
 * A guard on the stdio MCP server's input: newline-delimited JSON-RPC messages, each at
 * most {@link MAX_STDIN_LINE_BYTES}. The SDK's stdio transport buffers a line until its
 * newline without a bound, so one huge line left `mnemo mcp` alive but deaf; past the
 * limit (or on a read error) the guard reports once and ends the stream, and the command
 * exits non-zero with the message on stderr.
 */
import { Transform, type Readable } from 'node:stream';
import { MAX_STDIN_LINE_BYTES } from '../core/limits.js';

/**
 * `input` piped through a line-size check.
 * @param onFailure called once with a message when a line exceeds `maxLineBytes` or
 *   `input` fails; the returned stream then ends.
 * @example new StdioServerTransport(limitLines(process.stdin, (m) => fail(m)), process.stdout)
 */
export function limitLines(input: Readable, onFailure: (message: string) => void, maxLineBytes = MAX_STDIN_LINE_BYTES): Readable {
  let lineBytes = 0;
  let failed = false;
  const fail = (message: string) => {
    if (failed) return;
    failed = true;
    input.unpipe(guard);
    input.destroy(); // stop reading: nothing after a broken line can be framed
    onFailure(message);
  };
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (failed) return done();
      let tooLong = false;
      for (let pos = 0; ;) {
        const newline = chunk.indexOf(0x0a, pos);
        lineBytes += (newline === -1 ? chunk.length : newline) - pos;
        if (lineBytes > maxLineBytes) { tooLong = true; break; }
        if (newline === -1) break;
        lineBytes = 0;
        pos = newline + 1;
      }
      if (tooLong) {
        fail(`an input line is longer than ${maxLineBytes} bytes; mnemo mcp reads one JSON-RPC message per line`);
        this.push(null);
        return done();
      }
      done(null, chunk);
    },
  });
  input.on('error', (error) => { fail(`cannot read standard input: ${error.message}`); guard.end(); });
  return input.pipe(guard);
}
