/*
 * The contact form: posts the message to the relay's POST /v1/tickets (and, when the box is ticked,
 * POST /v1/subscriptions) with a publishable key. The relay answers 202 as soon as the message is stored on its
 * disk, whether or not Zoho is up, so "received" is shown at once; a 400 names each field to fix. The relay URL
 * and the key come from ./config.json (a publishable key is meant to be public: it only works from this origin).
 */

const form = document.getElementById('contact');
const status = document.getElementById('status');
const config = fetch('./config.json').then((r) => r.json());

/** One submission, one key: a resend after a lost answer is the same delivery, not a second ticket. */
let submission = crypto.randomUUID();

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors();
  const data = new FormData(form);
  const name = String(data.get('name') ?? '').trim();
  const ticket = {
    email: String(data.get('email') ?? ''),
    subject: String(data.get('subject') ?? ''),
    message: String(data.get('message') ?? ''),
    ...splitName(name),
    website: String(data.get('website') ?? ''),
  };
  setStatus('Sending…', '');
  try {
    const { relayUrl, publishableKey } = await config;
    const answer = await post(`${relayUrl}/v1/tickets`, publishableKey, `${submission}-ticket`, ticket);
    if (answer.status === 400) return showFieldErrors(answer.body);
    if (answer.status !== 202 && answer.status !== 200) return failed(answer.body);
    if (data.get('newsletter') === 'on') {
      const { email, firstName, lastName, website } = ticket;
      // The ticket is stored whatever happens here: a refused sign-up only says so.
      const signUp = await post(`${relayUrl}/v1/subscriptions`, publishableKey, `${submission}-newsletter`, {
        email,
        firstName,
        lastName,
        website,
      });
      if (signUp.status >= 400) setStatus('Received. (The newsletter sign-up did not go through.)', 'received');
      else setStatus('Received — thank you! You are signed up for the newsletter.', 'received');
    } else {
      setStatus('Received — thank you! We will answer by e-mail.', 'received');
    }
    form.reset();
    submission = crypto.randomUUID();
  } catch {
    setStatus('Could not reach us. Please try again: your message will not be sent twice.', 'failed');
  }
});

async function post(url, key, idempotencyKey, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      'idempotency-key': idempotencyKey,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => ({})) };
}

/** "Ada Lovelace" → firstName Ada, lastName Lovelace; a single word is the last name (Desk requires one). */
function splitName(name) {
  const words = name.split(/\s+/).filter(Boolean);
  if (words.length === 0) return {};
  if (words.length === 1) return { lastName: words[0] };
  return { firstName: words.slice(0, -1).join(' '), lastName: words.at(-1) };
}

function showFieldErrors(body) {
  const fields = body?.error?.fields ?? [];
  for (const { field, problem } of fields) {
    const name = field === 'firstName' || field === 'lastName' ? 'name' : field;
    const slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
    const input = form.elements.namedItem(name);
    if (input instanceof HTMLElement) input.setAttribute('aria-invalid', 'true');
    if (slot) {
      slot.textContent = `${labelOf(name)} ${problem}`;
      slot.hidden = false;
    }
  }
  setStatus(fields.length ? 'Please check the fields marked above.' : failureText(body), 'failed');
}

function labelOf(name) {
  return { name: 'Name', email: 'E-mail', subject: 'Subject', message: 'Message' }[name] ?? name;
}

function failed(body) {
  setStatus(failureText(body), 'failed');
}

function failureText(body) {
  return body?.error?.message ? `Not sent: ${body.error.message}` : 'Not sent. Please try again.';
}

function clearErrors() {
  for (const slot of form.querySelectorAll('[data-error-for]')) {
    slot.hidden = true;
    slot.textContent = '';
  }
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
}

function setStatus(text, kind) {
  status.textContent = text;
  status.className = kind;
}
