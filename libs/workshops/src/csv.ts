// CSV (RFC 4180) with every cell quoted, and cells a spreadsheet would run as a formula neutralised
// (OWASP "CSV injection"): a leading = + - @ tab or carriage return gets a leading apostrophe.

const cell = (value: string | number | boolean | null | undefined): string => {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
};

export function toCsv(header: string[], rows: (string | number | boolean | null | undefined)[][]): string {
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
