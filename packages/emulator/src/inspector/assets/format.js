// @ts-check
// Formatting for the inspector page: times, durations, numbers and bodies, all as plain text.

/** @param {number} n @param {number} [width] */
const pad = (n, width = 2) => String(n).padStart(width, '0');

/** @param {number | string | Date} value */
const toDate = (value) => (value instanceof Date ? value : new Date(value));

/** `14:03:07.042`. @param {number | string | Date} value */
export function fmtTime(value) {
  const d = toDate(value);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** The time of day for today, the date too otherwise; `—` for none. @param {number | string | null | undefined} value */
export function fmtDateTime(value) {
  if (value === null || value === undefined) return '—';
  const d = toDate(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  if (d.toDateString() === new Date().toDateString()) return time;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

/** 59:12, 1:02:03, or 12 s. @param {number} ms */
export function fmtDuration(ms) {
  const total = Math.max(0, Math.round(ms / 1000));
  const s = total % 60;
  const m = Math.floor(total / 60) % 60;
  const hours = Math.floor(total / 3600);
  if (hours > 0) return `${hours}:${pad(m)}:${pad(s)}`;
  if (m > 0) return `${m}:${pad(s)}`;
  return `${s} s`;
}

/** A throttle window in its largest whole unit: `10 min`. @param {number} ms */
export function fmtWindow(ms) {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

/** @param {number} n */
export const fmtNumber = (n) => Number(n).toLocaleString('en-US');

/** `a`, `a, b`: `1 access token`, `2 access tokens`. @param {number} n @param {string} word */
export const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** @param {string} pair */
function decodeFormPair(pair) {
  try {
    return decodeURIComponent(pair.replace(/\+/g, ' '));
  } catch {
    return pair;
  }
}

/**
 * A recorded body for reading: JSON indented, a form one `name=value` per line, anything else as it is.
 * @param {string | null | undefined} text
 * @param {string | undefined} contentType
 * @returns {string | null}
 */
export function prettyBody(text, contentType) {
  if (text === null || text === undefined) return null;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // not JSON
  }
  if ((contentType ?? '').includes('x-www-form-urlencoded')) return text.split('&').map(decodeFormPair).join('\n');
  return text;
}
