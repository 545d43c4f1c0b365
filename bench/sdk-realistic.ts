/**
 * Realistic exchanges (issue 9 item 8): a Desk ticket create with its full response, and a list of 5 full
 * tickets, each through the SDK with the default transport (global fetch) and with `createNodeTransport()`,
 * against two baselines in the same run doing the same request by hand: bare `fetch`, and a bare keep-alive
 * `node:http` loop (`http.Agent({ keepAlive: true })`, the same request, `JSON.parse` of the body).
 */
import { Agent, request } from 'node:http';
import { DESK_ORG_ID, DESK_SUPPORT_DEPARTMENT_ID } from '@zohokit/emulator';
import type { CreateTicketInput } from '../packages/zohokit/dist/index.js';
// The built SDK, as users run it (npm run bench builds it first): sources through tsx carry esbuild's
// keepNames wrappers on every closure, which would bill the SDK for the bench's own transform.
import { Zoho } from '../packages/zohokit/dist/index.js';
import { createNodeTransport } from '../packages/zohokit/dist/node.js';
import { interleave } from './interleave.js';
import type { BenchRow, BenchSection } from './report.js';
import { benchTenant } from './tenant.js';

const TOTAL = 1_500;
const ROUNDS = 30; // a multiple of the 10-round cycle of 5 cases (interleave.ts)
const WARMUP = 200;

/** What a contact form sends: a subject, a few paragraphs, who wrote it. */
export const CONTACT_FORM: CreateTicketInput = {
  subject: 'Order #10482: wrong size delivered',
  departmentId: DESK_SUPPORT_DEPARTMENT_ID,
  contact: { email: 'ana.lima@example.com', firstName: 'Ana', lastName: 'Lima', phone: '+351 912 345 678' },
  description:
    'Hello, I ordered the blue jacket in size M (order #10482, placed on 24 November) and received size XL. ' +
    'The package was otherwise fine and the tags are still on. Could you send the right size and tell me how ' +
    'to return this one? I would prefer an exchange to a refund. I am home most afternoons this week if a ' +
    'courier needs to collect it. Thank you, Ana',
  channel: 'Web',
  priority: 'Medium',
};

interface Exchange {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

function httpJson(agent: Agent, url: URL, ex: Exchange, headers: Record<string, string>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const all = ex.body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(ex.body)) };
    const req = request(url, { method: ex.method, headers: all, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`node:http loop got ${res.statusCode}`));
        else resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(ex.body);
  });
}

async function measure(
  title: string,
  what: string,
  exchange: Exchange,
  viaSdk: (zoho: Zoho) => Promise<unknown>,
): Promise<BenchSection> {
  // A lean emulator: no request log and a Desk concurrency cap the sequential loop never reaches.
  const tenant = await benchTenant({ requestLogSize: 0, desk: { concurrency: 1_000 } });
  const transport = createNodeTransport();
  const agent = new Agent({ keepAlive: true });
  try {
    const desk = { orgId: DESK_ORG_ID };
    const zohoFetch = new Zoho({ ...tenant.options, desk });
    const zohoNode = new Zoho({ ...tenant.options, desk, fetch: transport });
    await tenant.emulator.control.desk.seedTickets({ count: 20, orgId: DESK_ORG_ID });
    const token = (await zohoFetch.tokens.get()).token;
    await zohoNode.tokens.get();
    const url = new URL(`${tenant.emulator.endpoints.desk}${exchange.path}`);
    // The headers the SDK sends, so the baselines do the same work on the wire.
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Zoho-oauthtoken ${token}`,
      orgId: DESK_ORG_ID,
      ...(exchange.body === undefined ? {} : { 'content-type': 'application/json' }),
    };
    const cases = {
      fetch: async () => {
        const res = await fetch(url, { method: exchange.method, headers, body: exchange.body });
        if (res.status !== 200) throw new Error(`bare fetch got ${res.status}`);
        await res.json();
      },
      // Bare fetch with what the SDK's default transport adds on the wire side: a per-call deadline (fetch's
      // only abort is a signal, which undici follows per request) and refused redirects.
      fetchDeadline: async () => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), 30_000);
        try {
          const { method, body } = exchange;
          const res = await fetch(url, { method, headers, body, redirect: 'error', signal: controller.signal });
          if (res.status !== 200) throw new Error(`fetch with a deadline got ${res.status}`);
          await res.json();
        } finally {
          clearTimeout(timer);
        }
      },
      http: () => httpJson(agent, url, exchange, headers),
      sdkFetch: () => viaSdk(zohoFetch),
      sdkNode: () => viaSdk(zohoNode),
    };
    const r = await interleave(cases, { total: TOTAL, rounds: ROUNDS, warmup: WARMUP });
    const mean = (metric: string, name: string): BenchRow => ({
      metric,
      value: `${r.meanMs(name).toFixed(3)} ms`,
      target: name === 'fetch' || name === 'http' || name === 'fetchDeadline' ? 'baseline' : '—',
      pass: true,
    });
    const ratio = (metric: string, a: string, b: string, target?: number): BenchRow => {
      const value = r.ratio(a, b);
      return {
        metric,
        value: `${value.toFixed(3)}×`,
        target: target === undefined ? 'info' : `≤ ${target.toFixed(2)}×`,
        pass: target === undefined || value <= target,
      };
    };
    return {
      title,
      method: `${what}: ${TOTAL} sequential calls per case after ${WARMUP} untimed, ${ROUNDS} interleaved rounds in balanced order, the built SDK (dist), same emulator (request log off, Desk concurrency cap 1000, no latency); ratios are medians of per-round ratios.`,
      rows: [
        mean('bare fetch, mean per call', 'fetch'),
        mean('bare fetch with a 30 s deadline signal, mean per call', 'fetchDeadline'),
        mean('bare keep-alive node:http loop, mean per call', 'http'),
        mean('SDK, default transport (global fetch), mean per call', 'sdkFetch'),
        mean('SDK, createNodeTransport(), mean per call', 'sdkNode'),
        ratio('SDK default transport / bare fetch', 'sdkFetch', 'fetch', 1.05),
        ratio('SDK node transport / keep-alive node:http loop', 'sdkNode', 'http', 1.1),
        ratio('bare fetch with a deadline signal / bare fetch', 'fetchDeadline', 'fetch'),
        ratio('SDK default transport / bare fetch with the same deadline', 'sdkFetch', 'fetchDeadline'),
        ratio('SDK node transport / bare fetch', 'sdkNode', 'fetch'),
        ratio('bare keep-alive node:http loop / bare fetch', 'http', 'fetch'),
      ],
    };
  } finally {
    transport.close();
    agent.destroy();
    await tenant.close();
  }
}

export function deskCreate(): Promise<BenchSection> {
  return measure(
    'Realistic exchange: Desk ticket create',
    'POST /api/v1/tickets with the orgId header and a contact-form body (subject, description, contact, channel, priority), full ticket in the response',
    { method: 'POST', path: '/api/v1/tickets', body: JSON.stringify(CONTACT_FORM) },
    (zoho) => zoho.desk.tickets.create(CONTACT_FORM),
  );
}

export function deskList(): Promise<BenchSection> {
  return measure(
    'Realistic exchange: Desk list of 5 tickets',
    'GET /api/v1/tickets?from=0&limit=5 with the orgId header (20 seeded tickets), 5 full tickets in the response; the SDK call is zoho.desk.tickets.list().toArray({ limit: 5 })',
    { method: 'GET', path: '/api/v1/tickets?from=0&limit=5' },
    async (zoho) => {
      const tickets = await zoho.desk.tickets.list().toArray({ limit: 5 });
      if (tickets.length !== 5) throw new Error(`list gave ${tickets.length} tickets`);
    },
  );
}
