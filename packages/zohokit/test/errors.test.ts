import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  createZohoError,
  isZohoError,
  TokenEndpoint,
  ZohoApiError,
  ZohoAuthError,
  ZohoConfigError,
  ZohoConnectionError,
  ZohoError,
  type ZohoEvent,
  ZohoNotFoundError,
  ZohoPermissionError,
  ZohoRateLimitError,
  ZohoValidationError,
} from 'zohokit';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  FakeZoho,
  fail,
  jsonResponse,
  makeZoho,
  networkError,
  ok,
  REFRESH_TOKEN,
  type Responder,
  textResponse,
  tokenBody,
  zohoToken,
} from './support/fake-zoho.js';

/** Every string view of an error that a logger, error tracker or console might produce. */
function views(error: unknown): string[] {
  const e = error as Error & { cause?: unknown };
  return [
    e.message,
    String(e.stack),
    JSON.stringify(e),
    inspect(e, { depth: 10 }),
    String(e.cause),
    inspect(e.cause, { depth: 10 }),
    String(e),
  ];
}

/** Fails when `secret`, or a long piece of it, shows up in any view of the error or in any event. */
function expectNoLeak(secret: string, error: unknown, events: ZohoEvent[] = []): void {
  const texts = [...views(error), JSON.stringify(events), inspect(events, { depth: 10 })];
  const pieces = [secret, secret.slice(0, 16), secret.slice(-16)];
  for (const text of texts) {
    for (const piece of pieces) expect(text, `leaked ${piece} in: ${text.slice(0, 300)}`).not.toContain(piece);
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

/** An HTML page with the secret in its title, and a JSON body with it near the 80-character cut. */
const echoes = (secret: string) => ({
  html:
    (status: number): Responder =>
    () =>
      textResponse(`<html><head><title>Denied ${secret}</title></head></html>`, status),
  json: (status: number): Responder => ok({ message: `${'x'.repeat(50)} ${secret} was not accepted` }, status),
  thrown: (code: string): Responder => fail(networkError(code, `socket closed while sending ${secret}`)),
});

describe('errors: the class tree', () => {
  const cases = [
    ['auth', ZohoAuthError],
    ['permission', ZohoPermissionError],
    ['not_found', ZohoNotFoundError],
    ['validation', ZohoValidationError],
    ['rate_limit', ZohoRateLimitError],
    ['connection', ZohoConnectionError],
    ['api', ZohoApiError],
    ['config', ZohoConfigError],
  ] as const;

  it.each(cases)('createZohoError(%s) builds the matching subclass of ZohoError', (kind, Class) => {
    const error = createZohoError(kind, { message: 'something failed', code: 'c1', status: 418, product: 'desk' });
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(ZohoError);
    expect(error).toBeInstanceOf(Error);
    expect(isZohoError(error)).toBe(true);
    expect(error.kind).toBe(kind);
    expect(error.name).toBe(Class.name);
    expect(String(error)).toMatch(new RegExp(`^${Class.name}: zohokit: something failed`));
  });

  it('composes the message from what happened, the code, the status and the fix', () => {
    const error = createZohoError('validation', {
      message: 'desk rejected POST /api/v1/tickets: bad email',
      code: 'UNPROCESSABLE_ENTITY',
      status: 422,
      fix: 'Fix the email',
    });
    expect(error.message).toBe(
      'zohokit: desk rejected POST /api/v1/tickets: bad email (UNPROCESSABLE_ENTITY, HTTP 422). Fix the email',
    );
  });

  it('serialises to JSON with its facts and without undefined fields', () => {
    const error = createZohoError('rate_limit', {
      message: 'slow down',
      code: 'TOO_MANY_REQUESTS',
      status: 429,
      product: 'desk',
      requestId: 'r1',
      request: { method: 'GET', url: 'https://desk.zoho.com/api/v1/tickets' },
      retryAfterMs: 1_000,
      details: { limit: 'x' },
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'ZohoRateLimitError',
      kind: 'rate_limit',
      message: 'zohokit: slow down (TOO_MANY_REQUESTS, HTTP 429)',
      summary: 'slow down',
      outcome: 'retryable',
      status: 429,
      code: 'TOO_MANY_REQUESTS',
      product: 'desk',
      requestId: 'r1',
      request: { method: 'GET', url: 'https://desk.zoho.com/api/v1/tickets' },
      details: { limit: 'x' },
      retryAfterMs: 1_000,
    });
  });

  it('is not a ZohoError when it is a plain Error', () => {
    expect(isZohoError(new Error('x'))).toBe(false);
    expect(isZohoError({ kind: 'auth' })).toBe(false);
  });

  it('keeps only name, code and a redacted message of a cause', () => {
    const raw = Object.assign(new Error(`failed with refresh_token=${REFRESH_TOKEN}`), {
      code: 'ECONNRESET',
      config: { headers: { Authorization: `Zoho-oauthtoken ${REFRESH_TOKEN}` } },
    });
    const error = createZohoError('connection', { message: 'x', cause: raw });
    const cause = error.cause as Error & { code?: string; config?: unknown };
    expect(cause).not.toBe(raw);
    expect(cause.code).toBe('ECONNRESET');
    expect(cause.config).toBeUndefined();
    expect(cause.message).toBe('failed with refresh_token=[REDACTED]');
    expect(Object.keys(error)).not.toContain('cause');
  });

  it('redacts literal secrets in the message, fix, details and request', () => {
    const error = createZohoError('api', {
      message: 'echo s3cret-1',
      fix: 'do not say s3cret-1',
      details: { echo: 's3cret-1' },
      request: { method: 'POST', url: 'https://x.example/?v=s3cret-1' },
      secrets: ['s3cret-1'],
    });
    expect(views(error).join('\n')).not.toContain('s3cret-1');
  });
});

// Each secret in two shapes: as Zoho issues it (caught by shape) and as a test or proxy might (caught literally).
const ACCESS_TOKENS = [zohoToken(0xacce55), 'plain-access-token-0123456789'];
const REFRESH_TOKENS = [REFRESH_TOKEN, 'plain-refresh-token-0123456789'];
const GRANT_CODES = [zohoToken(0xc0de, 'f'), 'plain-grant-code-0123456789'];

describe('errors never reveal the access token', () => {
  for (const token of ACCESS_TOKENS) {
    const shape = token.startsWith('1000.') ? 'Zoho-shaped' : 'plain';
    const setup = () => {
      const fake = new FakeZoho().queueToken(ok(tokenBody(token)));
      const events: ZohoEvent[] = [];
      const zoho = makeZoho(fake, { onEvent: (e) => events.push(e), retry: false });
      return { fake, zoho, events };
    };

    it(`${shape}: Desk 400 echoing it in its message`, async () => {
      const { fake, zoho, events } = setup();
      fake.queueApi(ok({ errorCode: 'INVALID_DATA', message: `token ${token} is not allowed here` }, 400));
      const error = await rejection(zoho.request({ product: 'desk', path: '/api/v1/tickets' }));
      expect(error).toBeInstanceOf(ZohoValidationError);
      expect(error).toMatchObject({
        kind: 'validation',
        status: 400,
        code: 'INVALID_DATA',
        product: 'desk',
        request: { method: 'GET', url: 'https://desk.zoho.com/api/v1/tickets' },
      });
      expectNoLeak(token, error, events);
    });

    it(`${shape}: an HTML page and a long text body echoing it`, async () => {
      const { fake, zoho, events } = setup();
      fake.queueApi(echoes(token).html(500), echoes(token).json(500));
      const a = await rejection(zoho.request({ product: 'desk', path: '/a' }));
      const b = await rejection(zoho.request({ product: 'desk', path: '/b' }));
      expect(a).toBeInstanceOf(ZohoApiError);
      expect(b).toBeInstanceOf(ZohoApiError);
      expectNoLeak(token, a, events);
      expectNoLeak(token, b, events);
    });

    it(`${shape}: two 401s echoing it`, async () => {
      const { fake, zoho, events } = setup();
      const second = `${token}-second`;
      fake.queueToken(ok(tokenBody(second)));
      // Zoho echoes the token it was sent.
      const rejected: Responder = (call) =>
        jsonResponse(
          { errorCode: 'INVALID_OAUTH', message: `Invalid ${call.headers.get('authorization')?.split(' ')[1]}` },
          401,
        );
      fake.queueApi(rejected, rejected);
      const error = await rejection(zoho.request({ product: 'desk', path: '/api/v1/tickets' }));
      expect(error).toBeInstanceOf(ZohoAuthError);
      expect(fake.apiCalls[1]!.headers.get('authorization')).toBe(`Zoho-oauthtoken ${second}`);
      expectNoLeak(token, error, events);
      expectNoLeak(second, error, events);
    });

    it(`${shape}: a connection failure whose error mentions it`, async () => {
      const { fake, zoho, events } = setup();
      fake.queueApi(echoes(token).thrown('ECONNRESET'));
      const error = await rejection(zoho.request({ product: 'desk', path: '/api/v1/tickets' }));
      expect(error).toBeInstanceOf(ZohoConnectionError);
      expect(error).toMatchObject({ code: 'reset', product: 'desk' });
      expectNoLeak(token, error, events);
    });

    it(`${shape}: a failed revoke of it`, async () => {
      const fake = new FakeZoho().queueToken(ok({ error: 'invalid_token', token }, 400));
      const endpoint = new TokenEndpoint({
        accountsUrl: 'https://accounts.zoho.com',
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        fetch: fake.fetch,
        timeoutMs: 1_000,
        trustedAccountsServers: [],
      });
      const error = await rejection(endpoint.revoke(token));
      expect(error).toBeInstanceOf(ZohoAuthError);
      expectNoLeak(token, error);
    });
  }
});

describe('errors never reveal the refresh token or the client secret', () => {
  const cases: [string, string][] = [
    ...REFRESH_TOKENS.map((rt): [string, string] => [
      `refresh token (${rt.startsWith('1000.') ? 'Zoho-shaped' : 'plain'})`,
      rt,
    ]),
    ['client secret', CLIENT_SECRET],
  ];

  for (const [what, secret] of cases) {
    const setup = () => {
      const fake = new FakeZoho();
      const events: ZohoEvent[] = [];
      const refreshToken = secret === CLIENT_SECRET ? REFRESH_TOKEN : secret;
      const zoho = makeZoho(fake, { refreshToken, onEvent: (e) => events.push(e), retry: false });
      return { fake, zoho, events };
    };
    const scenarios: [string, () => Responder, new (...args: never[]) => ZohoError, string][] = [
      [
        '{"error":"invalid_code"} with HTTP 200',
        () => ok({ error: 'invalid_code', echo: secret }),
        ZohoAuthError,
        'invalid_code',
      ],
      [
        '{"error":"invalid_client"}',
        () => ok({ error: 'invalid_client', echo: secret }),
        ZohoAuthError,
        'invalid_client',
      ],
      [
        '{"error":"Access Denied"}',
        () => ok({ error: 'Access Denied', error_description: secret }),
        ZohoRateLimitError,
        'Access Denied',
      ],
      ['an HTML page echoing it', () => echoes(secret).html(200), ZohoAuthError, 'non_json_response'],
      [
        'a JSON body without a token echoing it',
        () => echoes(secret).json(200),
        ZohoAuthError,
        'unexpected_token_response',
      ],
      ['a 502 page echoing it', () => echoes(secret).html(502), ZohoApiError, 'non_json_response'],
      ['a reset whose error mentions it', () => echoes(secret).thrown('ECONNRESET'), ZohoConnectionError, 'reset'],
    ];
    for (const [how, responder, Class, code] of scenarios) {
      it(`${what}: token endpoint answering ${how}`, async () => {
        const { fake, zoho, events } = setup();
        fake.queueToken(responder());
        const direct = await rejection(zoho.tokens.get());
        expect(direct).toBeInstanceOf(Class);
        expect(direct).toMatchObject({
          code,
          product: 'accounts',
          request: { method: 'POST', url: 'https://accounts.zoho.com/oauth/v2/token' },
        });
        expectNoLeak(secret, direct, events);

        // The same failure reached through an API call, with its `error` event.
        fake.queueToken(responder());
        const viaPipeline = await rejection(
          makeZoho(fake, {
            refreshToken: secret === CLIENT_SECRET ? REFRESH_TOKEN : secret,
            onEvent: (e) => events.push(e),
            retry: false,
          }).request({ product: 'desk', path: '/api/v1/tickets' }),
        );
        expect(viaPipeline).toBeInstanceOf(Class);
        expect(events.some((e) => e.type === 'error')).toBe(true);
        expectNoLeak(secret, viaPipeline, events);
      });
    }

    it(`${what}: an API error echoing it`, async () => {
      const { fake, zoho, events } = setup();
      fake.queueApi(ok({ errorCode: 'INVALID_DATA', message: `bad ${secret}` }, 422));
      const error = await rejection(zoho.request({ product: 'desk', path: '/api/v1/tickets' }));
      expect(error).toBeInstanceOf(ZohoValidationError);
      expectNoLeak(secret, error, events);
    });
  }

  it('the client secret: configuration errors never echo it', () => {
    let error: unknown;
    try {
      makeZoho(new FakeZoho(), { clientCredentials: { scope: 'x', soid: CLIENT_SECRET } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ZohoConfigError);
    expectNoLeak(CLIENT_SECRET, error);
    expectNoLeak(REFRESH_TOKEN, error);
  });
});

describe('errors never reveal the grant code', () => {
  for (const code of GRANT_CODES) {
    const shape = code.startsWith('1000.') ? 'Zoho-shaped' : 'plain';
    const scenarios: [string, Responder, new (...args: never[]) => ZohoError][] = [
      ['{"error":"invalid_code"}', ok({ error: 'invalid_code', code }), ZohoAuthError],
      ['{"error":"invalid_redirect_uri"}', ok({ error: 'invalid_redirect_uri', code }), ZohoAuthError],
      ['an HTML page echoing it', echoes(code).html(200), ZohoAuthError],
      ['a JSON body echoing it', echoes(code).json(200), ZohoAuthError],
      ['a reset whose error mentions it', echoes(code).thrown('ECONNRESET'), ZohoConnectionError],
    ];
    for (const [how, responder, Class] of scenarios) {
      it(`${shape}: exchangeCode answered ${how}`, async () => {
        const fake = new FakeZoho().queueToken(responder);
        const events: ZohoEvent[] = [];
        const zoho = makeZoho(fake, { refreshToken: undefined, onEvent: (e) => events.push(e) });
        const error = await rejection(zoho.tokens.exchangeCode({ code, redirectUri: 'https://app.example/cb' }));
        expect(error).toBeInstanceOf(Class);
        expect(error).toMatchObject({ product: 'accounts' });
        expect(events).toContainEqual(
          expect.objectContaining({ type: 'token.refresh', reason: 'exchange', ok: false }),
        );
        expectNoLeak(code, error, events);
        expectNoLeak(CLIENT_SECRET, error, events);
      });
    }

    it(`${shape}: exchangeCode refusing an untrusted accounts-server`, async () => {
      const fake = new FakeZoho();
      const zoho = makeZoho(fake, { refreshToken: undefined });
      const error = await rejection(
        zoho.tokens.exchangeCode({ code, accountsServer: `https://accounts.zoho.com.evil.example/?code=${code}` }),
      );
      expect(error).toBeInstanceOf(ZohoConfigError);
      expect(fake.calls).toHaveLength(0);
      expectNoLeak(code, error);
    });
  }
});
