// Adds lockfile entries for platform-specific optional packages that the registry mirror
// this project is developed against does not serve (it only has the Linux builds of
// unrs-resolver's native bindings, a dependency of jest). Without an entry for every
// optional dependency, `npm ci` refuses the lockfile. The added entries carry os/cpu/libc
// constraints, so npm skips them on every machine they do not match, as it would anyway.
//
//   node scripts/complete-lockfile.mjs   # after regenerating package-lock.json
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
const pattern = /^@unrs\/resolver-binding-(android|darwin|freebsd|linux|openharmony|win32)-(arm64|arm|x64|ia32|loong64|ppc64|riscv64|s390x)(?:-(\w+))?$/;

let added = 0;
for (const entry of Object.values(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    const match = pattern.exec(name);
    if (packages[key] || !match) continue;
    const [, os, cpu, abi] = match;
    const stub = { version, cpu: [cpu], os: [os], optional: true };
    if (abi === 'gnu' || abi === 'gnueabihf') stub.libc = ['glibc'];
    if (abi === 'musl' || abi === 'musleabihf') stub.libc = ['musl'];
    packages[key] = stub;
    added += 1;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added} lockfile entr${added === 1 ? 'y' : 'ies'}`);
