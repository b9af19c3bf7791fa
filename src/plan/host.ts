// The host's facts for planning: OS, name, root, and on Windows what the host can run (asked once
// per command with a fixed PowerShell query; see host/windows-features.ts).
import type { Spawn } from '../model/spawn.js';
import { probeWindowsFeatures } from '../host/windows-features.js';
import { hostFacts, type HostFacts } from './requirements.js';

export async function detectHostFacts(spawn: Spawn): Promise<HostFacts> {
  const h = hostFacts();
  if (h.os !== 'windows') return h;
  return { ...h, windows: await probeWindowsFeatures(spawn) };
}
