// ajv-cli custom module (-c) for the bench's validate row: ajv-cli has no --discriminator flag, so
// this turns on what isocheck's build-schema-check.mjs passes as `discriminator: true`.
const discriminator = require('ajv/dist/vocabularies/discriminator').default;

module.exports = (ajv) => {
  ajv.opts.discriminator = true;
  ajv.addKeyword(discriminator);
};
