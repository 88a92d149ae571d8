import { renderMarkdown } from '@sw/content';
import type { StatementEntity, StatementRevisionEntity } from './statement.entity.js';
import type { Signatory } from './statement-publication.service.js';

export interface ExportSource {
  statement: StatementEntity;
  revision: StatementRevisionEntity;
  signatories: Signatory[];
  language: string;
}

/** The interface texts of an export, in English and Turkish (other languages get English). */
const LABELS = {
  en: {
    signatories: 'Signatories',
    draft: (n: number) => `DRAFT — revision ${n}, not published. Do not circulate.`,
    published: 'Published',
    noText: '(No text in this language.)',
  },
  tr: {
    signatories: 'İmzacılar',
    draft: (n: number) => `TASLAK — ${n}. revizyon, yayımlanmadı. Paylaşmayın.`,
    published: 'Yayımlanma',
    noText: '(Bu dilde metin yok.)',
  },
} as const;

const labelsFor = (language: string) => (language === 'tr' ? LABELS.tr : LABELS.en);

/** Names are data, not Markdown: characters that would format are escaped. */
export const escapeMarkdown = (text: string): string =>
  text
    .replace(/[\\`*_[\]<>~|]/g, '\\$&')
    .replace(/^([-+#>=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');

/**
 * The statement as Markdown: title, the text in one language, then the signatories in the
 * statement's order with the names of individuals under their organisation. A draft says so at
 * the top; a published statement ends with its publication time and content hash, so anyone can
 * check a copy against the signed text.
 */
export function toMarkdown({ statement, revision, signatories, language }: ExportSource): string {
  const labels = labelsFor(language);
  const lines: string[] = [`# ${escapeMarkdown(revision.title)}`, ''];
  if (statement.status !== 'PUBLISHED') lines.push(`> **${labels.draft(revision.number)}**`, '');
  const body = revision.texts[language]?.trim();
  lines.push(body ? body : `_${labels.noText}_`, '', '---', '', `## ${labels.signatories}`, '');
  for (const signatory of signatories) {
    lines.push(`- ${escapeMarkdown(signatory.organisationName)}`);
    for (const person of signatory.individuals) lines.push(`  - ${escapeMarkdown(person)}`);
  }
  if (statement.status === 'PUBLISHED' && statement.publishedAt) {
    lines.push('', `_${labels.published}: ${statement.publishedAt.toISOString()} · sha256 ${revision.contentHash}_`);
  }
  return `${lines.join('\n')}\n`;
}

/** Sanitised HTML of the Markdown export (the same rules as every other rendered content). */
export function toHtml(source: ExportSource): string {
  return renderMarkdown(toMarkdown(source));
}

const escapeXml = (text: string): string =>
  text
    // Characters XML 1.0 cannot carry at all.
    .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/** A complete HTML page for one published statement. */
export function toHtmlPage(source: ExportSource): string {
  return `<!doctype html>\n<html lang="${source.language}"><head><meta charset="utf-8"><title>${escapeXml(source.revision.title)}</title></head>` +
    `<body><article>${toHtml(source)}</article></body></html>\n`;
}

/** An Atom feed of published statements (RFC 4287); entry content is the sanitised HTML export. */
export function toAtom(entries: ExportSource[], updated: Date): string {
  const items = entries.map((e) => {
    const id = e.statement.id;
    const at = (e.statement.publishedAt ?? updated).toISOString();
    return [
      '  <entry>',
      `    <id>urn:uuid:${id}</id>`,
      `    <title>${escapeXml(e.revision.title)}</title>`,
      `    <updated>${at}</updated>`,
      `    <published>${at}</published>`,
      `    <link rel="alternate" type="text/html" href="/public/statements/${id}.html"/>`,
      `    <content type="html">${escapeXml(toHtml(e))}</content>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    '  <id>urn:solidarity-workspace:public-statements</id>',
    '  <title>Joint statements</title>',
    `  <updated>${(entries[0]?.statement.publishedAt ?? updated).toISOString()}</updated>`,
    '  <link rel="self" href="/public/statements.atom"/>',
    ...items,
    '</feed>',
    '',
  ].join('\n');
}

/** The public JSON form of a published statement: nothing a reader of the statement could not see. */
export function toPublicJson(source: ExportSource) {
  const { statement, revision, signatories } = source;
  return {
    id: statement.id,
    title: revision.title,
    publishedAt: statement.publishedAt?.toISOString() ?? null,
    referenceLanguage: statement.referenceLanguage,
    texts: statement.languages.map((language) => ({ language, body: revision.texts[language] ?? '' })),
    contentHash: revision.contentHash,
    signatories: signatories.map((s) => ({ organisation: s.organisationName, individuals: s.individuals })),
    links: { markdown: `/public/statements/${statement.id}.md`, html: `/public/statements/${statement.id}.html` },
  };
}
