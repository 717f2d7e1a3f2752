/** The shape of a V8 .cpuprofile, as far as self times need it. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
    };
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface SelfTime {
  readonly name: string;
  /** The file (shortened to what follows node_modules/ or the project) and line. */
  readonly where: string;
  readonly percent: number;
}

/**
 * Self time per function (name, file and line together), largest first, as a share of all
 * sampled time. A sample's time is the delta before the next sample, as DevTools counts it.
 */
export function selfTimes(profile: CpuProfile): SelfTime[] {
  const frameOf = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const totals = new Map<string, { name: string; where: string; micros: number }>();
  let all = 0;
  profile.samples.forEach((nodeId, i) => {
    const micros = profile.timeDeltas[i + 1] ?? 0;
    const frame = frameOf.get(nodeId);
    if (!frame) return;
    const name = frame.functionName || '(anonymous)';
    const where = frame.url ? `${shorten(frame.url)}:${frame.lineNumber + 1}` : '';
    const key = `${name}@${where}`;
    const entry = totals.get(key) ?? { name, where, micros: 0 };
    entry.micros += micros;
    totals.set(key, entry);
    all += micros;
  });
  return [...totals.values()]
    .sort((a, b) => b.micros - a.micros)
    .map(({ name, where, micros }) => ({ name, where, percent: (100 * micros) / all }));
}

function shorten(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) return url.slice(modules + 'node_modules/'.length);
  const dist = url.indexOf('/dist/');
  return dist === -1 ? url : url.slice(dist + 1);
}
