/**
 * The runtime conformance scenarios: the same SDK calls, in every runtime, against an emulator the Node side
 * started. Plain JavaScript and Web APIs only (fetch, URL, JSON): no Node built-in, no runtime global. The
 * emulator's control API is reached with fetch like any other HTTP server.
 *
 * Each scenario resolves to plain facts (strings, numbers, booleans); runtimes.test.ts asserts them. A scenario
 * that throws records `{ threw: name + message }` (the message comes from zohokit, so it is redacted) and the
 * next one still runs.
 *
 * @param {typeof import('zohokit')} sdk the built `zohokit` ESM entry
 * @param {{ url: string, endpoints: Record<string, string>, clientId: string, clientSecret: string,
 *   code: string, listKey: string, email: string }} config
 */
export async function runScenarios(sdk, config) {
  const events = [];
  const zoho = new sdk.Zoho({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    dc: 'us',
    endpoints: config.endpoints,
    onEvent: (event) => events.push(event),
  });
  const control = (method, path, body) =>
    fetch(`${config.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (r) => {
      if (!r.ok) throw new Error(`control ${method} ${path}: ${r.status}`);
      return r.json();
    });
  const whoami = { product: 'api', path: '/__emulator/whoami' };
  const since = (from, type) => events.slice(from).filter((e) => e.type === type);
  /** The secrets no error, event or output may contain; the refresh token is known only after the exchange. */
  const secrets = [config.clientSecret];

  const results = {};
  const scenario = async (name, fn) => {
    try {
      results[name] = await fn();
    } catch (error) {
      results[name] = { threw: `${error?.name}: ${error?.message}` };
    }
  };

  await scenario('codeExchange', async () => {
    const set = await zoho.tokens.exchangeCode({ code: config.code });
    if (set.refreshToken) secrets.push(set.refreshToken);
    if (set.accessToken) secrets.push(set.accessToken);
    const me = await zoho.request(whoami);
    return {
      gotRefreshToken: typeof set.refreshToken === 'string' && set.refreshToken.length > 0,
      expiresInFuture: set.expiresAt > Date.now(),
      email: me.user.email,
    };
  });

  await scenario('refreshAfterExpiry', async () => {
    const from = events.length;
    const { expired } = await control('POST', '/__emulator/tokens/expire', { clientId: config.clientId });
    const me = await zoho.request(whoami);
    return {
      expired,
      email: me.user.email,
      refreshes: since(from, 'token.refresh').length,
      authRetries: since(from, 'retry').filter((e) => e.reason === 'auth').length,
    };
  });

  await scenario('deskTicket', async () => {
    const [org] = await zoho.desk.organizations.list().toArray({ limit: 1 });
    const desk = zoho.desk.withOrg(org.id);
    const [department] = await desk.departments.list().toArray({ limit: 1 });
    const subject = `conformance ${crypto.randomUUID()}`;
    const ticket = await desk.tickets.create({
      subject,
      departmentId: department.id,
      contact: { email: config.email, lastName: 'Runtime' },
    });
    const listed = await desk.tickets.list().toArray({ limit: 500 });
    const found = listed.find((t) => t.id === ticket.id);
    return { created: typeof ticket.id === 'string', listedSubject: found?.subject === subject };
  });

  await scenario('campaignsSubscribe', async () => {
    const { status } = await zoho.campaigns.subscribe({ listKey: config.listKey, email: config.email });
    return { status };
  });

  await scenario('retry503', async () => {
    await control('POST', '/__emulator/faults', {
      method: 'GET',
      path: '/__emulator/whoami',
      sequence: [{ status: 503 }],
    });
    const from = events.length;
    const me = await zoho.request(whoami);
    const retries = since(from, 'retry');
    return { email: me.user.email, retries: retries.length, retryStatus: retries[0]?.status };
  });

  await scenario('redaction', async () => {
    const from = events.length;
    // A grant code Zoho does not know: an OAuth error whose request carried the client secret in its form body.
    const exchangeError = await zoho.tokens.exchangeCode({ code: '1000.0000.0000' }).then(
      () => undefined,
      (e) => e,
    );
    // A 401 twice: the request carried the access token, and the refresh in between carried the refresh token.
    const body = { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' };
    await control('POST', '/__emulator/faults', {
      method: 'GET',
      path: '/__emulator/whoami',
      sequence: [
        { status: 401, body },
        { status: 401, body },
      ],
    });
    const authError = await zoho.request(whoami).then(
      () => undefined,
      (e) => e,
    );
    const texts = [exchangeError, authError].flatMap((e) =>
      e ? [String(e), e.message, e.stack ?? '', JSON.stringify(e)] : [],
    );
    texts.push(JSON.stringify(events.slice(from)));
    return {
      exchangeError: exchangeError ? `${exchangeError.name} ${exchangeError.code}` : 'none',
      authError: authError ? `${authError.name} ${authError.status}` : 'none',
      isZohoError: exchangeError instanceof sdk.ZohoError && authError instanceof sdk.ZohoError,
      secretsChecked: secrets.length,
      leaks: secrets.filter((s) => texts.some((t) => t.includes(s))).length,
    };
  });

  return results;
}
