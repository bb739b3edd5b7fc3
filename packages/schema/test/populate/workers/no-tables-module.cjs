/** A module declaring no table class, given as `workerModule` to show the refusal. */
'use strict';
module.exports = {};
