// What the Windows host can run, asked before anything runs (so `run`, `plan` and `doctor` skip
// with the reason instead of failing at docker run). One FIXED PowerShell script, no scenario value
// in it, no elevation needed, Windows PowerShell 5.1 compatible, on client and server editions:
// - Win32_ComputerSystem.HypervisorPresent: a hypervisor is running (Hyper-V isolation needs one;
//   without it docker run fails with 0xc0351000). Get-WindowsFeature exists only on Server and
//   Get-WindowsOptionalFeature needs elevation, so neither is used.
// - Win32_OperatingSystem.ProductType (1 workstation, 2 domain controller, 3 server) and BuildNumber.
// - Get-Service vmcompute (Host Compute Service: the Containers feature) and vmms (Hyper-V VM
//   management: the Hyper-V role), which any user can read.
// Only scalars are serialised (5.1 wraps some arrays as {value, Count}).
import type { Spawn } from '../model/spawn.js';
import { commandNotFound } from '../model/command-not-found.js';

export interface WindowsHostFeatures {
  hypervisorPresent: boolean;
  /** 1 workstation (client editions), 2 domain controller, 3 server. */
  productType?: number;
  build?: number;
  containersService: boolean;
  hypervService: boolean;
}

export const WINDOWS_FEATURES_SCRIPT = [
  String.raw`$ProgressPreference = 'SilentlyContinue';`,
  String.raw`$cs = Get-CimInstance -ClassName Win32_ComputerSystem -ErrorAction SilentlyContinue;`,
  String.raw`$os = Get-CimInstance -ClassName Win32_OperatingSystem -ErrorAction SilentlyContinue;`,
  // A failed CIM query leaves HypervisorPresent null (unknown), never false (which would skip).
  String.raw`$hp = $null; if ($null -ne $cs) { $hp = [bool]$cs.HypervisorPresent };`,
  String.raw`$o = [pscustomobject]@{ HypervisorPresent = $hp; ProductType = [int]$os.ProductType; BuildNumber = [string]$os.BuildNumber;`,
  String.raw`Vmcompute = [bool](Get-Service -Name vmcompute -ErrorAction SilentlyContinue); Vmms = [bool](Get-Service -Name vmms -ErrorAction SilentlyContinue) };`,
  String.raw`[Console]::Out.Write((ConvertTo-Json -Compress -InputObject $o))`,
].join(' ');

export function windowsFeaturesArgv(shell: 'powershell.exe' | 'pwsh' = 'powershell.exe'): string[] {
  return [shell, '-NoLogo', '-NoProfile', '-NonInteractive', '-Command', WINDOWS_FEATURES_SCRIPT];
}

/** Parse the script's JSON; undefined when it is not that object (then nothing is assumed). */
export function parseWindowsFeatures(text: string): WindowsHostFeatures | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text.replace(/^\uFEFF/, '').trim());
  } catch {
    return undefined;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.HypervisorPresent !== 'boolean') return undefined;
  const build = Number(o.BuildNumber);
  const pt = Number(o.ProductType);
  return {
    hypervisorPresent: o.HypervisorPresent,
    ...(Number.isInteger(pt) && pt > 0 ? { productType: pt } : {}),
    ...(Number.isInteger(build) && build > 0 ? { build } : {}),
    containersService: o.Vmcompute === true,
    hypervService: o.Vmms === true,
  };
}

/**
 * Ask the host (powershell.exe, else pwsh). Returns the features, or why they are unknown (no
 * PowerShell, timeout, unexpected output): unknown features never skip anything.
 */
export async function probeWindowsFeatures(spawn: Spawn, timeoutMs = 20_000): Promise<WindowsHostFeatures | { unknown: string }> {
  let r = await spawn({ argv: windowsFeaturesArgv('powershell.exe'), timeoutMs });
  if (commandNotFound(r, 'win32')) r = await spawn({ argv: windowsFeaturesArgv('pwsh'), timeoutMs });
  if (commandNotFound(r, 'win32')) return { unknown: 'no PowerShell (powershell.exe or pwsh) was found' };
  if (r.timedOut) return { unknown: `the PowerShell feature query did not answer within ${timeoutMs / 1000}s` };
  return parseWindowsFeatures(r.stdout) ?? { unknown: `the PowerShell feature query answered ${JSON.stringify(r.stdout.slice(0, 120))}${r.stderr.trim() ? ` (${r.stderr.trim().split('\n')[0] ?? ''})` : ''}` };
}
