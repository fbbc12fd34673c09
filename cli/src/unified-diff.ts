// A unified diff of two versions of a file, by lines, as `diff -u` prints it (and `patch -p0` reads
// it). Lines are matched with Myers' algorithm after trimming the common start and end, which is
// where fixes leave most of a file.

type Op = { kind: ' ' | '-' | '+'; line: string };

const CONTEXT = 3;
/** Past this many differing lines the diff stops looking for a shortest script and replaces the block whole. */
const MAX_EDIT_DISTANCE = 4000;

/** The diff of `before` → `after`, or `''` when they are equal. */
export function unifiedDiff(before: string, after: string, fileName: string): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: Op[] = [
    ...a.slice(0, start).map((line): Op => ({ kind: ' ', line })),
    ...middleOps(a.slice(start, endA), b.slice(start, endB)),
    ...a.slice(endA).map((line): Op => ({ kind: ' ', line })),
  ];
  return `--- ${fileName}\n+++ ${fileName}\n` + hunks(ops).join('');
}

/** Lines with their line breaks, so that a missing final newline shows as a change. */
function splitLines(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

function middleOps(a: readonly string[], b: readonly string[]): Op[] {
  const removed = a.map((line): Op => ({ kind: '-', line }));
  const added = b.map((line): Op => ({ kind: '+', line }));
  if (a.length === 0 || b.length === 0) return [...removed, ...added];
  return shortestEditScript(a, b) ?? [...removed, ...added];
}

/** Myers' O(ND) diff; undefined when the distance passes MAX_EDIT_DISTANCE. */
function shortestEditScript(a: readonly string[], b: readonly string[]): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  const limit = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = limit + 1;
  const v = new Int32Array(2 * limit + 3);
  // trace[d] holds v[-d..d] after step d.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= limit; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        trace.push(v.slice(offset - d, offset + d + 1));
        return backtrack(trace, a, b);
      }
    }
    trace.push(v.slice(offset - d, offset + d + 1));
  }
  return undefined;
}

function backtrack(trace: readonly Int32Array[], a: readonly string[], b: readonly string[]): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d > 0; d--) {
    const previous = trace[d - 1];
    const at = (k: number) => previous[k + d - 1];
    const k = x - y;
    const previousK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const previousX = at(previousK);
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      ops.push({ kind: ' ', line: a[--x] });
      y--;
    }
    if (x === previousX) ops.push({ kind: '+', line: b[--y] });
    else ops.push({ kind: '-', line: a[--x] });
  }
  // The diagonal from the start to the first edit.
  while (x > 0 && y > 0) {
    ops.push({ kind: ' ', line: a[--x] });
    y--;
  }
  return ops.reverse();
}

function hunks(ops: readonly Op[]): string[] {
  const changed = ops.flatMap((op, index) => (op.kind === ' ' ? [] : [index]));
  const groups: [number, number][] = [];
  for (const index of changed) {
    const last = groups[groups.length - 1];
    if (last && index - last[1] <= 2 * CONTEXT + 1) last[1] = index;
    else groups.push([index, index]);
  }
  // Line numbers before each op, in the old and the new file.
  const oldLine: number[] = [];
  const newLine: number[] = [];
  let o = 1;
  let n = 1;
  for (const op of ops) {
    oldLine.push(o);
    newLine.push(n);
    if (op.kind !== '+') o++;
    if (op.kind !== '-') n++;
  }
  return groups.map(([first, last]) => {
    const from = Math.max(0, first - CONTEXT);
    const to = Math.min(ops.length - 1, last + CONTEXT);
    const slice = ops.slice(from, to + 1);
    const oldCount = slice.filter((op) => op.kind !== '+').length;
    const newCount = slice.filter((op) => op.kind !== '-').length;
    // An empty side is numbered by the line before it, as diff does.
    const oldStart = oldCount === 0 ? oldLine[from] - 1 : oldLine[from];
    const newStart = newCount === 0 ? newLine[from] - 1 : newLine[from];
    const body = slice.map((op) => op.kind + op.line + (op.line.endsWith('\n') ? '' : '\n\\ No newline at end of file\n')).join('');
    return `@@ -${oldStart},${oldCount} +${newStart},${newCount} @@\n${body}`;
  });
}
