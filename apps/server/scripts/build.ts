// Compiles the server to one ES module, dist/main.mjs, so production starts plain JavaScript with no
// TypeScript loader. The workspace packages (@casebook/*) ship TypeScript sources and are bundled in;
// every other dependency stays an import resolved from node_modules at run time (native addons and
// packages that read their own files must not be bundled).
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
interface Manifest {
  dependencies?: Record<string, string>;
}
const workspaces = (pkg: Manifest) => Object.keys({ ...pkg.dependencies }).filter((name) => !name.startsWith('@casebook/'));
const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
const server = read(`${root}/package.json`);
const packages = fs.readdirSync(`${root}/../../packages`).map((dir) => read(`${root}/../../packages/${dir}/package.json`));
const external = [...new Set([...workspaces(server), ...packages.flatMap(workspaces)])].flatMap((name) => [name, `${name}/*`]);

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
  sourcemap: true,
  external,
  logLevel: 'warning',
  metafile: true,
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(`server built: apps/server/dist (${(bytes / 1024).toFixed(0)} KiB)`);
