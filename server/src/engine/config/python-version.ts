// Python versions as users write them: a target (`3.10`, `py310`) and a project's
// `requires-python` (PEP 440 specifiers), whose lowest allowed version is the target a project
// must be checked for when nothing else says.

import type { PythonVersion } from '../rule';

export const OLDEST_TARGET: PythonVersion = [3, 8];
export const NEWEST_TARGET: PythonVersion = [3, 14];

/** What a target may be written as, for messages. */
export const TARGET_FORMS = `3.${OLDEST_TARGET[1]} … 3.${NEWEST_TARGET[1]} (or py3${OLDEST_TARGET[1]} … py3${NEWEST_TARGET[1]})`;

/** `3.10`, `py310` or `310`, within the versions pyhints knows; undefined otherwise. */
export function parseTarget(text: string): PythonVersion | undefined {
  const match = /^(?:py)?3\.?(\d{1,2})$/i.exec(text.trim());
  return match ? knownMinor(Number(match[1])) : undefined;
}

function knownMinor(minor: number): PythonVersion | undefined {
  return minor >= OLDEST_TARGET[1] && minor <= NEWEST_TARGET[1] ? [3, minor] : undefined;
}

/**
 * The oldest Python 3 minor version a `requires-python` allows, raised to the oldest target:
 * `>=3.9` → 3.9, `>=3.10,<4` → 3.10, `~=3.11` → 3.11, `==3.12.*` → 3.12, `>3.8` → 3.8 (3.8.1
 * is greater than 3.8). Undefined when the specifiers give no lower bound (`<3.13`, `!=3.9.*`)
 * or cannot be read.
 */
export function lowestAllowedPython(requiresPython: string): PythonVersion | undefined {
  let lowest: number | undefined;
  for (const clause of requiresPython.split(',')) {
    const text = clause.trim();
    if (text === '') continue;
    const match = /^(~=|==|>=|>|<=|<|!=|===)\s*(\d+)(?:\.(\d+|\*))?(?:\.(?:\d+|\*))*\s*$/.exec(text);
    if (!match) return undefined;
    const [, operator, majorText, minorText] = match;
    const major = Number(majorText);
    const minor = minorText === undefined || minorText === '*' ? 0 : Number(minorText);
    if (operator !== '~=' && operator !== '==' && operator !== '>=' && operator !== '>' && operator !== '===') continue;
    // `>=2.7` or `>=3` bound nothing among Python 3 minors; `>=4` is beyond what pyhints checks.
    const bound = major < 3 ? 0 : major > 3 ? Infinity : minor;
    lowest = lowest === undefined ? bound : Math.max(lowest, bound);
  }
  if (lowest === undefined || lowest === Infinity) return undefined;
  return knownMinor(Math.min(Math.max(lowest, OLDEST_TARGET[1]), NEWEST_TARGET[1]));
}
