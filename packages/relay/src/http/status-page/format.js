// @ts-check
// How times and states read on the page.

/** `45 s`, `12 min`, `3 h 5 min`, `2 d 4 h`. @param {number} ms */
export function duration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** A moment as local date and time, to the second. @param {string | null} iso */
export const when = (iso) => (iso ? new Date(iso).toLocaleString(undefined, { hour12: false }) : '—');

/** How long before `now` a moment was. @param {string} iso @param {string} now */
export const ago = (iso, now) => `${duration(Date.parse(now) - Date.parse(iso))} ago`;

/** The badge tone of a state. @type {Record<string, string>} */
export const TONE = {
  pending: 'warn',
  in_flight: 'warn',
  delivered: 'ok',
  dead: 'bad',
  expired: 'bad',
  discarded: 'off',
  closed: 'ok',
  open: 'bad',
  half_open: 'warn',
};

/** `in_flight` → `in flight`. @param {string} state */
export const label = (state) => state.replace('_', ' ');
