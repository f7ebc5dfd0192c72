import formbody from '@fastify/formbody';
import { page, pageQuery, voiceCall } from '@casebook/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loadTwilio } from '../../adapters/twilio.ts';
import { AppError } from '../../errors.ts';
import { actorOf } from '../../http/request-context.ts';
import { errorResponses } from '../../http/schemas.ts';
import type { VoiceService } from './voice.service.ts';

/** The Twilio parameters the webhook reads; Twilio sends many more, all covered by the signature. */
const voiceParams = z.looseObject({
  CallSid: z.string().min(1).max(64),
  From: z.string().max(64).optional(),
  To: z.string().max(64).optional(),
  Digits: z.string().max(64).optional(),
  CallStatus: z.string().max(32).optional(),
});

/**
 * Twilio's voice webhook. Every request must carry a valid `X-Twilio-Signature`: an HMAC-SHA1,
 * with the account's auth token, of the full URL Twilio called (our configured public URL, never
 * the Host header, which the caller chooses) followed by the sorted form parameters. The check
 * runs before validation and before anything is recorded; without a configured token every
 * request is refused.
 */
export function voiceRoutes(app: FastifyInstance, deps: { voice: VoiceService; authToken: string | null; publicUrl: string }) {
  const tags = ['phone'];
  const verify = async (req: FastifyRequest) => {
    const signature = req.headers['x-twilio-signature'];
    const params = (req.body ?? {}) as Record<string, string>;
    if (!deps.authToken || typeof signature !== 'string') throw new AppError('forbidden');
    const twilio = await loadTwilio();
    if (!twilio.validateRequest(deps.authToken, signature, deps.publicUrl + req.url, params)) throw new AppError('forbidden');
  };

  app.register(async (scope) => {
    await scope.register(formbody);
    scope.addHook('preValidation', verify);
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const twiml = { 200: z.string().describe('TwiML'), ...errorResponses };
    const voice = { public: true } as const;

    r.post(
      '/api/v1/voice/incoming',
      { config: voice, schema: { tags, summary: 'Twilio voice webhook: a new call; answers TwiML greeting the caller and asking for the contract number (signed by Twilio)', consumes: ['application/x-www-form-urlencoded'], body: voiceParams, response: twiml } },
      async (req, reply) => reply.type('text/xml').serializer((x) => x as string).send(await deps.voice.incoming(req.body)),
    );
    r.post(
      '/api/v1/voice/gather',
      {
        config: voice,
        schema: {
          tags,
          summary: 'Twilio voice webhook: the keypad answer (contract number, then priority 1 production down … 4 question); answers TwiML, finally <Dial> per the routing (signed by Twilio)',
          consumes: ['application/x-www-form-urlencoded'],
          querystring: z.object({ step: z.enum(['contract', 'priority']) }),
          body: voiceParams,
          response: twiml,
        },
      },
      async (req, reply) => reply.type('text/xml').serializer((x) => x as string).send(await deps.voice.gather(req.query.step, req.body)),
    );
    r.post(
      '/api/v1/voice/status',
      { config: voice, schema: { tags, summary: 'Twilio status callback: tracks calls in progress (for overflow) and completed (signed by Twilio)', consumes: ['application/x-www-form-urlencoded'], body: voiceParams, response: { 204: z.null(), ...errorResponses } } },
      async (req, reply) => {
        await deps.voice.status(req.body);
        return reply.status(204).send(null);
      },
    );
  });

  app
    .withTypeProvider<ZodTypeProvider>()
    .get('/api/v1/voice/calls', { schema: { tags, summary: 'Every call the voice webhook answered, newest first: caller, number called, organisation, decision and reason (staff)', querystring: pageQuery, response: { 200: page(voiceCall), ...errorResponses } } }, async (req) =>
      deps.voice.log(actorOf(req), req.query),
    );
}
