// Checks on text as text: what no field of ours may hold, whatever it means.

// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
// eslint-disable-next-line no-control-regex -- likewise, less the line breaks and tabs that prose may hold
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/

/**
 * Whether `text` holds a control character (C0, DEL, C1: NUL, escape, bell...); `allowLineBreaks` lets
 * prose keep its tabs and line breaks, which a name or a code never has.
 */
export function hasControlCharacter(text: string, options: { allowLineBreaks?: boolean } = {}): boolean {
  return (options.allowLineBreaks === true ? CONTROL_BUT_LINE_BREAKS : CONTROL).test(text)
}
