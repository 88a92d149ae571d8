import { markdownToText, renderMarkdown } from './markdown.js';

describe('renderMarkdown', () => {
  it('renders ordinary Markdown', () => {
    expect(renderMarkdown('# Hearing\n\nThe **court** adjourned.')).toBe('<h1>Hearing</h1>\n<p>The <strong>court</strong> adjourned.</p>\n');
  });

  it.each([
    ['<script>alert(1)</script>', '<script'],
    ['<img src=x onerror=alert(1)>', 'onerror'],
    ['[click](javascript:alert(1))', 'javascript:'],
    ['![tracker](https://tracker.example/p.png)', '<img'],
    ['<a href="https://x.example" onclick="steal()">x</a>', 'onclick'],
    ['<iframe src="https://evil.example"></iframe>', '<iframe'],
    ['[x](//evil.example/path)', '//evil.example'],
  ])('removes what could run or call out: %s', (input, forbidden) => {
    expect(renderMarkdown(input)).not.toContain(forbidden);
  });

  it('opens links without a referrer', () => {
    expect(renderMarkdown('[report](https://example.org/r)')).toBe(
      '<p><a href="https://example.org/r" rel="noopener noreferrer nofollow" target="_blank">report</a></p>\n',
    );
  });

  it('keeps Turkish, right-to-left text and emoji as written', () => {
    const text = 'Duruşma ertelendi — ıİğĞşŞ — مرحبا — ✊🏽';
    expect(markdownToText(text)).toBe(text);
  });
});
