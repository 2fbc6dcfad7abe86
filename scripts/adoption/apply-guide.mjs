// Applies docs/install.md to an app, mechanically: every code block that follows an
// `<!-- adoption: ... -->` marker, in the guide's order. Nothing here knows what the guide says.
//
//   node scripts/adoption/apply-guide.mjs <guide.md> <app dir> [<marker name>]
//
// The marker name defaults to `adoption`; `adoption-upgrade` applies the "Upgrading" blocks,
// which the upgrade test runs after installing the previous release.
//
// Markers:
//   run                          run the bash block in the app's root
//   yaml <file>                  merge the YAML block into <file> (maps merge, other values replace)
//   json <file>                  merge the JSON block into <file> (likewise)
//   insert <file> before "<line>"  insert the block before the line that reads <line>
//   remove <file>                remove the block's lines from <file>, where they appear together
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const YAML = require('yaml');

const [guidePath, appDir, markerName = 'adoption'] = process.argv.slice(2);
if (!guidePath || !appDir || !/^[a-z-]+$/.test(markerName)) {
  console.error(
    'usage: node scripts/adoption/apply-guide.mjs <guide.md> <app dir> [<marker name>]',
  );
  process.exit(2);
}

/** The marked blocks: { marker, code }, the code without the block's indentation. */
function markedBlocks(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = lines[i].match(
      new RegExp(`^\\s*<!-- ${markerName}: (.+?) -->\\s*$`),
    )?.[1];
    if (!marker) continue;
    let start = i + 1;
    while (lines[start]?.trim() === '') start++;
    const open = lines[start]?.match(/^(\s*)```/);
    if (!open)
      throw new Error(
        `line ${i + 1}: the adoption marker is not followed by a code block`,
      );
    const indent = open[1].length;
    const code = [];
    let j = start + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j]); j++)
      code.push(lines[j].slice(indent));
    if (j === lines.length)
      throw new Error(`line ${i + 2}: the code block is not closed`);
    blocks.push({ line: i + 1, marker, code: code.join('\n') });
    i = j;
  }
  return blocks;
}

const isMap = v => v && typeof v === 'object' && !Array.isArray(v);

function mergeYaml(file, code) {
  const doc = YAML.parseDocument(
    fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '',
  );
  const walk = (value, at) => {
    const existing = doc.getIn(at);
    if (isMap(value) && YAML.isMap(existing)) {
      for (const [k, v] of Object.entries(value)) walk(v, [...at, k]);
    } else {
      doc.setIn(at, doc.createNode(value));
    }
  };
  for (const [k, v] of Object.entries(YAML.parse(code))) walk(v, [k]);
  fs.writeFileSync(file, String(doc));
}

function mergeJson(file, code) {
  const merge = (target, value) => {
    for (const [k, v] of Object.entries(value)) {
      target[k] = isMap(v) && isMap(target[k]) ? merge(target[k], v) : v;
    }
    return target;
  };
  const json = merge(
    JSON.parse(fs.readFileSync(file, 'utf8')),
    JSON.parse(code),
  );
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
}

function insertBefore(file, anchor, code) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const at = lines.findIndex(l => l.trim() === anchor);
  if (at < 0) throw new Error(`${file} has no line "${anchor}"`);
  lines.splice(at, 0, ...code.split('\n'), '');
  fs.writeFileSync(file, lines.join('\n'));
}

function remove(file, code) {
  const text = fs.readFileSync(file, 'utf8');
  const block = `${code}\n`;
  if (!text.includes(block))
    throw new Error(`${file} does not contain:\n${code}`);
  fs.writeFileSync(file, text.replace(block, ''));
}

const blocks = markedBlocks(fs.readFileSync(guidePath, 'utf8'));
if (blocks.length === 0)
  throw new Error(`${guidePath} has no ${markerName} markers`);
for (const { line, marker, code } of blocks) {
  const [, action, rest = ''] = marker.match(/^(\S+)\s*(.*)$/);
  const [file] = rest.split(/\s+/);
  const target = file && path.join(appDir, file);
  console.log(`--- ${path.basename(guidePath)}:${line}: ${marker}`);
  switch (action) {
    case 'run':
      execFileSync('bash', ['-euo', 'pipefail', '-c', code], {
        cwd: appDir,
        stdio: 'inherit',
      });
      break;
    case 'yaml':
      mergeYaml(target, code);
      break;
    case 'json':
      mergeJson(target, code);
      break;
    case 'insert': {
      const anchor = rest.match(/before "(.*)"$/)?.[1];
      if (!anchor)
        throw new Error(`line ${line}: insert needs before "<line>"`);
      insertBefore(target, anchor, code);
      break;
    }
    case 'remove':
      remove(target, code);
      break;
    default:
      throw new Error(`line ${line}: unknown adoption action ${action}`);
  }
}
console.log(`Applied ${blocks.length} blocks of ${guidePath}.`);
