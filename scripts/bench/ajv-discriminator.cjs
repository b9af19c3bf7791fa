// ajv-cli custom module (-c) for the bench's validate row: ajv-cli has no --discriminator flag, so
// this turns on what isocheck's build-schema-check.mjs passes as `discriminator: true`.
/* global require, module */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- ajv-cli loads this with require()
const discriminator = require('ajv/dist/vocabularies/discriminator').default;

module.exports = (ajv) => {
  ajv.opts.discriminator = true;
  ajv.addKeyword(discriminator);
};
