// The queue's address: `redis://[:password@]host[:port][/db]`, or `rediss://`
// for TLS. Parsed here into connection options so the password lives only in
// memory: everything printed shows the URL with the password replaced.
import type { RedisOptions } from 'bullmq';

export interface QueueAddress {
  /** What BullMQ (ioredis) connects with. */
  readonly connection: RedisOptions;
  /** The URL as it may be printed: the password, if any, replaced by `***`. */
  readonly display: string;
}

const SCHEMES = new Set(['redis:', 'rediss:']);

/** The URL with its password (and anything after an `@` that looks like one) hidden. */
export function redactUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    // Not a URL: hide whatever sits between the scheme and an `@`.
    return text.replace(/(\/\/)[^/@]*@/, '$1***@');
  }
}

/** The queue's connection options, or a message (never containing the password) saying what is wrong. */
export function parseQueueUrl(text: string): QueueAddress | string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `--queue must be a URL like redis://HOST:PORT/DB, got '${redactUrl(text)}'`;
  }
  const display = redactUrl(text);
  if (!SCHEMES.has(url.protocol))
    return `--queue must start with redis:// or rediss:// (TLS), got '${display}'`;
  if (!url.hostname) return `--queue needs a host, got '${display}'`;
  const port = url.port === '' ? 6379 : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0 || String(db) !== dbText.replace(/^$/, '0'))
    return `--queue's database must be a number (redis://HOST:PORT/DB), got '${display}'`;
  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    connection: {
      host,
      port,
      db,
      ...(username ? { username } : {}),
      ...(password ? { password } : {}),
      ...(url.protocol === 'rediss:' ? { tls: { servername: host } } : {}),
      // Workers and event listeners block on Redis; BullMQ needs unlimited retries for them.
      maxRetriesPerRequest: null,
    },
    display,
  };
}
