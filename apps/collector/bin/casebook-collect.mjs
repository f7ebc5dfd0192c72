#!/usr/bin/env node
// `npx casebook-collect` from the repository: runs the TypeScript sources through tsx.
// The built single file (npm run build -w @casebook/collector) needs neither: dist/casebook-collect.mjs.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
