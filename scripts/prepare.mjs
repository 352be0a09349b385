#!/usr/bin/env node
/**
 * npm's `prepare` step: an install from git (`npm install github:<owner>/mnemo`, or
 * `npx -y github:<owner>/mnemo mcp`) gets no prebuilt `dist/`, so build the runtime files
 * (src and the dashboard) when they are missing. A checkout that is already built skips it
 * (run `npm run build` to rebuild); the npm tarball ships `dist/` and never runs this.
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const built = existsSync('dist/src/cli/main.js') && existsSync('dist/web/index.html');
if (built) process.exit(0);
if (!existsSync('node_modules/typescript')) {
  process.stderr.write('mnemo prepare: typescript is not installed, so dist/ cannot be built; run `npm install` in the checkout\n');
  process.exit(0);
}
const run = (cmd) => execSync(cmd, { stdio: 'inherit' });
process.stderr.write('mnemo prepare: building dist/ (first install from source)\n');
run('npx tsc -p tsconfig.build.json');
run('node scripts/bundle-cli.mjs');
run('npx tsc -p web/tsconfig.json');
run('npx vite build --config web/vite.config.ts');
