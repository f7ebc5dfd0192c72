import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const marked = new Marked({ gfm: true, breaks: true, async: false });

const safeHtml: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: { a: ['href', 'title', 'rel', 'target'], code: ['class'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
};

/**
 * Markdown to HTML that is safe to put in a page: only formatting tags survive, links get
 * rel="noopener noreferrer nofollow", and no script, style, event handler or javascript: URL does.
 */
export function renderMarkdown(source: string): string {
  return sanitizeHtml(marked.parse(source) as string, safeHtml);
}

/** Stored HTML put through the same allow-list again before it leaves in an email, whoever wrote the row. */
export function sanitizeHtmlFragment(html: string): string {
  return sanitizeHtml(html, safeHtml);
}
