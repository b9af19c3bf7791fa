// Microsoft's version compatibility rules (version-compatibility.md; the 0xc0370101 text there is
// test/fixtures/recorded/windows/real-docker-run-error-os-mismatch-0xc0370101.txt).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainWindowsRunError, imageWindowsBuild, isClientEdition, windowsImageProblem } from '../../src/plan/windows-compat.js';
import { recorded } from '../parse/recorded.js';

test('image builds from Microsoft base image tags; other images are unknown', () => {
  assert.equal(imageWindowsBuild('mcr.microsoft.com/windows/servercore:1809'), 17763);
  assert.equal(imageWindowsBuild('mcr.microsoft.com/windows/nanoserver:ltsc2022'), 20348);
  assert.equal(imageWindowsBuild('mcr.microsoft.com/windows/servercore:ltsc2025-amd64'), 26100);
  assert.equal(imageWindowsBuild('mcr.microsoft.com/windows/servercore:10.0.17763.5206'), 17763);
  assert.equal(imageWindowsBuild('MCR.microsoft.com/windows/server:LTSC2022'), 20348);
  assert.equal(imageWindowsBuild('mcr.microsoft.com/windows/servercore/iis:ltsc2019'), undefined);
  assert.equal(imageWindowsBuild('isocheck/busybox:local'), undefined);
});

test('process isolation: the image build must equal the host\'s; Windows 11 runs Server 2022 images', () => {
  assert.equal(windowsImageProblem('process', 'mcr.microsoft.com/windows/servercore:ltsc2019', 17763, false), undefined);
  assert.match(windowsImageProblem('process', 'mcr.microsoft.com/windows/servercore:1809', 20348, false) ?? '', /build 17763, this host is build 20348 .*0xc0370101.*use the ltsc2022 tag/);
  assert.equal(windowsImageProblem('process', 'mcr.microsoft.com/windows/servercore:ltsc2022', 22631, true), undefined);
  assert.match(windowsImageProblem('process', 'mcr.microsoft.com/windows/servercore:ltsc2022', 22631, false) ?? '', /this host is build 22631/, 'the exception is for client editions');
  assert.match(windowsImageProblem('process', 'mcr.microsoft.com/windows/servercore:ltsc2019', 19045, true) ?? '', /no Microsoft base image is published for build 19045/);
});

test('Hyper-V isolation: older images run, newer ones do not', () => {
  assert.equal(windowsImageProblem('hyperv', 'mcr.microsoft.com/windows/nanoserver:1809', 20348, false), undefined);
  assert.match(windowsImageProblem('hyperv', 'mcr.microsoft.com/windows/nanoserver:ltsc2025', 20348, false) ?? '', /cannot run an image newer than its host/);
});

test('client edition from docker info OperatingSystem', () => {
  assert.equal(isClientEdition('Windows 10 Enterprise Version 1809 (OS Build 17763.107)'), true);
  assert.equal(isClientEdition('Microsoft Windows Server Version 21H2 (OS Build 20348.707)'), false);
  assert.equal(isClientEdition(undefined), false);
});

test('the real docker run errors are explained with cause and remedy; others are not', () => {
  const body = (f: string): string => recorded(`windows/${f}`).split('\n').slice(1).join('\n');
  assert.equal(explainWindowsRunError(body('real-docker-run-error-no-hypervisor-moby27198.txt'))?.code, 'no-hypervisor');
  assert.equal(explainWindowsRunError(body('real-docker-run-error-os-mismatch-0xc0370101.txt'))?.code, 'windows-build-mismatch');
  assert.equal(explainWindowsRunError('docker: Error response from daemon: No such image: x.'), undefined);
});
