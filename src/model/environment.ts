// Where a run happened: isocheck, Node, the host, the engine and the target. Built by plan/ (which
// detects them) and recorded by execute/ in every result.
import type { EngineFacts, EngineKind } from '../engine/types.js';

export interface EnvironmentFingerprint {
  isocheckVersion: string;
  node: string;
  host: { os: string; platform: string; release: string; arch: string; hostname: string };
  root: boolean;
  engine: EngineFacts | null;
  /** The target the run used: its name, engine kind, endpoint (no credentials) and where its host view came from. */
  target?: { name: string; kind: EngineKind; endpoint?: string; locality?: 'local' | 'remote'; tags?: string[] };
  /** Why the engine is unusable, when it is. */
  engineError?: string;
}
