// The store's schema as a list of migrations: migration i takes a database at
// user_version i to i + 1, inside one transaction. A new store runs them all.
// Never edit a migration that has shipped; add one.

/** `application_id` of an mtl store ("mtl1"): tells our file from any other SQLite database. */
export const APPLICATION_ID = 0x6d746c31;

export const MIGRATIONS: readonly string[] = [
  // 0 → 1: sweeps, distinct runs, and the (cell, role, repeat) uses that point at them.
  `CREATE TABLE sweeps (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL,
     source TEXT NOT NULL,
     plan_key TEXT NOT NULL UNIQUE,
     base TEXT NOT NULL,
     repeat_count INTEGER NOT NULL,
     dimensions TEXT NOT NULL,
     has_control INTEGER NOT NULL,
     epochs INTEGER,
     shortened INTEGER NOT NULL,
     limit_rows INTEGER,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE runs (
     id TEXT PRIMARY KEY,
     hash TEXT NOT NULL,
     experiment TEXT NOT NULL,
     ir TEXT NOT NULL,
     source TEXT NOT NULL,
     labeled INTEGER NOT NULL,
     unlabeled INTEGER NOT NULL,
     train_seed INTEGER NOT NULL,
     data_seed INTEGER NOT NULL,
     epochs INTEGER NOT NULL,
     spec_epochs INTEGER NOT NULL,
     shortened INTEGER NOT NULL,
     limit_rows INTEGER,
     status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'interrupted')),
     backend TEXT,
     owner TEXT,
     heartbeat_at TEXT,
     started_at TEXT,
     ended_at TEXT,
     seconds REAL,
     samples_per_second REAL,
     epochs_completed INTEGER,
     validation_error REAL,
     test_error REAL,
     evaluations TEXT,
     supervised_steps INTEGER,
     reconstruction_steps INTEGER,
     run_dir TEXT,
     worker TEXT,
     message TEXT
   );
   CREATE TABLE uses (
     sweep_id INTEGER NOT NULL REFERENCES sweeps (id),
     cell TEXT NOT NULL,
     coords TEXT NOT NULL,
     role TEXT NOT NULL CHECK (role IN ('mtl', 'baseline', 'control')),
     repeat_index INTEGER NOT NULL,
     train_seed INTEGER NOT NULL,
     data_seed INTEGER NOT NULL,
     run_id TEXT NOT NULL REFERENCES runs (id),
     PRIMARY KEY (sweep_id, cell, role, repeat_index)
   );`,
  // 1 → 2: how often a run was started, an index for "which cells use this run",
  // and one flat row per (sweep, cell, role, repeat) with its run's columns.
  `ALTER TABLE runs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
   CREATE INDEX uses_by_run ON uses (run_id);
   CREATE VIEW run_rows AS
     SELECT s.name AS sweep, s.source AS spec, u.cell, u.coords, u.role, u.repeat_index AS repeat,
            u.train_seed, u.data_seed, r.id AS run_id, r.hash, r.status, r.backend, r.epochs AS T,
            r.shortened, r.started_at, r.ended_at, r.seconds, r.samples_per_second,
            r.validation_error, r.test_error, r.evaluations, r.supervised_steps,
            r.reconstruction_steps, r.run_dir, r.ir
     FROM uses u JOIN sweeps s ON s.id = u.sweep_id JOIN runs r ON r.id = u.run_id;`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
