// Both packages must also load with require(), as CommonJS consumers (and jest setups) use them.
const assert = require('node:assert/strict');
const { createClient } = require('@forestfn/client');
const { createHandlers, handlers, modelVersion } = require('@forestfn/mock');

assert.equal(typeof createClient, 'function');
assert.equal(typeof createHandlers, 'function');
assert.ok(handlers.length > 0);
assert.match(modelVersion, /^[0-9a-f]{16}$/);
console.log(`require() works: @forestfn/mock serves model ${modelVersion}`);
