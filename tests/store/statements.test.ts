import type { Statement } from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/database.js';
import { prepared, preparedPluck } from '../../src/store/statements.js';

const opened: Db[] = [];

function database(): Db {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'moderato-statements-')), 'statements.db'));
  opened.push(db);
  db.prepare("INSERT INTO scheduler_state (name, value) VALUES ('a', 'un'), ('b', 'deux')").run();
  return db;
}

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const VALUE = 'SELECT value FROM scheduler_state WHERE name = ?';

describe('the cached statements', () => {
  it('are prepared once per database and SQL, each database having its own', () => {
    const db = database();
    const other = database();
    expect(prepared(db, VALUE)).toBe(prepared(db, VALUE));
    expect(preparedPluck(db, VALUE)).toBe(preparedPluck(db, VALUE));
    expect(prepared(other, VALUE)).not.toBe(prepared(db, VALUE));
    expect(prepared<[string], string>(other, VALUE).get('a')).toEqual({ value: 'un' });
  });

  it('never hand a plucking statement to a caller that reads rows, nor the other way round, whatever the order', () => {
    const db = database();
    expect(preparedPluck<[string], string>(db, VALUE).get('a')).toBe('un');
    expect(prepared<[string], { value: string }>(db, VALUE).get('a')).toEqual({ value: 'un' });
    expect(preparedPluck<[string], string>(db, VALUE).get('b')).toBe('deux');
    expect(prepared<[string], { value: string }>(db, VALUE).all('b')).toEqual([{ value: 'deux' }]);
    // Held across the other shape's use, a statement keeps its own shape.
    const rows = prepared<[string], { value: string }>(db, VALUE);
    const values = preparedPluck<[string], string>(db, VALUE);
    expect(values.get('a')).toBe('un');
    expect(rows.get('a')).toEqual({ value: 'un' });
    expect(values.get('b')).toBe('deux');
  });

  it('give rows as objects again to their next caller when one changed the shape behind the type', () => {
    const db = database();
    (prepared(db, VALUE) as unknown as Statement<unknown[], unknown>).pluck();
    expect(prepared(db, VALUE).get('a')).toEqual({ value: 'un' });
    (prepared(db, VALUE) as unknown as Statement<unknown[], unknown>).raw();
    expect(prepared(db, VALUE).get('a')).toEqual({ value: 'un' });
    (prepared(db, VALUE) as unknown as Statement<unknown[], unknown>).expand();
    expect(prepared(db, VALUE).get('a')).toEqual({ value: 'un' });
    (preparedPluck(db, VALUE) as unknown as Statement<unknown[], unknown>).raw();
    expect(preparedPluck(db, VALUE).get('a')).toBe('un');
  });

  it('have no shape-changing methods in their type', () => {
    const db = database();
    const statement = prepared(db, VALUE);
    // @ts-expect-error a shared statement cannot be plucked by one caller for all
    expect(statement.pluck).toBeTypeOf('function');
    // @ts-expect-error nor have its parameters bound for good
    expect(statement.bind).toBeTypeOf('function');
  });

  it('run statements that return no data, and refuse to pluck them', () => {
    const db = database();
    const insert = "INSERT INTO scheduler_state (name, value) VALUES (?, 'trois')";
    expect(prepared(db, insert).run('c').changes).toBe(1);
    expect(prepared(db, insert).run('d').changes).toBe(1);
    expect(() => preparedPluck(db, insert)).toThrow(TypeError);
    expect(preparedPluck(db, 'SELECT COUNT(*) FROM scheduler_state').get()).toBe(4);
  });
});
