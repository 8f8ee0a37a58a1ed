// Reading fix data back: it crosses the editor as JSON (a diagnostic's data), so each rule checks its shape before a
// fix relies on it. These are the pieces the rules' readers are made of.
import type { Bitness } from '../model/platform';

/** The value as an object's own fields, or undefined for anything else (null, arrays, strings). */
export function fields(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function isString(value: unknown): value is string {
  return typeof value === 'string';
}

export function isBitness(value: unknown): value is Bitness {
  return value === 32 || value === 64;
}

/** A list of strings; undefined for anything else. */
export function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every(isString) ? [...value] : undefined;
}
