// Compiles the server to ES modules in dist/ (main.mjs and its chunks), so production starts plain
// JavaScript with no TypeScript loader. The workspace packages and the pure-JavaScript dependencies
// are bundled in: resolving and reading some 1,300 files from node_modules at every start cost more
// than half a second (cold start to /healthz 1.58 s unbundled, 0.89 s bundled; `npm run bench`).
// What stays an import resolved from node_modules at run time is listed in `external` with why.
import { decode, encode } from '@jridgewell/sourcemap-codec';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';

const root = fileURLToPath(new URL('..', import.meta.url));
const external = [
  // Native addons: their .node binaries are found next to their own files.
  'better-sqlite3',
  '@node-rs/argon2',
  // Read files of their own package at run time: pino's transports start worker threads from their
  // own paths (pino-pretty among them); swagger-ui serves its static assets from its directory.
  'pino',
  'pino-pretty',
  '@fastify/swagger-ui',
  // Large and loaded only when used, by a dynamic import(): the S3 client, Twilio, the mail parser
  // and mail authentication. Node's own loader gives a CommonJS package's named exports to
  // import(); a bundled CommonJS chunk would give only its default.
  '@aws-sdk/client-s3',
  '@aws-sdk/lib-storage',
  'twilio',
  'mailparser',
  'mailauth',
].flatMap((name) => [name, `${name}/*`]);

// A fresh directory: chunk names change with their content, and old ones would pile up.
fs.rmSync(`${root}/dist`, { recursive: true, force: true });
const result = await build({
  entryPoints: { main: `${root}/src/main.ts`, demo: `${root}/src/tools/demo.ts` },
  outdir: `${root}/dist`,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Maps without the sources' text: stack traces still name the file and line (see below).
  sourcemap: true,
  sourcesContent: false,
  external,
  logLevel: 'warning',
  metafile: true,
  // CommonJS dependencies bundled into ES modules still call require(), for Node's own modules.
  banner: { js: "import { createRequire as __casebookCreateRequire } from 'node:module'; const require = __casebookCreateRequire(import.meta.url);" },
});
// The maps keep the positions of Casebook's own code only. Node parses every map at start under
// --enable-source-maps and keeps it: with the dependencies' positions too that was 44 MB of heap
// for stack-trace frames inside libraries, which name their package and function anyway.
for (const file of Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.map'))) {
  const map = JSON.parse(fs.readFileSync(file, 'utf8')) as { sources: string[]; mappings: string };
  const ours = map.sources.map((source) => !source.includes('node_modules/'));
  map.mappings = encode(decode(map.mappings).map((line) => line.filter((segment) => segment.length === 1 || ours[segment[1]!])));
  fs.writeFileSync(file, JSON.stringify(map));
}
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
const bundled = Object.keys(result.metafile.inputs).filter((file) => file.includes('node_modules/')).length;
console.log(`server built: apps/server/dist (${(bytes / 1024).toFixed(0)} KiB, ${bundled} files of dependencies bundled in)`);
