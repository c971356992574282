// A third-party OpenID provider for the tests: the npm package oidc-provider (pinned in
// package.json), configured for Lärspår and served on 127.0.0.1.
//
//   node tests/sso/node_op/op.mjs [port]      (or OP_PORT; 0 or none = a free port)
//
// Environment:
//   OP_CLIENT_ID, OP_CLIENT_SECRET            the one static client (confidential, code flow)
//   OP_REDIRECT_URIS                          its redirect URIs, separated by spaces
//   OP_POST_LOGOUT_REDIRECT_URIS              where end_session may send the browser back
//   OP_ACCOUNT                                JSON claims of the person who signs in
//                                             (sub, email, given_name, …)
//
// Once listening it prints one line, `READY <issuer>`, on stdout.
//
// The provider is used as published: PKCE required, ID tokens signed with RS256 by a key
// made at start, discovery, userinfo and RP-initiated logout (end_session) enabled, its
// development interactions off. Only what a person would do at a real provider is
// automated: the login and consent interaction finishes at once as OP_ACCOUNT.
//
// Two test-only routes under /_test/ (loopback only, never part of a real provider):
//   POST /_test/state   {"account": {...}, "now": <ms since epoch>, "clear_events": true}:
//                       who signs in next, and the provider's clock (see below)
//   GET  /_test/events  what the provider did, oldest first: authorisations,
//                       interactions, token grants, end_session requests, ended sessions
//
// Clock: the tests run at a frozen moment and Lärspår checks a token's iat/exp against
// it, so the provider must issue tokens at that moment too. `now` shifts Date.now()
// (which oidc-provider reads for every timestamp) by a fixed offset. The browser runs on
// the real clock, so each cookie's Expires is restated as a relative Max-Age, which a
// browser prefers and which is right on any clock.

import { generateKeyPairSync, randomBytes } from "node:crypto";
import http from "node:http";

import Provider from "oidc-provider";

const env = process.env;
const port = Number(process.argv[2] ?? env.OP_PORT ?? 0);
const list = (value) => (value ?? "").split(/\s+/).filter(Boolean);

// --- the shifted clock ------------------------------------------------------------------

const realNow = Date.now.bind(Date);
let offsetMs = 0;
Date.now = () => realNow() + offsetMs;

function restateLifetime(cookie) {
  const match = /;\s*expires=([^;]+)/i.exec(cookie);
  if (!match || /;\s*max-age=/i.test(cookie)) return cookie;
  const seconds = Math.floor((new Date(match[1]).getTime() - Date.now()) / 1000);
  // A deletion (Expires in the past) stays a deletion: Max-Age 0.
  return `${cookie}; max-age=${Math.max(seconds, 0)}`;
}

// At the last moment before the headers go out: oidc-provider appends the session
// cookie's Expires to the header list after setting it.
function withRelativeCookieLifetimes(res) {
  const writeHead = res.writeHead.bind(res);
  res.writeHead = (...args) => {
    const cookies = res.getHeader("set-cookie");
    if (cookies) {
      res.setHeader("set-cookie", [].concat(cookies).map((c) => restateLifetime(String(c))));
    }
    return writeHead(...args);
  };
}

// --- who signs in -----------------------------------------------------------------------

let person = env.OP_ACCOUNT ? JSON.parse(env.OP_ACCOUNT) : { sub: "sub-0001" };
// Everyone who has signed in, so tokens issued earlier still resolve to their claims.
const accounts = new Map();
const events = [];

async function findAccount(_ctx, sub) {
  const claims = accounts.get(sub);
  if (!claims) return undefined;
  return {
    accountId: sub,
    async claims() {
      return { ...claims, sub };
    },
  };
}

// --- pages of the provider's own (no external fonts or scripts) -------------------------

const page = (title, body) => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>${title}</h1>${body}</main></body></html>`;

const escape = (text) =>
  String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// --- the provider -----------------------------------------------------------------------

const server = http.createServer();
await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const signingKey = {
  ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }),
  kid: `op-${randomBytes(4).toString("hex")}`,
  alg: "RS256",
  use: "sig",
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: env.OP_CLIENT_ID,
      client_secret: env.OP_CLIENT_SECRET,
      redirect_uris: list(env.OP_REDIRECT_URIS),
      post_logout_redirect_uris: list(env.OP_POST_LOGOUT_REDIRECT_URIS),
      grant_types: ["authorization_code"],
      response_types: ["code"],
      // mozilla-django-oidc sends the secret in the form body.
      token_endpoint_auth_method: "client_secret_post",
      id_token_signed_response_alg: "RS256",
    },
  ],
  jwks: { keys: [signingKey] },
  pkce: { required: () => true },
  cookies: { keys: [randomBytes(32).toString("hex")] },
  acrValues: ["urn:larspar:test:loa2"],
  claims: {
    // acr and amr in every ID token, as Entra ID and Keycloak put them; oidc-provider's
    // default is to send them only when the client asks (acr_values or claims), which
    // Lärspår does not.
    openid: ["sub", "acr", "amr"],
    email: ["email", "email_verified"],
    // The unit code and professional group ride on the profile scope, as an
    // organisation's provider would release them to Lärspår.
    profile: ["given_name", "family_name", "employee_id", "unit_code", "professional_group"],
  },
  findAccount,
  interactions: {
    url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
  },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = page(
          "Sign out",
          `<p>Sign out from the test provider at ${escape(ctx.host)}?</p>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>`,
        );
      },
      async postLogoutSuccessSource(ctx) {
        ctx.body = page("Signed out", "<p>You are signed out of the test provider.</p>");
      },
    },
  },
  async renderError(ctx, out) {
    ctx.type = "html";
    ctx.body = page("Error", `<pre>${escape(JSON.stringify(out, null, 2))}</pre>`);
  },
  ttl: {
    AccessToken: 300,
    AuthorizationCode: 60,
    IdToken: 300,
    Interaction: 600,
    Session: 3600,
    Grant: 3600,
  },
});

const record = (event, detail = {}) => events.push({ event, ...detail });
provider.on("authorization.success", (ctx) =>
  record("authorization.success", { params: { ...ctx.oidc.params } }),
);
provider.on("authorization.error", (_ctx, error) =>
  record("authorization.error", { error: error.error, description: error.error_description }),
);
provider.on("grant.success", (ctx) =>
  record("grant.success", { params: { ...ctx.oidc.params } }),
);
provider.on("grant.error", (_ctx, error) =>
  record("grant.error", { error: error.error, description: error.error_description }),
);
provider.on("end_session.success", (ctx) =>
  record("end_session.success", { client_id: ctx.oidc.client?.clientId ?? null }),
);
provider.on("server_error", (_ctx, error) => {
  record("server_error", { error: String(error) });
  console.error(error);
});

// The person "signs in" and "consents" at once: a login result for the current person,
// then a grant of what the client asked for.
async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  record("interaction", { prompt: details.prompt.name });
  let result;
  if (details.prompt.name === "login") {
    accounts.set(person.sub, person);
    result = {
      login: {
        accountId: person.sub,
        acr: "urn:larspar:test:loa2",
        amr: ["pwd", "otp"],
      },
    };
  } else if (details.prompt.name === "consent") {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    const missing = details.prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    result = { consent: { grantId: await grant.save() } };
  } else {
    result = { error: "access_denied", error_description: `unexpected prompt ${details.prompt.name}` };
  }
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
}

async function testControl(req, res) {
  const send = (status, body) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  };
  if (req.method === "GET" && req.url === "/_test/events") {
    send(200, events);
    return;
  }
  if (req.method === "POST" && req.url === "/_test/state") {
    let body = "";
    for await (const chunk of req) body += chunk;
    const state = JSON.parse(body || "{}");
    if (state.account) person = state.account;
    if (typeof state.now === "number") offsetMs = state.now - realNow();
    if (state.clear_events) events.length = 0;
    send(200, { ok: true });
    return;
  }
  send(404, { error: "not_found" });
}

const callback = provider.callback();
server.on("request", (req, res) => {
  withRelativeCookieLifetimes(res);
  const url = new URL(req.url, issuer);
  if (req.method === "GET" && url.pathname === "/session/end") {
    // What the client sent to end the session (the confirmation that follows carries none of it).
    record("end_session.request", {
      client_id: url.searchParams.get("client_id"),
      id_token_hint: url.searchParams.has("id_token_hint"),
      post_logout_redirect_uri: url.searchParams.get("post_logout_redirect_uri"),
    });
  }
  const handle = req.url.startsWith("/_test/")
    ? testControl
    : req.url.startsWith("/interaction/")
      ? interaction
      : callback;
  Promise.resolve(handle(req, res)).catch((error) => {
    console.error(error);
    if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
    res.end(String(error));
  });
});

process.on("SIGTERM", () => server.close(() => process.exit(0)));
process.stdout.write(`READY ${issuer}\n`);
