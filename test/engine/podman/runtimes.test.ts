// Podman's runtimes from containers.conf. ISOCHECK_CONF is the drop-in scripts/provision-podman.sh
// wrote on the project VM (/etc/containers/containers.conf.d/isocheck.conf, copied 2026-12-01).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containersConfFiles, localRuntimes, parseContainersConf } from '../../../src/engine/podman/runtimes.js';

const ISOCHECK_CONF = `# Written by isocheck's scripts/provision-podman.sh (rewritten whole when it differs).
[containers]
# Within this host's hard limits: raising above them needs CAP_SYS_RESOURCE, missing here.
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
# Docker's default set, so scenarios behave alike on both engines (NET_RAW: busybox ping).
default_capabilities = [
  "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
  "NET_BIND_SERVICE", "NET_RAW", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
]

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"

[engine.runtimes]
runsc = ["/usr/local/lib/isocheck/runsc-podman"]
`;

void test('the provisioned drop-in registers runsc through the wrapper; other tables are not runtimes', () => {
  assert.deepEqual(parseContainersConf(ISOCHECK_CONF).runtimes, { runsc: ['/usr/local/lib/isocheck/runsc-podman'] });
});

void test('arrays spanning lines, single quotes, comments and a quoted key (containers.conf(5) style)', () => {
  const text = `[engine]
  runtime = "crun" # a key of [engine], not a runtime
  [engine.runtimes]
  crun = [
    "/usr/bin/crun",   # first
    '/usr/local/bin/crun',
  ]
  "kata" = ["/opt/kata/bin/kata-runtime"]
  gvisor = ["/opt/#not-a-comment/runsc"]
[engine.volume_plugins]
  runc = ["/not/a/runtime"]
`;
  assert.deepEqual(parseContainersConf(text).runtimes, {
    crun: ['/usr/bin/crun', '/usr/local/bin/crun'],
    kata: ['/opt/kata/bin/kata-runtime'],
    gvisor: ['/opt/#not-a-comment/runsc'],
  });
});

void test('a later file overrides a runtime of an earlier one; the built-in table fills the rest', () => {
  const files: Record<string, string> = {
    '/usr/share/containers/containers.conf': '[engine.runtimes]\nrunsc = ["/usr/bin/runsc"]\n',
    '/etc/containers/containers.conf.d/isocheck.conf': ISOCHECK_CONF,
  };
  const present = new Set(['/usr/bin/runc', '/usr/bin/runsc', '/usr/local/lib/isocheck/runsc-podman']);
  const r = localRuntimes(Object.keys(files), (p) => present.has(p), (f) => files[f]);
  // As on the project VM: runc (Debian's default) and runsc through the wrapper; no crun installed.
  assert.deepEqual(r, { runc: '/usr/bin/runc', runsc: '/usr/local/lib/isocheck/runsc-podman' });
});

void test('a runtime none of whose paths exists is not registered', () => {
  const r = localRuntimes(['/etc/containers/containers.conf'], () => false, () => '[engine.runtimes]\nrunsc = ["/gone/runsc"]\n');
  assert.deepEqual(r, {});
});

void test('config files in the order Podman reads them; CONTAINERS_CONF replaces them; rootless adds the user\'s', () => {
  const dirs: Record<string, string[]> = { '/etc/containers/containers.conf.d': ['/etc/containers/containers.conf.d/a.conf', '/etc/containers/containers.conf.d/b.conf'] };
  const readDir = (d: string): string[] => dirs[d] ?? [];
  assert.deepEqual(containersConfFiles({}, false, readDir), [
    '/usr/share/containers/containers.conf',
    '/etc/containers/containers.conf',
    '/etc/containers/containers.conf.d/a.conf',
    '/etc/containers/containers.conf.d/b.conf',
  ]);
  assert.deepEqual(containersConfFiles({ CONTAINERS_CONF: '/x.conf' }, false, readDir), ['/x.conf']);
  const user = containersConfFiles({ HOME: '/home/u' }, true, readDir);
  assert.equal(user.at(-1), '/home/u/.config/containers/containers.conf');
});
