/**
 * What a file is, from its first bytes — never from its name or the type the client claims.
 * Only these kinds are accepted as attachments.
 */
export interface DetectedType {
  contentType: string;
  extension: string;
}

const starts = (bytes: Buffer, signature: number[], offset = 0) => signature.every((b, i) => bytes[offset + i] === b);
const ascii = (bytes: Buffer, start: number, end: number) => bytes.subarray(start, end).toString('latin1');

const OOXML: Record<string, DetectedType> = {
  'word/': { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  'xl/': { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  'ppt/': { contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extension: 'pptx' },
};
const OPEN_DOCUMENT: Record<string, DetectedType> = {
  'application/vnd.oasis.opendocument.text': { contentType: 'application/vnd.oasis.opendocument.text', extension: 'odt' },
  'application/vnd.oasis.opendocument.spreadsheet': { contentType: 'application/vnd.oasis.opendocument.spreadsheet', extension: 'ods' },
  'application/vnd.oasis.opendocument.presentation': { contentType: 'application/vnd.oasis.opendocument.presentation', extension: 'odp' },
};

/** Entry names from the zip's central directory (which also holds sizes when local headers do not). */
function zipEntries(bytes: Buffer): string[] {
  const names: string[] = [];
  const signature = Buffer.from([0x50, 0x4b, 0x01, 0x02]);
  for (let at = bytes.indexOf(signature); at >= 0 && at + 46 <= bytes.length && names.length < 5000; at = bytes.indexOf(signature, at + 4)) {
    const nameLength = bytes.readUInt16LE(at + 28);
    names.push(ascii(bytes, at + 46, at + 46 + nameLength));
  }
  return names;
}

/** OpenDocument stores its type uncompressed as the first entry, `mimetype`. */
function openDocumentType(bytes: Buffer): string | null {
  if (bytes.readUInt16LE(26) !== 8 || ascii(bytes, 30, 38) !== 'mimetype') return null;
  const extra = bytes.readUInt16LE(28);
  const size = bytes.readUInt32LE(18);
  return ascii(bytes, 38 + extra, 38 + extra + Math.min(size, 100));
}

export function detectContentType(bytes: Buffer): DetectedType | null {
  if (starts(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { contentType: 'application/pdf', extension: 'pdf' };
  if (starts(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { contentType: 'image/png', extension: 'png' };
  if (starts(bytes, [0xff, 0xd8, 0xff])) return { contentType: 'image/jpeg', extension: 'jpg' };
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return { contentType: 'image/gif', extension: 'gif' };
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return { contentType: 'image/webp', extension: 'webp' };
  if (starts(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return { contentType: 'application/msword', extension: 'doc' }; // legacy Office (OLE compound file)
  }
  if (starts(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const mimetype = bytes.length >= 40 ? openDocumentType(bytes) : null;
    if (mimetype && OPEN_DOCUMENT[mimetype]) return OPEN_DOCUMENT[mimetype];
    const entries = zipEntries(bytes);
    if (entries.includes('[Content_Types].xml')) {
      for (const [prefix, type] of Object.entries(OOXML)) if (entries.some((e) => e.startsWith(prefix))) return type;
    }
  }
  return null;
}
