import { describe, expect, it } from 'vitest';
import { automatedReason, newPartOfReply } from './automated-mail.ts';

const mail = (headers: Record<string, string>) => ({ headers: new Map(Object.entries(headers)) as never });

describe('automatedReason', () => {
  it('recognises auto-replies, bounces, lists and bulk mail', () => {
    expect(automatedReason(mail({}), '')).toMatch(/null sender/);
    expect(automatedReason(mail({}), 'MAILER-DAEMON@example.com')).toMatch(/mail system/);
    expect(automatedReason(mail({ 'auto-submitted': 'auto-replied' }), 'a@b.test')).toMatch(/Auto-Submitted/);
    expect(automatedReason(mail({ precedence: 'bulk' }), 'a@b.test')).toMatch(/Precedence/);
    expect(automatedReason(mail({ 'x-autoreply': 'yes' }), 'a@b.test')).toBe('X-Autoreply');
    expect(automatedReason(mail({ 'x-auto-response-suppress': 'All' }), 'a@b.test')).toBe('X-Auto-Response-Suppress');
    expect(automatedReason(mail({ 'list-id': '<ops.example.com>' }), 'a@b.test')).toBe('mailing-list mail');
  });

  it('lets a person through', () => {
    expect(automatedReason(mail({ 'auto-submitted': 'no' }), 'a@b.test')).toBeNull();
  });
});

describe('newPartOfReply', () => {
  it('cuts quoted history and the signature', () => {
    const text = 'The fix works.\nThanks!\n\nOn Mon, 30 Nov 2026 at 10:00, Support wrote:\n> Please try hotfix 3.\n';
    expect(newPartOfReply(text)).toBe('The fix works.\nThanks!');
    expect(newPartOfReply('Merci.\n-- \nClaire\nBanque du Léman')).toBe('Merci.');
    expect(newPartOfReply('Oui.\n\nLe lun. 30 nov. 2026 à 10:00, Support a écrit :\n> Bonjour')).toBe('Oui.');
  });
});
