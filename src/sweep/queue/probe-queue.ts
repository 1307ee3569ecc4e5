// One connection attempt to the queue's Redis, with a deadline: BullMQ's own
// clients retry forever (right for a running fleet, wrong for a typo), and
// cannot be closed before they have connected. Says why it failed, in
// ioredis's words (host and port, never the password).
import { Redis } from 'ioredis';
import type { QueueAddress } from './queue-url.js';

/** Null when Redis answers PING (after AUTH when the URL has a password), else why not. */
export async function probeQueue(address: QueueAddress, timeoutMs = 5000): Promise<string | null> {
  const client = new Redis({
    ...address.connection,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // The socket's own error (ECONNREFUSED, WRONGPASS…) says more than the rejected call ("Connection is closed").
  let socketError: string | undefined;
  client.on('error', (error: Error) => {
    socketError ??= error.message;
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer in ${timeoutMs / 1000}s`), timeoutMs);
  });
  const attempt = client
    .connect()
    .then(() => client.ping())
    .then(
      () => null,
      (error: unknown) => socketError ?? String((error as Error)?.message ?? error),
    );
  try {
    return await Promise.race([attempt, deadline]);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}
