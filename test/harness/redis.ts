// A real redis-server for the queue tests, on a free loopback port, in a temp
// folder, without persistence; the test stops it. Optionally TLS only, with a
// throwaway CA and server certificate made by openssl in that folder. Debian's
// redis-server (built with TLS) and openssl are installed by
// scripts/setup-system.sh (the tests install nothing).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { tempDir } from './runtime.js';

const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));

export interface TestRedis {
  readonly port: number;
  /** redis://[:password@]127.0.0.1:port/0, or rediss://… when it speaks TLS */
  readonly url: string;
  /** With TLS: the PEM file of the CA that signed the server's certificate. */
  readonly caFile?: string;
  /** Stops the server (SIGTERM, then SIGKILL). */
  stop(): Promise<void>;
  /** Stops it and starts a fresh one on the same port (its data is gone: no persistence). */
  restart(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface Certificates {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

/** A CA and a certificate it signed for 127.0.0.1 (and localhost), valid two days, in dir. */
function makeCertificates(dir: string): Certificates {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-subj',
    '/CN=mtl test CA',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  openssl('req', ...ec, '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr');
  writeFileSync(
    join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
  );
  openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-extfile',
    'server.ext',
  );
  return { ca: join(dir, 'ca.pem'), cert: join(dir, 'server.pem'), key: join(dir, 'server.key') };
}

function launch(port: number, dir: string, password?: string, tls?: Certificates): Promise<ChildProcess> {
  if (!REDIS_SERVER)
    throw new Error('redis-server is not installed: run `sudo bash scripts/setup-system.sh`');
  // With TLS, the plain port is closed (0) and clients are not asked for certificates.
  const ports = tls
    ? ['--port', '0', '--tls-port', String(port), '--tls-cert-file', tls.cert, '--tls-key-file', tls.key]
    : ['--port', String(port)];
  if (tls) ports.push('--tls-ca-cert-file', tls.ca, '--tls-auth-clients', 'no');
  const args = [...ports, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  args.push('--dir', dir, '--maxmemory-policy', 'noeviction');
  if (password) args.push('--requirepass', password);
  const child = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += String(d);
      if (out.includes('Ready to accept connections')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
  });
}

function halt(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startRedis(
  options: { readonly password?: string; readonly tls?: boolean } = {},
): Promise<TestRedis> {
  const port = await freePort();
  const dir = tempDir('mtl-redis-');
  const tls = options.tls ? makeCertificates(dir) : undefined;
  let child = await launch(port, dir, options.password, tls);
  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : '';
  return {
    port,
    url: `${tls ? 'rediss' : 'redis'}://${auth}127.0.0.1:${port}/0`,
    ...(tls ? { caFile: tls.ca } : {}),
    stop: () => halt(child),
    restart: async () => {
      await halt(child);
      child = await launch(port, dir, options.password, tls);
    },
  };
}
