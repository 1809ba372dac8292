// JSON pointers (RFC 6901) into catalogue files and records' fields.

export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1')
}
