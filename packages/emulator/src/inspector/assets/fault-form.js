// @ts-check
// The "Add a fault" form, and its JSON sequence: checked here first, so a mistake names its field.

import * as control from './control-api.js';
import { describeFault } from './describe-fault.js';
import { $ } from './dom.js';

/** @typedef {import('./state.js').Page} Page */
/** @typedef {import('./control-api.js').Fault} Fault */
/** @typedef {import('./control-api.js').FaultSpec} FaultSpec */

/** A form value the page refuses, with the field to point at. */
class FieldError extends Error {
  /** @param {string} field the input's id @param {string} message */
  constructor(field, message) {
    super(message);
    this.field = field;
  }
}

/** @param {string} id */
const value = (id) => $(id, HTMLInputElement).value.trim();

/**
 * An optional number field; undefined when empty.
 * @param {string} id
 * @param {string} label
 * @param {{ min?: number, max?: number, integer?: boolean }} [rules]
 */
function numberField(id, label, { min, max, integer = false } = {}) {
  const raw = value(id);
  if (raw === '') return undefined;
  const n = Number(raw);
  const bad =
    !Number.isFinite(n) ||
    (integer && !Number.isInteger(n)) ||
    (min !== undefined && n < min) ||
    (max !== undefined && n > max);
  if (bad) {
    const range = `${min !== undefined ? ` from ${min}` : ''}${max !== undefined ? ` to ${max}` : ''}`;
    throw new FieldError(id, `${label} must be ${integer ? 'a whole number' : 'a number'}${range}.`);
  }
  return n;
}

/** The answer the form describes, without the delay and repetition. @returns {Fault} */
function readAnswer() {
  const kind = $('fault-kind', HTMLSelectElement).value;
  if (kind === 'reset-before') return { reset: 'before' };
  if (kind === 'reset-after') return { reset: 'after' };
  if (kind === 'hang') return { hang: true };
  if (kind !== 'status') return { pass: true };
  const status = numberField('fault-status', 'Status', { min: 200, max: 599, integer: true });
  if (status === undefined) throw new FieldError('fault-status', 'Status is required for an HTTP status fault.');
  const retryAfter = numberField('fault-retry-after', 'Retry-After', { min: 0 });
  return retryAfter === undefined ? { status } : { status, retryAfter };
}

/** @returns {FaultSpec} */
function readFaultForm() {
  const path = value('fault-path');
  if (!/^(\/[^\s*]*\*?|\*)$/.test(path))
    throw new FieldError('fault-path', "Path must start with '/' (or be '*'), with '*' only at the end.");
  const fault = readAnswer();
  const delayMs = numberField('fault-delay', 'Delay', { min: 0, max: 600000, integer: true });
  if (delayMs) fault.delayMs = delayMs;
  const outageSec = numberField('fault-outage', 'Outage', { min: 0 });
  const times = numberField('fault-times', 'Times in a row', { min: 1, max: 100, integer: true }) ?? 1;
  const sequence = outageSec
    ? [{ ...fault, repeatForMs: Math.round(outageSec * 1000) }]
    : Array.from({ length: times }, () => ({ ...fault }));
  const method = $('fault-method', HTMLSelectElement).value;
  return { ...(method ? { method } : {}), path, sequence };
}

/** @param {Page} page @param {FaultSpec} spec @param {HTMLElement} source gets the focus back on a failure */
async function submitFaults(page, spec, source) {
  try {
    const queue = await control.queueFaults(spec);
    const what = (spec.sequence ?? []).map(describeFault).join(' → ');
    page.ui.toast(`Queued on ${queue.method ?? 'any method'} ${queue.path}: ${what}.`);
    page.ui.announce(`Fault added on ${queue.path}.`);
    await page.refresh('faults');
  } catch (error) {
    page.ui.fail(error);
    source.focus();
  }
}

function syncFaultKind() {
  const isStatus = $('fault-kind', HTMLSelectElement).value === 'status';
  $('fault-status', HTMLInputElement).disabled = !isStatus;
  $('fault-retry-after', HTMLInputElement).disabled = !isStatus;
}

/** @param {Page} page @param {SubmitEvent} event */
function onSubmit(page, event) {
  event.preventDefault();
  for (const el of $('fault-form').querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  let spec;
  try {
    spec = readFaultForm();
  } catch (error) {
    if (error instanceof FieldError) {
      const field = $(error.field);
      field.setAttribute('aria-invalid', 'true');
      field.focus();
    }
    page.ui.fail(error);
    return;
  }
  void submitFaults(page, spec, $('fault-submit'));
}

/** @param {Page} page */
function onJsonSubmit(page) {
  const textarea = $('fault-json', HTMLTextAreaElement);
  /** @type {unknown} */
  let sequence;
  try {
    sequence = JSON.parse(textarea.value);
    if (!Array.isArray(sequence)) throw new Error('the sequence must be a JSON array');
  } catch (error) {
    page.ui.fail(error, 'Sequence');
    textarea.focus();
    return;
  }
  const path = value('fault-path');
  if (!path) {
    page.ui.toast('Fill in the path above first.', { error: true });
    $('fault-path').focus();
    return;
  }
  const method = $('fault-method', HTMLSelectElement).value;
  // The emulator checks each fault of the sequence and names the one it refuses.
  void submitFaults(
    page,
    { ...(method ? { method } : {}), path, sequence: /** @type {Fault[]} */ (sequence) },
    textarea,
  );
}

/** @param {Page} page */
export function setupFaultForm(page) {
  $('fault-kind').addEventListener('change', syncFaultKind);
  syncFaultKind();
  $('fault-form', HTMLFormElement).addEventListener('submit', (event) => onSubmit(page, event));
  $('fault-json-submit').addEventListener('click', () => onJsonSubmit(page));
}
