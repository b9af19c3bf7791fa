// Engine rows of the bench (issue 9), in the same run as the others: the reference scenario on
// Podman vs on Docker, a fleet of two Docker targets vs one, and the remote host probe query (a
// probe container on the second engine) vs the local /proc query. Each row runs only where its
// engines answer (scripts/provision-engine.sh sets them all up) and says so when one does not.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import path from 'node:path';

const E2_CONTEXT = 'isocheck-e2';

function answers(argv) {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 15_000 });
  return r.status === 0;
}

/** b: the bench's helpers and settings (scripts/bench.mjs passes them). */
export async function benchEngines(b) {
  const { NODE, BIN, REFERENCE, RUNS, QUERY_RUNS, WARMUP, ROOT, timed, withCpu, sideBySide, median, round, secs, msText, addRow, failures, log, wants } = b;
  const dockerRun = [NODE, BIN, 'run', REFERENCE, '--renderer', 'plain'];

  if (wants('podman')) {
    if (!answers(['podman', 'image', 'exists', 'isocheck/busybox:local'])) {
      addRow({ id: 'podman', name: 'Reference scenario: Podman vs Docker', measured: 'not run: podman or its image is missing (scripts/provision-podman.sh)', targetText: 'none (ratio reported)', target: Infinity, op: '<=', ratio: NaN, compare: NaN, notes: [], why: () => 'podman unavailable' });
    } else {
      log(`podman: reference on Podman vs on Docker, ${RUNS} runs interleaved`);
      const r = await sideBySide('podman', () => timed([...dockerRun, '--engine', 'podman']), () => timed(dockerRun), RUNS, WARMUP, { settle: true });
      const a = median(r.a.map((x) => x.ms));
      const d = median(r.b.map((x) => x.ms));
      addRow({
        id: 'podman', name: 'Reference scenario: Podman vs Docker',
        measured: `${secs(a)} vs ${secs(d)} (median of ${RUNS})`,
        values: { podmanMs: round(a, 1), dockerMs: round(d, 1) },
        // The issue asks for the ratio, not a goal: reported, never a miss.
        target: Infinity, op: '<=', targetText: 'none (ratio reported)', ratio: a / d, compare: a / d,
        notes: [...failures(r.a, 'podman run'), ...failures(r.b, 'docker run')],
      });
    }
  }

  const e2Up = answers(['docker', '--context', E2_CONTEXT, 'image', 'inspect', 'isocheck/busybox:local']);
  if (wants('fleet')) {
    if (!e2Up) {
      addRow({ id: 'fleet', name: 'Fleet of 2 Docker targets vs 1 target', measured: `not run: the second engine (context ${E2_CONTEXT}) is not up (scripts/provision-second-engine.sh)`, targetText: '<= 1.30x', target: 1.3, op: '<=', ratio: NaN, compare: NaN, notes: [], why: () => 'second engine unavailable' });
    } else {
      log(`fleet: reference on 2 Docker targets vs on 1, ${RUNS} runs interleaved`);
      const two = [NODE, BIN, 'run', REFERENCE, '--renderer', 'plain', '--context', 'default', '--context', E2_CONTEXT];
      const one = [NODE, BIN, 'run', REFERENCE, '--renderer', 'plain', '--context', 'default'];
      const r = await sideBySide('fleet', () => withCpu(() => timed(two)), () => withCpu(() => timed(one)), RUNS, WARMUP, { settle: true });
      const a = median(r.a.map((x) => x.ms));
      const o = median(r.b.map((x) => x.ms));
      const cpuA = median(r.a.map((x) => x.cpuS));
      const cpuO = median(r.b.map((x) => x.cpuS));
      // On n cores the two-target run cannot take less than its CPU work spread over them.
      const floor = Math.max(o, (cpuA * 1000) / b.cpus);
      addRow({
        id: 'fleet', name: 'Fleet of 2 Docker targets vs 1 target',
        measured: `${secs(a)} vs ${secs(o)} (median of ${RUNS}; targets default + ${E2_CONTEXT}; machine CPU busy ${cpuA.toFixed(1)} vs ${cpuO.toFixed(1)} CPU-s)`,
        values: { twoTargetsMs: round(a, 1), oneTargetMs: round(o, 1), twoTargetsCpuS: round(cpuA, 2), oneTargetCpuS: round(cpuO, 2), cpuFloorMs: round(floor, 1) },
        target: 1.3, op: '<=', targetText: '<= 1.30x', ratio: a / o, compare: a / o,
        notes: [...failures(r.a, 'fleet of 2'), ...failures(r.b, 'one target')],
        why: () => (a <= floor * 1.3
          ? `both targets' engines share this ${b.cpus}-core machine: the two-target run kept it busy ${cpuA.toFixed(1)} CPU-s (one target: ${cpuO.toFixed(1)}), a floor of ${secs(floor)} here`
          : `the CPU floor (${cpuA.toFixed(1)} CPU-s over ${b.cpus} cores, or the single target's ${secs(o)}) is ${secs(floor)}; the rest is the slower target's own run — a remote target looks at its host through one engine exec of the probe container per host query (about 100-300 ms each) where a local one reads /proc in a few ms`),
      });
    }
  }

  if (wants('remote-query')) {
    if (!e2Up) {
      addRow({ id: 'remote-query', name: 'Host query: remote probe container vs local /proc', measured: 'not run: the second engine is not up', targetText: 'none (ratio reported)', target: Infinity, op: '<=', ratio: NaN, compare: NaN, notes: [], why: () => 'second engine unavailable' });
      return;
    }
    const dist = (p) => path.join(ROOT, 'dist', 'src', p);
    const { detectTarget } = await import(dist('engine/index.js'));
    const { createContainerProbe } = await import(dist('host/probe-container.js'));
    const { linuxProcProbe } = await import(dist('host/probes.js'));
    const { execaSpawn: spawn } = await import(dist('execute/spawn.js'));
    const engine = await detectTarget({ name: E2_CONTEXT, kind: 'docker', context: E2_CONTEXT }, spawn, { timeoutMs: 15_000 });
    const runId = `bench${process.pid}`;
    const remote = createContainerProbe(engine, { spawn, runId, hostname: 'bench' });
    const local = linuxProcProbe();
    const ac = new globalThis.AbortController();
    const run = () => ({ exec: (argv) => spawn({ argv, timeoutMs: 30_000 }), deadline: Date.now() + 30_000, signal: ac.signal });
    const q = { name: 'dockerd' };
    const times = { remote: [], local: [] };
    try {
      await remote.query(q, run()); // starts the probe container: not a query cost
      log(`remote-query: ${QUERY_RUNS} queries each, interleaved`);
      for (let i = 0; i < QUERY_RUNS; i++) {
        let t0 = performance.now();
        await remote.query(q, run());
        times.remote.push(performance.now() - t0);
        t0 = performance.now();
        await local.query(q, run());
        times.local.push(performance.now() - t0);
      }
    } finally {
      await remote.dispose();
    }
    const a = median(times.remote);
    const l = median(times.local);
    addRow({
      id: 'remote-query', name: 'Host query by name: remote probe container vs local /proc',
      measured: `${msText(a)} vs ${msText(l)} (median of ${QUERY_RUNS}; query name=dockerd; the remote side is one engine exec of a busybox script)`,
      values: { remoteMs: round(a, 2), localMs: round(l, 2) },
      target: Infinity, op: '<=', targetText: 'none (ratio reported)', ratio: a / l, compare: a / l, notes: [],
    });
  }
}
