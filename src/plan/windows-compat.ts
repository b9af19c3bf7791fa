// Microsoft's Windows container compatibility rules, applied before anything runs so a scenario
// that cannot work here is skipped with the reason and the remedy instead of failing at docker run:
// - process isolation: the image's Windows build must equal the host's (0xc0370101 otherwise);
//   the one documented exception is Windows 11 (client build >= 22000) running Server 2022 (20348)
//   images. https://learn.microsoft.com/virtualization/windowscontainers/deploy-containers/version-compatibility
// - Hyper-V isolation: the image may be older than the host, never newer; and it needs a running
//   hypervisor (0xc0351000 "No hypervisor is present on this system" otherwise).
import type { IsolationMode } from '../types.js';

/** Build numbers of the Windows base image tags (mcr.microsoft.com/windows/*). */
const TAG_BUILDS: Record<string, number> = {
  ltsc2016: 14393, '1607': 14393, sac2016: 14393, '1709': 16299, '1803': 17134, ltsc2019: 17763, '1809': 17763,
  '1903': 18362, '1909': 18363, '2004': 19041, '20h2': 19042, ltsc2022: 20348, ltsc2025: 26100,
};
const TAGS_BY_BUILD: Record<number, string> = { 17763: 'ltsc2019', 20348: 'ltsc2022', 26100: 'ltsc2025' };
const WINDOWS_IMAGE = /^(?:mcr\.microsoft\.com\/windows\/(?:servercore|nanoserver|server|windows)|microsoft\/(?:windowsservercore|nanoserver))(?::([^@]+))?(?:@.*)?$/i;

/** The Windows build a Microsoft base image is for, from its tag ("ltsc2019", "1809", "10.0.17763.1234"); undefined when unknown. */
export function imageWindowsBuild(image: string): number | undefined {
  const m = WINDOWS_IMAGE.exec(image.trim());
  if (!m) return undefined;
  const tag = (m[1] ?? 'latest').toLowerCase();
  const full = /^10\.0\.(\d{5})\b/.exec(tag);
  if (full?.[1]) return Number(full[1]);
  return TAG_BUILDS[tag.split('-')[0] ?? ''];
}

/** A client edition of Windows (10/11), from docker info's OperatingSystem. */
export function isClientEdition(operatingSystem: string | undefined): boolean {
  return operatingSystem !== undefined && /\bWindows (?:10|11)\b/i.test(operatingSystem) && !/Server/i.test(operatingSystem);
}

function tagHint(hostBuild: number): string {
  const tag = TAGS_BY_BUILD[hostBuild];
  return tag ? `use the ${tag} tag for this host` : `no Microsoft base image is published for build ${hostBuild}: use hyperv isolation, or a host of build 17763 (Server 2019), 20348 (Server 2022) or 26100 (Server 2025)`;
}

/**
 * Why an image cannot run with this isolation on this Windows host (undefined: it can, or the
 * image's build is unknown and docker run decides).
 */
export function windowsImageProblem(mode: IsolationMode, image: string, hostBuild: number, client: boolean): string | undefined {
  const built = imageWindowsBuild(image);
  if (built === undefined) return undefined;
  if (mode === 'process' && built !== hostBuild && !(client && hostBuild >= 22000 && built === 20348)) {
    return `process isolation needs the image's Windows build to match the host's: ${image} is build ${built}, this host is build ${hostBuild} (docker run would fail with 0xc0370101); ${tagHint(hostBuild)}`;
  }
  if (mode === 'hyperv' && built > hostBuild) {
    return `a Hyper-V isolated container cannot run an image newer than its host: ${image} is build ${built}, this host is build ${hostBuild}; ${tagHint(hostBuild)}`;
  }
  return undefined;
}

export const NO_HYPERVISOR_REMEDY =
  'install Hyper-V and reboot: Windows Server: Install-WindowsFeature -Name Hyper-V -IncludeManagementTools -Restart; Windows 10/11 Pro or Enterprise: Enable-WindowsOptionalFeature -Online -FeatureName Microsoft-Hyper-V -All (in a VM, enable nested virtualization on its host first)';

/** What a known Windows `docker run` error means, with its remedy; undefined for other errors. */
export function explainWindowsRunError(stderr: string): { code: string; message: string } | undefined {
  if (/0xc0351000|No hypervisor is present/i.test(stderr)) {
    return { code: 'no-hypervisor', message: `Hyper-V isolation is not available on this host: docker run failed with 0xc0351000 "No hypervisor is present on this system"; ${NO_HYPERVISOR_REMEDY}` };
  }
  if (/0xc0370101|operating system of the container does not match/i.test(stderr)) {
    return { code: 'windows-build-mismatch', message: 'the image\'s Windows build does not match the host\'s: docker run failed with 0xc0370101 "The operating system of the container does not match the operating system of the host"; with process isolation the image tag must be this host\'s build (ltsc2019 on 17763, ltsc2022 on 20348, ltsc2025 on 26100), or use hyperv isolation' };
  }
  return undefined;
}
