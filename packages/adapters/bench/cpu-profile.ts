import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

/** A V8 CPU profile, as `node --cpu-prof` writes it. */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

/** Profiles `fn` with the V8 sampling profiler (every 100 µs), writing the `.cpuprofile` to `save` if given. */
export async function profiled<T>(
  fn: () => Promise<T>,
  save?: string,
): Promise<{ value: T; profile: CpuProfile }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const value = await fn();
  const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
  session.disconnect();
  if (save) await writeFile(save, JSON.stringify(profile));
  return { value, profile };
}

/** `package:path` for dependencies, `core/src/…` for the workspace's own files, the builtin's name otherwise. */
function place(url: string): string {
  if (!url) return '';
  const dependency = /node_modules\/\.pnpm\/(@?[^@/]+(?:\+[^@/]+)?)@[^/]+\/node_modules\/(.*)$/.exec(url);
  if (dependency) return `${dependency[2]!.split('/dist/')[0]!.split('/')[0]}`;
  const own = /\/packages\/(.*)$/.exec(url);
  if (own) return own[1]!;
  return url.replace(/^file:\/\//, '');
}

export interface FrameTime {
  frame: string;
  ms: number;
  share: number;
}

/**
 * Self and total time per function, largest first: the "top frames" of a profile. A function's frames are
 * merged across call sites; total time counts a sample once per function even when it recurses.
 */
export function topFrames(
  profile: CpuProfile,
  limit = 25,
): { totalMs: number; self: FrameTime[]; inclusive: FrameTime[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0));
  }
  let total = 0;
  for (const us of selfUs.values()) total += us;
  const name = (n: ProfileNode) => {
    const where = place(n.callFrame.url);
    return `${n.callFrame.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    self.set(name(node), (self.get(name(node)) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = name(byId.get(at)!);
      if (seen.has(frame) || frame === '(root)') continue;
      seen.add(frame);
      inclusive.set(frame, (inclusive.get(frame) ?? 0) + us);
    }
  }
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([frame, us]) => ({ frame, ms: us / 1000, share: us / total }));
  return { totalMs: total / 1000, self: rows(self), inclusive: rows(inclusive) };
}
