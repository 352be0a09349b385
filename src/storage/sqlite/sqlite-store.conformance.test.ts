/**
 * The storage conformance suite (test/support/store-conformance.ts) against the SQLite
 * store: a file, `:memory:`, a file with the exact vector scan only (`vectorIndex:
 * 'exact'`, which runs the exact-search cases the default's approximate flag skips), and
 * a file without sqlite-vec (vector cases skip, with the reason in the output), and a
 * file whose every user is ranked by the in-memory keyword index (`keywordIndexMinRows:
 * 0`; its BM25 statistics are per user). A new backend is one more line here or in its own folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { describeStoreConformance } from '../../../test/support/store-conformance.js';
import { openSqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'mnemo-conformance-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

describeStoreConformance('sqlite file', () => openSqliteStore({ path: join(dir, `store-${files++}.sqlite`) }));
describeStoreConformance('sqlite file, exact vector scan', () => openSqliteStore({ path: join(dir, `store-${files++}.sqlite`), vectorIndex: 'exact' }));
describeStoreConformance('sqlite :memory:', () => openSqliteStore({ path: ':memory:' }));
describeStoreConformance('sqlite file without sqlite-vec', () => openSqliteStore({ path: join(dir, `store-${files++}.sqlite`), disableVectors: true }));
describeStoreConformance('sqlite file, in-memory keyword index for every user', () => openSqliteStore({ path: join(dir, `store-${files++}.sqlite`), keywordIndexMinRows: 0 }));
