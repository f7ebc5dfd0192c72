import { sanitizeHtmlFragment } from '../../adapters/markdown.ts';
import type { Repositories } from '../../db/store.ts';
import { conversationKinds, mailTexts, notificationText, type NotificationData, type Reader } from './notification.texts.ts';

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface NotificationMailContent {
  subject: string;
  /** The message itself, before the footer: plain text and HTML. */
  text: string;
  html: string;
}

/**
 * What a notification's email says, in the reader's language. Mail about the conversation carries
 * the case's own subject (`[CB-000123] <case subject>`); mail about a reply carries the reply
 * itself (its text, its HTML put through the allow-list again, the names of its files) and the
 * status the case took with it, so a customer who works by email can read the answer there.
 * Null when the mail must not go: the reply is an internal note and the reader is not vendor staff.
 */
export async function notificationMailContent(
  repos: Repositories,
  n: { kind: string; data: NotificationData },
  reader: Reader & { isStaff: boolean },
): Promise<NotificationMailContent | null> {
  const { kind, data } = n;
  const { locale } = reader;
  const sentence = notificationText(kind, data, reader);
  const subject = (data.caseNumber ? `[${data.caseNumber}] ${conversationKinds.has(kind) ? data.subject : sentence}` : sentence).slice(0, 200);
  const comment = data.commentId ? await repos.cases.findComment(data.commentId) : undefined;
  if (comment?.visibility === 'internal' && !reader.isStaff) return null;
  if (!comment) return { subject, text: sentence, html: `<p>${escapeHtml(sentence)}</p>` };

  const t = mailTexts[locale];
  const files = (await repos.cases.commentAttachments(comment.id)).filter((a) => reader.isStaff || a.visibility === 'public').map((a) => a.filename);
  const wrote = t.wrote(comment.author_label, data.caseNumber);
  const filesLine = `${t.attachments} (${t.attachmentsHint}):`;
  const after = data.status ? t.afterReply(data.status) : null;
  const text = [wrote, comment.body, ...(files.length ? [`${filesLine}\n${files.map((f) => `- ${f}`).join('\n')}`] : []), ...(after ? [after] : [])].join('\n\n');
  const html = [
    `<p>${escapeHtml(wrote)}</p>`,
    `<div class="reply">${sanitizeHtmlFragment(comment.body_html)}</div>`,
    ...(files.length ? [`<p>${escapeHtml(filesLine)}</p><ul>${files.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>`] : []),
    ...(after ? [`<p><strong>${escapeHtml(after)}</strong></p>`] : []),
  ].join('');
  return { subject, text, html };
}
