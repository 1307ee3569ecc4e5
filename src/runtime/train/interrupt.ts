// Stop requests: SIGINT (Ctrl-C) or an AbortSignal ask the loop to stop after
// the current batch; a second Ctrl-C quits at once.

interface Interrupt {
  requested(): boolean;
  dispose(): void;
}

export function watchInterrupt(options: {
  readonly handleSignals: boolean;
  readonly signal?: AbortSignal;
  readonly onFirst: () => void;
}): Interrupt {
  let count = 0;
  const onSigint = () => {
    count++;
    if (count > 1) process.exit(130);
    options.onFirst();
  };
  if (options.handleSignals) process.on('SIGINT', onSigint);
  return {
    requested: () => count > 0 || options.signal?.aborted === true,
    dispose: () => {
      if (options.handleSignals) process.off('SIGINT', onSigint);
    },
  };
}
