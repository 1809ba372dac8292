/**
 * What an evidence document's bytes must be to be the type it is declared as (pure). A declared type is
 * only a label: a ZIP, an executable or a script labelled as a PDF is refused by its content, so an officer
 * who opens a document gets what it says it is. Each check reads the format's own signature at the start
 * and, where the format has one, its end marker (a file with something appended after it is refused too).
 */
import type { EVIDENCE_MEDIA_TYPES } from './evidence.service.ts'

type MediaType = (typeof EVIDENCE_MEDIA_TYPES)[number]

const EXTENSIONS: Record<MediaType, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'text/plain': 'txt',
}

/** The name a downloaded document is saved under: its id and the extension of its type, so that it opens as what it is. */
export function downloadName(documentId: string, mediaType: string): string {
  const extension = (EXTENSIONS as Record<string, string | undefined>)[mediaType]
  return extension ? `evidence-${documentId}.${extension}` : `evidence-${documentId}`
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
/** the first chunk, IHDR (13 bytes long), right after the signature */
const PNG_IHDR = Buffer.from([0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52])
/** the last chunk: IEND, empty, with its fixed CRC */
const PNG_IEND = Buffer.from([0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82])
const JPEG_START = Buffer.from([0xff, 0xd8, 0xff])
const JPEG_END = Buffer.from([0xff, 0xd9])
const PDF_START = Buffer.from('%PDF-', 'latin1')
const PDF_END = Buffer.from('%%EOF', 'latin1')

/** `bytes` without what may trail a file's end marker: white space (PDF), or zero padding (JPEG). */
function trimEnd(bytes: Buffer, isTrailing: (byte: number) => boolean): Buffer {
  let end = bytes.length
  while (end > 0 && isTrailing(bytes[end - 1]!)) end--
  return bytes.subarray(0, end)
}

const isPdfWhiteSpace = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0c || b === 0x00

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Text: well-formed UTF-8 with no control character but tab, line feed, form feed and carriage return. */
function isPlainText(bytes: Buffer): boolean {
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    return false
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0x7f) return false
  }
  return true
}

/** Why `content` is not a `mediaType` document, in words; undefined when it is one. */
export function contentMismatch(mediaType: MediaType, content: Buffer): string | undefined {
  switch (mediaType) {
    case 'application/pdf': {
      if (!content.subarray(0, PDF_START.length).equals(PDF_START)) return 'a PDF document starts with %PDF-'
      return trimEnd(content, isPdfWhiteSpace).subarray(-PDF_END.length).equals(PDF_END)
        ? undefined
        : 'a PDF document ends with %%EOF'
    }
    case 'image/png': {
      if (!content.subarray(0, 8).equals(PNG_SIGNATURE) || !content.subarray(8, 16).equals(PNG_IHDR))
        return 'a PNG image starts with the PNG signature and its IHDR chunk'
      return content.length >= 16 + PNG_IEND.length && content.subarray(-PNG_IEND.length).equals(PNG_IEND)
        ? undefined
        : 'a PNG image ends with its IEND chunk'
    }
    case 'image/jpeg': {
      if (!content.subarray(0, 3).equals(JPEG_START)) return 'a JPEG image starts with FF D8 FF'
      const trimmed = trimEnd(content, (b) => b === 0x00)
      return trimmed.length >= 5 && trimmed.subarray(-2).equals(JPEG_END) ? undefined : 'a JPEG image ends with FF D9'
    }
    case 'text/plain':
      return isPlainText(content) ? undefined : 'a text document is UTF-8 text without control characters'
  }
}
