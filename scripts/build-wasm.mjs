// `node scripts/build-wasm.mjs`: compiles every WAT module of scripts/wat.mjs and writes
// its generated TypeScript file (run after editing a .wat; commit both).
import { writeFileSync } from 'node:fs';
import { compileWat, renderModuleTs, WASM_MODULES } from './wat.mjs';

for (const { wat, ts, name } of WASM_MODULES) {
  const bytes = await compileWat(wat);
  writeFileSync(ts, renderModuleTs(bytes, wat, name));
  console.log(`${wat} -> ${ts} (${bytes.length} bytes)`);
}
