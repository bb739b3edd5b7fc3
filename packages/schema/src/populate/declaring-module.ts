/**
 * The module file each table class was declared in, recorded by `@schema.table`. A
 * populate worker thread (`populate({ processes })`) loads that file again to get the
 * class, since `make()` is code of the user's module and cannot be sent to a thread.
 */
import { dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This package's own code (`src/` under ts-jest, `dist/` when built): not a user's module. */
const OWN_CODE = dirname(__dirname) + sep;
const NODE_MODULES = `${sep}node_modules${sep}`;

const fileOfClass = new WeakMap<object, string>();
/** Classes by module file, weakly held: a file may declare classes that are later dropped. */
const classesOfFile = new Map<string, Array<WeakRef<object>>>();

/**
 * The file of the code calling into this package: the first stack frame outside it and
 * outside `node_modules` (decorator helpers such as tslib's or reflect-metadata's).
 * Frames are read as V8 gives them, before any source map, so a compiled module is named
 * by its `.js` file, which is what a worker can load.
 */
function callerFile(): string | undefined {
  const { prepareStackTrace, stackTraceLimit } = Error;
  try {
    Error.stackTraceLimit = 50;
    Error.prepareStackTrace = (_error, sites) => sites;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, callerFile);
    for (const site of holder.stack as NodeJS.CallSite[]) {
      const file = site.getFileName();
      if (!file || file.startsWith('node:') || file.startsWith(OWN_CODE) || file.includes(NODE_MODULES)) continue;
      return file.startsWith('file:') ? fileURLToPath(file) : file;
    }
    return undefined;
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** Records the module declaring `cls`, read from the call stack of its decoration. */
export function recordDeclaringModule(cls: object): void {
  const file = callerFile();
  if (file === undefined) return;
  fileOfClass.set(cls, file);
  const classes = (classesOfFile.get(file) ?? []).filter((ref) => ref.deref() !== undefined);
  classes.push(new WeakRef(cls));
  classesOfFile.set(file, classes);
}

/**
 * The class a user declared that `cls` is or stands for (a tenant's copy stands for its
 * template), and the module that declared it; `undefined` when no module was recorded
 * (classes made by `spawnTables()`, or declared from inside `node_modules`).
 */
export function declaringModuleOf(cls: object): { declared: object; file: string } | undefined {
  for (let current: object | null = cls; current !== null && current !== Function.prototype; current = Object.getPrototypeOf(current) as object | null) {
    const file = fileOfClass.get(current);
    if (file !== undefined) return { declared: current, file };
  }
  return undefined;
}

/**
 * The recorded classes named `name`: those declared in `file` if any (a worker loads the
 * file the caller's class came from), else those of every file (the module given as
 * `workerModule` may import the declaring one).
 */
export function classesNamed(name: string, file: string): object[] {
  const named = (refs: Array<WeakRef<object>>) =>
    refs.map((ref) => ref.deref()).filter((cls): cls is object => cls !== undefined && (cls as { name?: unknown }).name === name);
  const own = named(classesOfFile.get(file) ?? []);
  return own.length > 0 ? own : named([...classesOfFile.values()].flat());
}
