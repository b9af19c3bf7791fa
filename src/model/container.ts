// A container a run step started, as results and reports record it (shared by execute/ and host/).

export interface ContainerRecord {
  stepId: string;
  id: string;
  name: string;
  isolation: string;
  /** The engine flags the isolation mode was mapped to, e.g. ["--runtime=runsc"]. */
  flags: string[];
  /** The OCI runtime, when known (Linux). */
  runtime?: string;
  /** Removed by a `remove` step before the end (cleanup leaves it alone). */
  removed?: boolean;
}
