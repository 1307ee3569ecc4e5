// Opening a store file safely: a new or empty file becomes a store; an mtl
// store is migrated to the current schema; anything else (another program's
// SQLite database, a corrupt file, text) is refused with a clear message and
// left exactly as it was.
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './schema.js';

/** The store cannot be used (not an mtl store, corrupt, newer schema). */
export class StoreError extends Error {
  override readonly name = 'StoreError';
}

const SQLITE_HEADER = 'SQLite format 3\0';
/** How long a writer waits for another process's write lock before giving up. */
const BUSY_TIMEOUT_MS = 30_000;

function header(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(16);
    const read = readSync(fd, buffer, 0, 16, 0);
    return buffer.subarray(0, read).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

function migrate(db: Database.Database, file: string): void {
  // BEGIN IMMEDIATE: two processes opening a new store at once migrate it once.
  const run = db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    const application = db.pragma('application_id', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new StoreError(
        `${file} has store schema version ${version}; this mtl knows versions up to ${SCHEMA_VERSION} (upgrade mtl)`,
      );
    }
    if (application === 0) {
      const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as {
        n: number;
      };
      if (tables.n > 0)
        throw new StoreError(`${file} is an SQLite database of another program, not an mtl store`);
      db.pragma(`application_id = ${APPLICATION_ID}`);
    }
    for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    if (version < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  });
  run.immediate();
}

/**
 * The file's application id and table count, read in one transaction: read
 * apart, another process creating the same new store could commit between the
 * two, and a store with tables but (as first read) no id looked like another
 * program's database (two `mtl sweep`s starting at once on one store).
 * Reading the schema fails on a file whose pages are damaged.
 */
function whatItHolds(db: Database.Database): { application: number; tables: number } {
  return db.transaction(() => ({
    application: db.pragma('application_id', { simple: true }) as number,
    tables: (
      db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }
    ).n,
  }))();
}

/** Opens (creating when absent) the store at `file`, migrated to the current schema. */
export function openStoreDatabase(
  file: string,
  options: { readonly create?: boolean } = {},
): Database.Database {
  const exists = existsSync(file);
  if (!exists && options.create === false) throw new StoreError(`no store at ${file}`);
  if (exists) {
    if (!statSync(file).isFile()) throw new StoreError(`${file} is not a file`);
    const head = header(file);
    if (head.length > 0 && head !== SQLITE_HEADER)
      throw new StoreError(`${file} is not an mtl store (not an SQLite database); it was left untouched`);
  } else {
    mkdirSync(path.dirname(file), { recursive: true });
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    const { application, tables } = whatItHolds(db);
    if (application !== 0 && application !== APPLICATION_ID)
      throw new StoreError(`${file} is an SQLite database of another program, not an mtl store`);
    if (application === 0 && tables > 0)
      throw new StoreError(`${file} is an SQLite database of another program, not an mtl store`);
    if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    migrate(db, file);
    if (application === APPLICATION_ID) {
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new StoreError(`${file} is damaged (quick_check: ${String(check)})`);
    }
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof StoreError) throw error;
    const code = (error as { code?: string }).code ?? '';
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new StoreError(`${file} is corrupt or not an mtl store (${code}); it was left untouched`);
    }
    throw new StoreError(`cannot open the store ${file}: ${(error as Error).message}`);
  }
}
