// A run's id: base-36 time and randomness, short enough for container names and labels. Its own
// module so the CLI can name the run (and its cgroup) before the runner is loaded.
export function newRunId(): string {
  const t = Date.now().toString(36);
  const r = Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, '0');
  return `${t}${r}`;
}
