// A masking thread run from the sources (npx casebook-collect, tests, bench): TypeScript through tsx.
// The one-file build needs no such step: it starts itself as the thread (workers.ts).
import { register } from 'tsx/esm/api';

register();
const { runMaskWorker } = await import('./workers.ts');
runMaskWorker();
