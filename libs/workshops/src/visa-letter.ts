// Visa support letters from a template, as HTML and as PDF. The PDF embeds DejaVu Sans (from the
// dejavu-fonts-ttf package; PDF's standard fonts have no ğ, ş or ı), subset to the glyphs used.
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

export interface LetterFacts {
  participantName: string;
  nationality: string;
  workshopTitle: string;
  startDate: string;
  endDate: string;
  venue: string;
  city: string;
  country: string;
  organiser: string;
}

export const PLACEHOLDERS: (keyof LetterFacts)[] = [
  'participantName', 'nationality', 'workshopTitle', 'startDate', 'endDate', 'venue', 'city', 'country', 'organiser',
];

/** Used until the organisers set their own text for a language. */
export const BUILT_IN_TEMPLATES: Record<string, string> = {
  en: [
    '{{organiser}}',
    'To the consular officer concerned,',
    'Re: Invitation of {{participantName}}, national of {{nationality}}',
    'We confirm that {{participantName}}, a national of {{nationality}}, is invited to take part in the workshop "{{workshopTitle}}", ' +
      'organised by {{organiser}} from {{startDate}} to {{endDate}} at {{venue}}, {{city}}, {{country}}.',
    'We kindly ask you to grant the visa needed to attend. Please contact us should you need any further information.',
    'Sincerely,\n{{organiser}}',
  ].join('\n\n'),
  tr: [
    '{{organiser}}',
    'İlgili Konsolosluk Yetkilisine,',
    'Konu: {{nationality}} vatandaşı {{participantName}} için davet mektubu',
    '{{nationality}} vatandaşı {{participantName}} adlı kişinin, {{organiser}} tarafından {{startDate}} – {{endDate}} tarihleri arasında ' +
      '{{venue}}, {{city}}, {{country}} adresinde düzenlenecek "{{workshopTitle}}" başlıklı çalıştaya katılmak üzere davet edildiğini teyit ederiz.',
    'Katılım için gerekli vizenin verilmesini saygılarımızla rica ederiz. Ek bilgi gerekirse bizimle iletişime geçebilirsiniz.',
    'Saygılarımızla,\n{{organiser}}',
  ].join('\n\n'),
};

const TITLES: Record<string, string> = { en: 'Letter of invitation', tr: 'Davet mektubu' };

const fill = (template: string, facts: LetterFacts, escape: (s: string) => string) =>
  template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (PLACEHOLDERS.includes(name as keyof LetterFacts) ? escape(facts[name as keyof LetterFacts]) : whole));

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** A self-contained HTML document (no external resources). The template is text: it is escaped too. */
export function letterHtml(language: string, template: string, facts: LetterFacts, date: string): string {
  const paragraphs = escapeHtml(template)
    .split(/\n{2,}/)
    .map((p) => `<p>${fill(p, facts, escapeHtml).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  const title = escapeHtml(TITLES[language] ?? TITLES['en']!);
  return `<!doctype html>
<html lang="${escapeHtml(language)}">
<head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:"DejaVu Sans",sans-serif;max-width:42em;margin:3em auto;line-height:1.5}.date{text-align:right}</style></head>
<body>
<p class="date">${escapeHtml(date)}</p>
${paragraphs}
</body>
</html>
`;
}

const require = createRequire(import.meta.url);
let fontPath: string | null = null;
const font = () => (fontPath ??= require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));

export function letterPdf(language: string, template: string, facts: LetterFacts, date: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 72, info: { Title: TITLES[language] ?? TITLES['en']!, Producer: 'Solidarity Workspace', Creator: 'Solidarity Workspace' } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font(font()).fontSize(11);
    doc.text(date, { align: 'right' }).moveDown(2);
    for (const paragraph of template.split(/\n{2,}/)) doc.text(fill(paragraph, facts, (s) => s)).moveDown();
    doc.end();
  });
}
