// A real OpenID Connect provider (the `oidc-provider` package) on loopback, for the
// browser tests: one client, one person, and the ways a provider can go wrong.
//
//   node tests/e2e/oidc/provider.mjs --port 9000 --client-id parley --client-secret s3cret \
//       --redirect-uri http://localhost:8000/accounts/oidc/test-idp/login/callback/ \
//       [--user-email ada@example.net --user-name "Ada Lovelace" --user-password pw] \
//       [--client-jwk '{"kty":"RSA",...}']
//       [--misbehave wrong-state,expired-code,wrong-audience,bad-signature,wrong-nonce]
//
// With --client-jwk the client authenticates at the token endpoint with private_key_jwt
// (a JWT signed with the private half of that public key) instead of its secret, as
// GOV.UK One Login requires. Like One Login, the provider refuses an authorisation
// request without a `nonce`.
//
// Every option may also come from the environment: --client-id from OIDC_CLIENT_ID, and so
// on. The issuer is http://127.0.0.1:<port>; discovery is at /.well-known/openid-configuration.
//
// Misbehaviours (comma-separated):
//   wrong-state     the redirect back to the client carries another `state` than it sent
//   wrong-audience  ID tokens are re-signed with the right key for another audience
//   bad-signature   ID tokens are signed with a key that is not the one the JWKS publishes
//   expired-code    authorization codes have expired by the time they are exchanged
//   wrong-nonce     ID tokens are re-signed with the right key and another `nonce`

import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

const MISBEHAVIOURS = new Set([
  'wrong-state',
  'expired-code',
  'wrong-audience',
  'bad-signature',
  'wrong-nonce',
]);

function options() {
  const spec = {
    port: 'OIDC_PORT',
    'client-id': 'OIDC_CLIENT_ID',
    'client-secret': 'OIDC_CLIENT_SECRET',
    'client-jwk': 'OIDC_CLIENT_JWK',
    'redirect-uri': 'OIDC_REDIRECT_URI',
    'user-sub': 'OIDC_USER_SUB',
    'user-email': 'OIDC_USER_EMAIL',
    'user-name': 'OIDC_USER_NAME',
    'user-password': 'OIDC_USER_PASSWORD',
    misbehave: 'OIDC_MISBEHAVE',
  };
  const defaults = {
    'user-sub': 'test-user-1',
    'user-email': 'ada@example.net',
    'user-name': 'Ada Lovelace',
    'user-password': 'analytical engine',
    misbehave: '',
    'client-jwk': '',
  };
  const { values } = parseArgs({
    options: Object.fromEntries(Object.keys(spec).map((name) => [name, { type: 'string' }])),
  });
  const result = {};
  for (const [name, variable] of Object.entries(spec)) {
    result[name] = values[name] ?? process.env[variable] ?? defaults[name];
    if (result[name] === undefined) {
      throw new Error(`--${name} (or ${variable}) is required`);
    }
  }
  result.misbehave = new Set(result.misbehave.split(',').filter(Boolean));
  for (const name of result.misbehave) {
    if (!MISBEHAVIOURS.has(name)) {
      throw new Error(`--misbehave: unknown ${name}; known: ${[...MISBEHAVIOURS].join(', ')}`);
    }
  }
  return result;
}

const config = options();
const port = Number(config.port);
const issuer = `http://127.0.0.1:${port}`;
const user = {
  sub: config['user-sub'],
  email: config['user-email'],
  name: config['user-name'],
  password: config['user-password'],
};

// One signing key, and an impostor with the same key id for `bad-signature`.
const KID = 'test-signing-key';
const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const impostorKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

// A small in-memory store; `expired-code` hands back codes whose lifetime is over.
const stored = new Map();
class MemoryAdapter {
  constructor(model) {
    this.model = model;
  }

  key(id) {
    return `${this.model}:${id}`;
  }

  async upsert(id, payload) {
    stored.set(this.key(id), payload);
    if (this.model === 'Session') {
      stored.set(`sessionUid:${payload.uid}`, id);
    }
  }

  async find(id) {
    const payload = stored.get(this.key(id));
    if (payload && this.model === 'AuthorizationCode' && config.misbehave.has('expired-code')) {
      return { ...payload, exp: payload.iat };
    }
    return payload;
  }

  async findByUid(uid) {
    return this.find(stored.get(`sessionUid:${uid}`));
  }

  async findByUserCode() {
    return undefined;
  }

  async consume(id) {
    stored.get(this.key(id)).consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id) {
    stored.delete(this.key(id));
  }

  async revokeByGrantId(grantId) {
    for (const [key, payload] of stored) {
      if (payload?.grantId === grantId) {
        stored.delete(key);
      }
    }
  }
}

const provider = new Provider(issuer, {
  adapter: MemoryAdapter,
  clients: [
    {
      client_id: config['client-id'],
      redirect_uris: [config['redirect-uri']],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      ...(config['client-jwk']
        ? {
            token_endpoint_auth_method: 'private_key_jwt',
            jwks: { keys: [JSON.parse(config['client-jwk'])] },
          }
        : { client_secret: config['client-secret'], token_endpoint_auth_method: 'client_secret_post' }),
    },
  ],
  jwks: { keys: [{ ...signingKey.export({ format: 'jwk' }), kid: KID, alg: 'RS256', use: 'sig' }] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  features: { devInteractions: { enabled: false } },
  ttl: {
    AccessToken: 600,
    AuthorizationCode: 60,
    Grant: 3600,
    IdToken: 600,
    Interaction: 600,
    Session: 3600,
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    if (sub !== user.sub) {
      return undefined;
    }
    return {
      accountId: sub,
      claims: async () => ({ sub, email: user.email, email_verified: true, name: user.name }),
    };
  },
});

function base64urlJson(value) {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function resign(idToken, changes, key) {
  const [header, payload] = idToken.split('.');
  const claims = { ...JSON.parse(Buffer.from(payload, 'base64url')), ...changes };
  const input = `${header}.${base64urlJson(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

// Tamper with the answers on their way out: the redirect back to the client, and the
// token endpoint's ID token.
provider.use(async (ctx, next) => {
  if (ctx.path === '/auth' && !ctx.query.nonce) {
    console.log('authorization.error: invalid_request: nonce is required');
    ctx.status = 400;
    ctx.body = 'nonce is required';
    return;
  }
  await next();
  const location = ctx.response.get('Location') ?? '';
  if (config.misbehave.has('wrong-state') && location.startsWith(config['redirect-uri'])) {
    const url = new URL(location);
    url.searchParams.set('state', 'not-the-state-you-sent');
    ctx.set('Location', url.href);
  }
  const idToken = ctx.path === '/token' && ctx.status === 200 ? ctx.body?.id_token : undefined;
  if (!idToken) {
    return;
  }
  if (config.misbehave.has('wrong-audience')) {
    ctx.body.id_token = resign(idToken, { aud: 'someone-else' }, signingKey);
  }
  if (config.misbehave.has('wrong-nonce')) {
    ctx.body.id_token = resign(ctx.body.id_token, { nonce: 'not-the-nonce-you-sent' }, signingKey);
  }
  if (config.misbehave.has('bad-signature')) {
    ctx.body.id_token = resign(ctx.body.id_token, {}, impostorKey);
  }
});

// Say why a request was refused, so that tests can tell one refusal from another.
for (const event of ['grant.error', 'authorization.error', 'userinfo.error', 'server_error']) {
  provider.on(event, (ctx, error) => {
    const why = error.error_detail ?? error.error_description ?? error.message;
    console.log(`${event}: ${error.error ?? error.name}: ${why}`);
  });
}

// The provider's own pages: sign in, then agree to share name and e-mail address.
const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${escape(title)} — Test Identity</title></head>
<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

function signInPage(uid, error = '') {
  return page(
    'Sign in to Test Identity',
    `${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${uid}">
  <input type="hidden" name="prompt" value="login">
  <p><label for="email">Email address</label> <input id="email" name="email" type="email" autocomplete="username"></p>
  <p><label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password"></p>
  <button type="submit">Sign in</button>
</form>
<p><a href="/interaction/${uid}/abort">Cancel and go back</a></p>`,
  );
}

function consentPage(uid, clientId) {
  return page(
    'Share your details',
    `<p>${escape(clientId)} would like your name and e-mail address.</p>
<form method="post" action="/interaction/${uid}">
  <input type="hidden" name="prompt" value="consent">
  <button type="submit">Allow</button>
</form>
<p><a href="/interaction/${uid}/abort">Cancel and go back</a></p>`,
  );
}

async function formBody(req) {
  const chunks = [];
  for await (const chunk of req) {
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString());
}

function send(res, status, html) {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(html);
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) {
    send(res, 400, page('Wrong interaction', ''));
    return;
  }
  if (action === 'abort') {
    const result = { error: 'access_denied', error_description: 'The person cancelled' };
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    return;
  }
  const { prompt, params, session, grantId } = details;
  if (req.method === 'GET') {
    send(res, 200, prompt.name === 'login' ? signInPage(uid) : consentPage(uid, params.client_id));
    return;
  }
  const form = await formBody(req);
  if (prompt.name === 'login' && form.get('prompt') === 'login') {
    if (form.get('email') !== user.email || form.get('password') !== user.password) {
      send(res, 200, signInPage(uid, 'That e-mail address and password do not match.'));
      return;
    }
    const result = { login: { accountId: user.sub } };
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    return;
  }
  if (prompt.name === 'consent' && form.get('prompt') === 'consent') {
    const grant = grantId
      ? await provider.Grant.find(grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) {
      grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    }
    if (prompt.details.missingOIDCClaims) {
      grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    }
    const result = { consent: { grantId: await grant.save() } };
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
    return;
  }
  send(res, 400, page('Unexpected step', `<p>Expected ${escape(prompt.name)}.</p>`));
}

const handleOidc = provider.callback();
const server = createServer((req, res) => {
  const match = new URL(req.url, issuer).pathname.match(/^\/interaction\/([\w-]+)(\/abort)?$/);
  if (!match) {
    handleOidc(req, res);
    return;
  }
  interaction(req, res, match[1], match[2] ? 'abort' : 'show').catch((error) => {
    console.error(error);
    if (!res.headersSent) {
      send(res, 500, page('Something went wrong', `<pre>${escape(error.message)}</pre>`));
    }
  });
});

server.listen(port, '127.0.0.1', () => {
  const mode = config.misbehave.size ? `, misbehaving: ${[...config.misbehave].join(', ')}` : '';
  console.log(`OpenID Connect provider at ${issuer}${mode}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}
