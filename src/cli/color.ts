// Whether to color terminal output, by the conventions users set once for
// every tool: NO_COLOR (https://no-color.org: any non-empty value turns color
// off) wins over FORCE_COLOR (any value but 0/false turns it on); neither
// set leaves the choice to the caller (color on a terminal, not in a pipe).
export function colorFromEnvironment(env: NodeJS.ProcessEnv = process.env): boolean | undefined {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !(force === '0' || force.toLowerCase() === 'false');
  return undefined;
}

/** Color for a stream: the environment's choice, else whether it is a terminal. */
export function useColor(
  stream: { readonly isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return colorFromEnvironment(env) ?? stream.isTTY === true;
}
