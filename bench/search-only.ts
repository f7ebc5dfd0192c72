// npx tsx bench/search-only.ts: the search benchmark alone (also part of npm run bench).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchSearch } from './search.ts';

const cases = Number(process.env.BENCH_SEARCH_CASES ?? 100_000);
const comments = Number(process.env.BENCH_SEARCH_COMMENTS ?? 500_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebook-search-bench-'));
const location = process.env.BENCH_SEARCH_DATABASE_URL ? { kind: 'postgres' as const, url: process.env.BENCH_SEARCH_DATABASE_URL, poolSize: 4 } : { kind: 'sqlite' as const, file: path.join(dir, 'search.sqlite') };
try {
  const r = await benchSearch(location, cases, comments);
  console.log(`${location.kind}: ${cases} cases, ${comments} comments, set-up ${Math.round(r.setupMs / 1000)} s`);
  for (const k of r.results) console.log(`  ${k.kind}: p50 ${k.p50.toFixed(1)} ms, p99 ${k.p99.toFixed(1)} ms (${k.hits.toFixed(1)} results)`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
