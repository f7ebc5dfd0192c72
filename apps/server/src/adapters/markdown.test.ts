import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.ts';

describe('renderMarkdown', () => {
  it('keeps formatting, code and links', () => {
    const html = renderMarkdown('**Vault** fails:\n\n```\nITATS004E\n```\n\nSee [KB](https://kb.example.com/1).');
    expect(html).toContain('<strong>Vault</strong>');
    expect(html).toContain('<pre><code>ITATS004E');
    expect(html).toContain('<a href="https://kb.example.com/1" rel="noopener noreferrer nofollow" target="_blank">KB</a>');
  });

  it('removes scripts, event handlers and javascript: links', () => {
    const html = renderMarkdown('<script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3)) <a href="javascript:alert(4)">y</a>');
    expect(html).not.toMatch(/<script|onerror|href="javascript:|<img/i);
    expect(html).not.toContain('alert(1)');
  });
});
