import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cgroupNamesContainer, containerIdFromCgroup } from '../../src/parse/cgroup.js';
import { recorded } from './recorded.js';

const RUNC = '298855edde54628e8d29c749dfd235c5ba0bec9f2a3d1d7cfef98eaf08fa67c6';
const RUNSC = '38d48411af21cb7ebac3e1a04c304740cd96340d7fafdd639bd13f278e3d0f78';
const ID = 'ae836c95b4c3c9e9179e0e91015512da89fdec91612f63cebae57df9a5444c79'; // the long id in Docker's runmetrics docs
const OUTER = '4426af4f45ae09720a1e50f220d19db5b71cfe897480d860f0bc761d7f4be69d';

void test('cgroup v1, cgroupfs driver (recorded on this machine: runc ping and runsc-sandbox)', () => {
  assert.equal(containerIdFromCgroup(recorded('linux/proc/7766/cgroup')), RUNC);
  assert.equal(containerIdFromCgroup(recorded('linux/proc/7830/cgroup')), RUNSC);
  assert.equal(cgroupNamesContainer(recorded('linux/proc/7766/cgroup'), RUNC), true);
  assert.equal(cgroupNamesContainer(recorded('linux/proc/7766/cgroup'), RUNSC), false);
});

void test('a host process and a kernel thread name no container (recorded: kthreadd)', () => {
  assert.equal(containerIdFromCgroup(recorded('linux/proc/2/cgroup')), undefined);
  assert.equal(containerIdFromCgroup('0::/\n'), undefined, 'private cgroup namespace');
  assert.equal(containerIdFromCgroup('0::/system.slice/sshd.service\n'), undefined);
});

void test('v1 systemd driver and v2 both drivers (paths from docker/docs runmetrics.md "Find the cgroup for a given container")', () => {
  assert.equal(containerIdFromCgroup(`4:memory:/system.slice/docker-${ID}.scope\n`), ID);
  assert.equal(containerIdFromCgroup(`0::/docker/${ID}\n`), ID);
  assert.equal(containerIdFromCgroup(`0::/system.slice/docker-${ID}.scope\n`), ID);
});

void test('containerd CRI and kubepods (forms from Elastic add_kubernetes_metadata docs and CJLove/rt-operator notes)', () => {
  assert.equal(containerIdFromCgroup(`0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod123.slice/cri-containerd-${ID}.scope\n`), ID);
  assert.equal(containerIdFromCgroup(`12:pids:/kubepods/burstable/pod5f1e0c2a-1b7d-4f9e-9c1a-2b3c4d5e6f70/${ID}\n`), ID);
  // constructed: a podman (libpod) scope with a sub-cgroup below it
  assert.equal(containerIdFromCgroup(`0::/machine.slice/libpod-${ID}.scope/container\n`), ID);
});

void test('nested docker-in-docker (constructed: the v1 form twice): the innermost id, and both are named', () => {
  const text = `9:pids:/docker/${OUTER}/docker/${ID}\n0::/docker/${OUTER}/docker/${ID}\n`;
  assert.equal(containerIdFromCgroup(text), ID);
  assert.equal(cgroupNamesContainer(text, OUTER), true);
  assert.equal(cgroupNamesContainer(text, ID), true);
});

void test('ids must be whole path components of 64 hex characters', () => {
  assert.equal(containerIdFromCgroup(`0::/docker/${ID.slice(0, 48)}\n`), undefined);
  assert.equal(containerIdFromCgroup(`0::/docker/${ID}x\n`), undefined);
  assert.equal(cgroupNamesContainer(recorded('linux/proc/7766/cgroup'), RUNC.slice(0, 12)), false, 'short ids are not matched');
  assert.equal(cgroupNamesContainer(recorded('linux/proc/7766/cgroup'), RUNSC), false);
});
