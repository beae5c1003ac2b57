/** The machine a run came from, printed with every result so figures can be compared. */
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  /** Processors available to this process, as `nproc` prints. */
  nproc: number;
  memoryGiB: number;
  node: string;
  platform: string;
  /** The 1-minute load average when the run started: other work on the machine slows every figure. */
  loadAverage: number;
}

export function describeMachine(): MachineInfo {
  return {
    cpuModel: readCpuModel(),
    nproc: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg()[0] ?? 0,
  };
}

/** Reads `model name` from /proc/cpuinfo, falling back to Node's CPU list off Linux. */
function readCpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('model name'));
    if (line) {
      return line.slice(line.indexOf(':') + 1).trim();
    }
  } catch {
    // Not Linux: os.cpus() below still names the model.
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

export function formatMachine(machine: MachineInfo): string {
  return `${machine.cpuModel}, nproc ${machine.nproc}, ${machine.memoryGiB} GiB memory, Node ${machine.node}, ${machine.platform}, load average ${machine.loadAverage.toFixed(2)}`;
}
