import type { Mailer } from '../../adapters/mailer.ts';
import { hashSecret, newId, newSecret } from '../../adapters/ids.ts';
import type { Clock } from '../../adapters/clock.ts';
import type { Store } from '../../db/store.ts';

const copy = {
  en: {
    subject: 'Reset your Casebook password',
    body: (name: string, link: string, minutes: number) =>
      `Hello ${name},\n\nSomeone asked to reset the password of your Casebook account.\nChoose a new password here (the link works once, for ${minutes} minutes):\n\n${link}\n\nIf it was not you, ignore this message: your password stays as it is.`,
  },
  fr: {
    subject: 'Réinitialiser votre mot de passe Casebook',
    body: (name: string, link: string, minutes: number) =>
      `Bonjour ${name},\n\nQuelqu’un a demandé à réinitialiser le mot de passe de votre compte Casebook.\nChoisissez un nouveau mot de passe ici (le lien fonctionne une fois, pendant ${minutes} minutes) :\n\n${link}\n\nSi ce n’était pas vous, ignorez ce message : votre mot de passe reste inchangé.`,
  },
};

/**
 * Issues a reset token and mails its link. Made here, not in the request, so the token never sits
 * in the jobs table; only its hash is stored.
 */
export class PasswordResetMailer {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly deps: { mailer: Mailer; publicUrl: string; ttlMinutes: number },
  ) {}

  async send(userId: string): Promise<void> {
    const { store, clock, deps } = this;
    const user = await store.read.users.findById(userId);
    if (!user || user.deactivated_at != null) return;
    const now = clock.now();
    const token = newSecret();
    await store.read.credentials.insertPasswordReset({
      id: newId(),
      user_id: user.id,
      token_hash: hashSecret(token),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + deps.ttlMinutes * 60_000).toISOString(),
      used_at: null,
    });
    const t = copy[user.locale ?? user.organization_locale];
    const link = `${deps.publicUrl}/reset-password#token=${encodeURIComponent(token)}`;
    await deps.mailer.send({ to: user.email, subject: t.subject, text: t.body(user.name, link, deps.ttlMinutes) });
  }
}
