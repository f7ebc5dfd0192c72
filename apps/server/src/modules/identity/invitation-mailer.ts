import type { Mailer } from '../../adapters/mailer.ts';
import { hashSecret, newId, newSecret } from '../../adapters/ids.ts';
import type { Clock } from '../../adapters/clock.ts';
import type { Store } from '../../db/store.ts';

const copy = {
  en: {
    subject: 'You are invited to Casebook',
    body: (name: string, link: string, hours: number) =>
      `Hello ${name},\n\nAn account has been created for you on Casebook, the support portal.\nChoose your password here (the link works once, for ${hours} hours):\n\n${link}\n\nIf you did not expect this, you can ignore this message.`,
  },
  fr: {
    subject: 'Votre invitation à Casebook',
    body: (name: string, link: string, hours: number) =>
      `Bonjour ${name},\n\nUn compte a été créé pour vous sur Casebook, le portail du support.\nChoisissez votre mot de passe ici (le lien fonctionne une fois, pendant ${hours} heures) :\n\n${link}\n\nSi vous n’attendiez pas ce message, vous pouvez l’ignorer.`,
  },
};

/**
 * Issues a fresh invitation token and mails it. The token is made here, not when the user is
 * created, so it never sits in the jobs table; a retry issues another, and each expires on its own.
 */
export class InvitationMailer {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly deps: { mailer: Mailer; publicUrl: string; ttlHours: number },
  ) {}

  async send(userId: string): Promise<void> {
    const { store, clock, deps } = this;
    const user = await store.read.users.findById(userId);
    if (!user || user.password_hash != null || user.deactivated_at != null) return; // nothing left to invite
    const now = clock.now();
    const token = newSecret();
    await store.read.credentials.insertInvitation({
      id: newId(),
      user_id: user.id,
      token_hash: hashSecret(token),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + deps.ttlHours * 3_600_000).toISOString(),
      accepted_at: null,
    });
    const t = copy[user.locale ?? user.organization_locale];
    const link = `${deps.publicUrl}/accept-invitation#token=${encodeURIComponent(token)}`;
    await deps.mailer.send({ to: user.email, subject: t.subject, text: t.body(user.name, link, deps.ttlHours) });
  }
}
