// The option-like-value rule: an image that interpolates to something starting with "-" (from
// vars or --var) is refused at validation, as run refuses it before docker is called.
// Samples: small scenarios written here.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HEAD, problemsOf } from '../helpers.js';

const RUN = (image: string, extra = ''): string => `${HEAD}vars:\n  image: busybox\n  empty: ""\nsteps:\n  - id: c\n    kind: run\n    image: "${image}"\n${extra}`;

describe('option-like-value', () => {
  it('an image from --var that starts with "-": error at the image, naming the variable and where it came from', () => {
    const [p, ...rest] = problemsOf(RUN('${image}'), { image: '--privileged' });
    assert.deepEqual(rest, []);
    assert.deepEqual([p?.code, p?.severity, p?.line, p?.col], ['option-like-value', 'error', 9, 12]);
    assert.equal(p?.message, 'image "${image}" becomes "--privileged" (${image} from --var image), which the engine would read as an option; refusing it');
  });

  it('also when the dash comes from the scenario\'s vars, or after an empty variable', () => {
    const [p] = problemsOf(RUN('${empty}${image}'), { image: '-v' });
    assert.equal(p?.code, 'option-like-value');
    assert.match(p?.message ?? '', /becomes "-v" \(\$\{empty\} from vars\.empty, \$\{image\} from --var image\)/);
    assert.equal(problemsOf(RUN('${image}').replace('image: busybox', 'image: "-x"'))[0]?.code, 'option-like-value');
  });

  it('accepts ordinary images, a dash later in the value, and values captured at run time', () => {
    assert.deepEqual(problemsOf(RUN('${image}'), { image: 'busybox:latest' }), []);
    assert.deepEqual(problemsOf(RUN('${image}'), { image: 'my-registry/x-y' }), []);
    const captured = `${HEAD}vars:\n  image: "-x"\nsteps:\n  - kind: command\n    command: [echo, busybox]\n    capture:\n      image: output\n  - kind: run\n    image: "\${image}"\n`;
    assert.deepEqual(problemsOf(captured).filter((p) => p.code === 'option-like-value'), []);
  });
});
