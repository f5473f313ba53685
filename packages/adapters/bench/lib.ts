import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import pg from 'pg';

/** Command-line flags shared by the benchmarks; see bench/README.md. */
export function flags() {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      approvals: { type: 'string', default: '2000' },
      rows: { type: 'string', default: '100000' },
      due: { type: 'string', default: '1000,10000' },
      store: { type: 'string', default: 'both' },
      effects: { type: 'string', default: '1000000' },
    },
    allowPositionals: true,
  });
  return {
    only: values.only,
    approvals: Number(values.approvals),
    rows: Number(values.rows),
    due: values.due!.split(',').map(Number),
    stores: values.store === 'both' ? ['sqlite', 'postgres'] : [values.store!],
    effects: Number(values.effects),
  };
}

export const DATABASE_URL =
  process.env.GREENLIGHT_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}

/** The same settings the SqliteStore uses, for raw baselines on another connection. */
export function rawSqlite(path: string): DatabaseSync {
  const db = new DatabaseSync(path, { timeout: 5000 });
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
  return db;
}

export async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

export function printTable(title: string, rows: Array<Record<string, string | number>>): void {
  console.log(`\n${title}`);
  const columns = Object.keys(rows[0] ?? {});
  const cell = (v: string | number) =>
    typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 2 }) : v;
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(cell(r[c]!)).length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(columns));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(columns.map((c) => String(cell(row[c]!)))));
}
