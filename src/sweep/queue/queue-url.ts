// The queue's address: `redis://[:password@]host[:port][/db]`, or `rediss://`
// for TLS. Parsed here into connection options so the password lives only in
// memory: everything printed shows the URL with the password replaced. TLS
// always verifies the server's certificate: against Node's trusted CAs (with
// NODE_EXTRA_CA_CERTS), or only against the CA the user gives (--tls-ca).
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
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

interface QueueTlsOptions {
  /** PEM certificate(s) of the CA that signed the server's certificate (a private CA); replaces Node's list. */
  readonly ca?: string;
}

/** The PEM text of a --tls-ca file (relative to cwd), or a message saying why it cannot be used. */
export function readTlsCa(file: string, cwd: string): { readonly ca: string } | string {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    return `--tls-ca: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    return `--tls-ca: ${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`;
  return { ca: text };
}

/** The queue's connection options, or a message (never containing the password) saying what is wrong. */
export function parseQueueUrl(text: string, tls: QueueTlsOptions = {}): QueueAddress | string {
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
  const secure = url.protocol === 'rediss:';
  if (tls.ca !== undefined && !secure) return `--tls-ca needs a rediss:// (TLS) URL, got '${display}'`;
  return {
    connection: {
      host,
      port,
      db,
      ...(username ? { username } : {}),
      ...(password ? { password } : {}),
      // SNI carries host names only (an IP address there is refused by RFC 6066; Node warns); an
      // address is checked against the certificate's IP entries all the same.
      ...(secure
        ? { tls: { ...(isIP(host) ? {} : { servername: host }), ...(tls.ca ? { ca: tls.ca } : {}) } }
        : {}),
      // Workers and event listeners block on Redis; BullMQ needs unlimited retries for them.
      maxRetriesPerRequest: null,
    },
    display,
  };
}
