/** The graph conformance suite (test/support/graph-store-conformance.ts) against the SQLite store. */
import { describeGraphStoreConformance } from '../../../test/support/graph-store-conformance.js';
import { openSqliteStore } from './sqlite-store.js';

describeGraphStoreConformance('sqlite :memory:', () => openSqliteStore({ path: ':memory:' }));
