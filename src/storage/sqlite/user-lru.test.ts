import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserLru } from './user-lru.js';

class Sized {
  constructor(public bytes: number) {}
}

test('UserLru keeps the byte budget by dropping the least recently used other users', () => {
  const lru = new UserLru<Sized>(100);
  lru.set('a', new Sized(40));
  lru.set('b', new Sized(40));
  lru.touch('a'); // b is now the least recently used
  lru.set('c', new Sized(40));
  assert.equal(lru.get('b'), undefined);
  assert.ok(lru.get('a'));
  assert.ok(lru.get('c'));
  assert.equal(lru.bytes, 80);
});

test('UserLru re-measures an entry on set and never drops the user being set', () => {
  const lru = new UserLru<Sized>(100);
  const a = new Sized(10);
  lru.set('a', a);
  lru.set('b', new Sized(10));
  a.bytes = 150; // grew past the budget on its own
  lru.set('a', a);
  assert.equal(lru.get('b'), undefined);
  assert.equal(lru.get('a'), a);
  assert.equal(lru.bytes, 150);
  lru.delete('a');
  assert.equal(lru.bytes, 0);
  lru.set('x', new Sized(5));
  lru.clear();
  assert.equal(lru.get('x'), undefined);
  assert.equal(lru.bytes, 0);
});
