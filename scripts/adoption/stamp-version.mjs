// Gives the current tree's packed packages a version above the previous release's, for the
// upgrade test (scripts/test-adoption.sh). Between releases the tree keeps the last release's
// version (changesets bumps it only when the next release is cut), and a registry takes one
// version once; so when the tarballs' version is not above the previous release's, they become
// `<previous with patch + 1>-next.<suffix>`, and their ranges on each other follow.
//
//   node scripts/adoption/stamp-version.mjs <tarballs dir> <previous version> <suffix>
//
// Prints the version the tarballs have afterwards.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [dir, previous, suffix] = process.argv.slice(2);
if (!dir || !/^\d+\.\d+\.\d+$/.test(previous ?? '') || !suffix) {
  console.error(
    'usage: node scripts/adoption/stamp-version.mjs <tarballs dir> <previous x.y.z> <suffix>',
  );
  process.exit(2);
}

/** a > b for x.y.z[-pre] versions; a prerelease is below its x.y.z. */
function above(a, b) {
  const parse = v => {
    const [core, pre] = v.split('-');
    return { nums: core.split('.').map(Number), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    if (x.nums[i] !== y.nums[i]) return x.nums[i] > y.nums[i];
  }
  if (!x.pre || !y.pre) return !x.pre && !!y.pre;
  return x.pre > y.pre;
}

const tarballs = fs
  .readdirSync(dir)
  .filter(f => f.endsWith('.tgz'))
  .map(f => path.join(dir, f));
const manifest = tgz =>
  JSON.parse(
    execFileSync('tar', ['-xzOf', tgz, 'package/package.json'], {
      encoding: 'utf8',
    }),
  );
const versions = new Set(tarballs.map(t => manifest(t).version));
if (versions.size !== 1) {
  console.error(`the packages do not share one version: ${[...versions]}`);
  process.exit(1);
}
const [current] = versions;
if (above(current, previous)) {
  console.log(current);
  process.exit(0);
}

const [major, minor, patch] = previous.split('.').map(Number);
const next = `${major}.${minor}.${patch + 1}-next.${suffix}`;
const names = new Set(tarballs.map(t => manifest(t).name));
for (const tgz of tarballs) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'adp-stamp-'));
  try {
    execFileSync('tar', ['-xzf', tgz, '-C', work]);
    const file = path.join(work, 'package/package.json');
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
    pkg.version = next;
    for (const field of [
      'dependencies',
      'peerDependencies',
      'optionalDependencies',
    ]) {
      for (const dep of Object.keys(pkg[field] ?? {})) {
        // A caret range on a prerelease admits only that x.y.z's prereleases and above.
        if (names.has(dep)) pkg[field][dep] = `^${next}`;
      }
    }
    fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
    execFileSync('tar', ['-czf', tgz, '-C', work, 'package']);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
console.log(next);
