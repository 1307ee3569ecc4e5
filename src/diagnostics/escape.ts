// Text from a user's file can hold control bytes (`mtl check /bin/ls`): printed
// raw they ring bells, move the cursor or recolor the terminal. Messages show
// them as escapes; code frames as one visible character each, so carets stay aligned.

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** `\x1b` for ESC and so on; tabs and newlines are kept. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Each control character as U+FFFD (one column), for source lines shown under a message. */
export function maskControl(text: string): string {
  return text.replace(CONTROL, '\uFFFD');
}
