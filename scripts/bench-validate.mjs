#!/usr/bin/env node
// Benchmark of `validate`: N copies of the Linux reference scenario (with varied names) in a temp
// folder, validated with validatePaths from the build (dist/). Reports the median wall time of 5
// runs after a warm-up, and the process's peak RSS. It reports; it does not assert (exit 0).
//   node scripts/bench-validate.mjs [--files 1000] [--runs 5]
// Build first: npx tsc -p tsconfig.json
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_MS = 1000;

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  const n = i === -1 ? fallback : Number(process.argv[i + 1]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

async function main() {
  const files = option('files', 1000);
  const runs = option('runs', 5);
  const { validatePaths } = await import(pathToFileURL(path.join(ROOT, 'dist', 'src', 'validate', 'index.js')).href);
  const reference = await fs.readFile(path.join(ROOT, 'scenarios', 'linux', 'sandbox-isolation.yaml'), 'utf8');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'isocheck-bench-validate-'));
  try {
    for (let i = 0; i < files; i++) {
      const sub = path.join(dir, `group-${String(Math.floor(i / 100)).padStart(3, '0')}`);
      if (i % 100 === 0) await fs.mkdir(sub);
      const text = reference.replace(/^name: .*$/m, `name: Sandbox isolation copy ${i}`);
      await fs.writeFile(path.join(sub, `scenario-${String(i).padStart(5, '0')}.yaml`), text);
    }
    // The first run in this process: cold JIT and the validator's modules loading on first use.
    const f0 = performance.now();
    const warm = await validatePaths([dir]);
    const firstMs = performance.now() - f0;
    if (warm.scenarios.length !== files || warm.problems.length > 0) {
      console.log(`warning: expected ${files} valid scenarios, got ${warm.scenarios.length} and ${warm.problems.length} problems`);
    }
    const times = [];
    const cpu = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await validatePaths([dir]);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      times.push(performance.now() - t0);
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const wall = median(times);
    const rssMb = process.resourceUsage().maxRSS / 1024;
    console.log(`validate ${files} files: median ${Math.round(wall)} ms (target < ${TARGET_MS} ms) ratio ${(wall / TARGET_MS).toFixed(2)}`);
    console.log(`  first run ${Math.round(firstMs)} ms (cold JIT, modules loaded on first use)`);
    console.log(`  runs: ${times.map((t) => Math.round(t)).join(', ')} ms; ${(wall / files).toFixed(2)} ms per file; CPU time median ${Math.round(median(cpu))} ms (less affected by other load)`);
    console.log(`  peak RSS: ${rssMb.toFixed(1)} MB (node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(2)})`);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.log(`bench-validate could not run: ${err instanceof Error ? err.message : String(err)} (build first: npx tsc -p tsconfig.json)`);
});
