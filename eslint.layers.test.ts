// The layering rules of eslint.config.js, proved on planted violations: each would pass a plain
// lint, and each must fail ours.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: import.meta.dirname });

async function errors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message);
}

describe('layering rules', () => {
  it('refuses Fastify, Kysely and http/ in a service', async () => {
    expect(await errors('apps/server/src/modules/cases/planted.service.ts', "import Fastify from 'fastify';\nexport const app = Fastify;\n")).toContain('no-restricted-imports');
    expect(await errors('apps/server/src/modules/cases/planted.service.ts', "import { sql } from 'kysely';\nexport const q = sql;\n")).toContain('no-restricted-imports');
    expect(await errors('apps/server/src/modules/cases/planted.policy.ts', "import { actorOf } from '../../http/request-context.ts';\nexport const a = actorOf;\n")).toContain('no-restricted-imports');
  });

  it('lets repositories write SQL but not reach into http/, and keeps db/ from http/', async () => {
    expect(await errors('apps/server/src/modules/cases/planted.repository.ts', "import { sql } from 'kysely';\nexport const q = sql;\n")).toEqual([]);
    expect(await errors('apps/server/src/modules/cases/planted.repository.ts', "import { errorResponses } from '../../http/schemas.ts';\nexport const e = errorResponses;\n")).toContain('no-restricted-imports');
    expect(await errors('apps/server/src/db/planted.ts', "import { ctxOf } from '../http/request-context.ts';\nexport const c = ctxOf;\n")).toContain('no-restricted-imports');
  });

  it('lets routes use Fastify and http/', async () => {
    expect(await errors('apps/server/src/modules/cases/planted.routes.ts', "import type { FastifyInstance } from 'fastify';\nimport { ctxOf } from '../../http/request-context.ts';\nexport const f = (a: FastifyInstance) => [a, ctxOf];\n")).toEqual([]);
  });

  it("keeps web feature folders out of each other's pages", async () => {
    expect(await errors('apps/web/src/portal/planted.tsx', "import { Queues } from '../console/queues.tsx';\nexport const q = Queues;\n")).toContain('no-restricted-imports');
    expect(await errors('apps/web/src/portal/planted.tsx', "import { Loading } from '../ui/states.tsx';\nexport const l = Loading;\n")).toEqual([]);
  });

  it('keeps the collector away from the server: it shares only packages/contracts', async () => {
    expect(await errors('apps/collector/src/planted.ts', "import { AppError } from '../../server/src/errors.ts';\nexport const e = AppError;\n")).toContain('no-restricted-imports');
    expect(await errors('apps/collector/src/planted.ts', "import { buildApp } from '@casebook/server';\nexport const b = buildApp;\n")).toContain('no-restricted-imports');
    expect(await errors('apps/collector/src/planted.ts', "import { errorCodes } from '@casebook/contracts';\nexport const c = errorCodes;\n")).toEqual([]);
  });
});
