import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import { memo, useMemo } from 'react';

/**
 * Chat text is Markdown from people and models, so it is untrusted twice over. Raw HTML inside it is
 * shown as literal text (never parsed), and the rendered result still goes through DOMPurify, which
 * drops script, event handlers and `javascript:` URLs. Images are not rendered: the CSP would block
 * remote ones anyway, and a tracking pixel in a reply should not load.
 */
const markdown = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    image: ({ text }) => escapeHtml(text ? `[image: ${text}]` : '[image]'),
  },
});

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer nofollow');
  }
});

const purifyOptions = {
  FORBID_TAGS: ['style', 'img', 'svg', 'math', 'form', 'input', 'button', 'iframe', 'textarea', 'select'],
  FORBID_ATTR: ['style', 'class', 'id'],
};

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** Markdown → sanitised HTML string. */
export function renderMarkdown(text: string): string {
  const html = markdown.parse(text) as string;
  return DOMPurify.sanitize(html, purifyOptions);
}

/** A message body rendered from Markdown; memoised so unchanged messages skip re-parsing. */
export const MarkdownText = memo(function MarkdownText({ text }: { text: string }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by DOMPurify in renderMarkdown
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
});
