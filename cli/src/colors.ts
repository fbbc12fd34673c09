// ANSI styles for the text report: on when stdout is a terminal and NO_COLOR is unset or empty;
// FORCE_COLOR (other than `0` or `false`) turns them on anywhere, as in Node and most CLIs.

export interface Palette {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  cyan(text: string): string;
  blue(text: string): string;
  green(text: string): string;
}

export function useColors(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR) return false;
  return stream.isTTY === true;
}

const style = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export const COLORS: Palette = {
  bold: style(1, 22),
  dim: style(2, 22),
  red: style(31, 39),
  cyan: style(36, 39),
  blue: style(34, 39),
  green: style(32, 39),
};

const plain = (text: string) => text;
export const NO_COLORS: Palette = { bold: plain, dim: plain, red: plain, cyan: plain, blue: plain, green: plain };
