// npm run build -w @casebook/collector: one self-contained file, dist/casebook-collect.mjs, that runs
// with plain `node` and no node_modules. This is the file the marketplace offers.
import process from 'node:process';
import { build } from 'esbuild';
import path from 'node:path';

const here = import.meta.dirname;
await build({
  entryPoints: [path.join(here, 'src/main.ts')],
  outfile: process.argv[2] ? path.resolve(process.argv[2]) : path.join(here, 'dist/casebook-collect.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'linked',
  // Some bundled CommonJS code calls require(): give the ESM file one.
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
