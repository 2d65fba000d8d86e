import { readFileSync } from 'node:fs';

/** Resident memory of a process from /proc (Linux): current (VmRSS) and the kernel's peak (VmHWM), in MiB. */
export function readRss(pid: number): { rssMb: number; hwmMb: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined; // gone
  }
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

/** Start, peak and last RSS of one process, sampled while it lives. */
export interface RssTrack {
  name: string;
  pid: number;
  startMb: number;
  peakMb: number;
  endMb: number;
}

/** Samples the RSS of a changing set of processes every `intervalMs`. */
export class RssSampler {
  private readonly tracks = new Map<number, RssTrack>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly processes: () => { name: string; pid: number }[], private readonly intervalMs = 2_000) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  sample(): void {
    for (const { name, pid } of this.processes()) {
      const r = readRss(pid);
      if (!r) continue;
      const t = this.tracks.get(pid);
      // VmHWM catches peaks between two samples.
      if (!t) this.tracks.set(pid, { name, pid, startMb: r.rssMb, peakMb: Math.max(r.rssMb, r.hwmMb), endMb: r.rssMb });
      else {
        t.peakMb = Math.max(t.peakMb, r.rssMb, r.hwmMb);
        t.endMb = r.rssMb;
      }
    }
  }

  stop(): RssTrack[] {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    return [...this.tracks.values()];
  }
}
