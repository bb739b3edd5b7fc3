/** Thread-safe mode (`DJ_THREAD_SAFE`): global DataJoint state is off, everything goes through the module's Instance. */
'use strict';
process.env.DJ_THREAD_SAFE = 'true';
