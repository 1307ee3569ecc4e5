// What a worker checks before it trains a job: the job's data must be a run
// payload whose experiment validates against the IR schema (ajv), whose
// strings cannot break out of the generated trainer's comments or file names,
// and whose id and hash match its content. Anything else is refused with the
// reason; nothing in a refused job reaches the code generator.
import { validateIr } from '../../ir/validate.js';
import { isBackendName } from '../../runtime/backend.js';
import { payloadProblem, type RunPayload } from '../run-payload.js';

const KEYS = ['format', 'version', 'runId', 'source', 'experiment', 'epochs', 'limit', 'backend'];
const RUN_ID = /^[0-9a-f]{16}(-T\d+)?(-L\d+)?$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Line breaks (which would end the generated header's `//` comment) and other control characters.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what it looks for
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const positiveInteger = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1;

/** A string in the experiment that could not have come from a spec, as `/path: why`, or null. */
function strangeString(value: unknown, path: string): string | null {
  if (typeof value === 'string') {
    if (CONTROL.test(value)) return `${path} contains a control character`;
    if (path.endsWith('/name') && !IDENTIFIER.test(value)) return `${path} is not an identifier`;
    return null;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = strangeString(item, `${path}/${i}`);
      if (found) return found;
    }
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      const found = strangeString(item, `${path}/${key}`);
      if (found) return found;
    }
  }
  return null;
}

/** Why the job's data is not a run this worker may train, or null when it is one. */
export function jobPayloadProblem(data: unknown): string | null {
  if (!isRecord(data)) return 'the job carries no run payload (not a JSON object)';
  if (data.format !== 'mtl-run' || data.version !== 1)
    return 'not an mtl run payload (format mtl-run, version 1)';
  const extra = Object.keys(data).filter((k) => !KEYS.includes(k));
  if (extra.length > 0) return `unexpected field${extra.length > 1 ? 's' : ''} ${extra.join(', ')}`;
  if (typeof data.runId !== 'string' || !RUN_ID.test(data.runId)) return 'runId is not a run id';
  if (typeof data.source !== 'string' || data.source.length > 4096 || CONTROL.test(data.source))
    return 'source is not a spec path';
  if (!positiveInteger(data.epochs)) return 'epochs is not a positive integer';
  if (data.limit !== null && !positiveInteger(data.limit)) return 'limit is not null or a positive integer';
  if (data.backend !== null && (typeof data.backend !== 'string' || !isBackendName(data.backend)))
    return 'backend is not null or a backend name';
  const schema = validateIr({
    irVersion: 1,
    source: data.source,
    experiments: [data.experiment],
    sweeps: [],
  });
  if (!schema.valid)
    return `the experiment does not validate against the IR schema: ${schema.errors
      .slice(0, 3)
      .map((e) => e.replace('/experiments/0', '/experiment'))
      .join('; ')}`;
  const strange = strangeString(data.experiment, '/experiment');
  if (strange) return strange;
  return payloadProblem(data as unknown as RunPayload);
}
