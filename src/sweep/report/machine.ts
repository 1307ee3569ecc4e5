// The machine a report is written on, as a reader needs it to weigh the timings:
// cpu model and cores, memory, OS, Node.js version. Only stable facts (no load,
// no uptime), so the same store on the same machine gives the same report.
import { arch, cpus, release, totalmem, type } from 'node:os';

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  /** Total memory in GiB, one decimal. */
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() || 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${type()} ${release()} ${arch()}`,
    node: process.version,
  };
}
