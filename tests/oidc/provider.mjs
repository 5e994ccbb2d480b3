// A real OpenID provider for the tests: the certified `oidc-provider` package, run with Node.js.
//
//   node tests/oidc/provider.mjs PORT CLIENTS_JSON
//
// CLIENTS_JSON: [{"client_id", "client_secret", "redirect_uris": [...]}, ...]. Prints "ready <issuer>"
// once it listens on 127.0.0.1:PORT.
//
// Test-only additions, kept small:
// - GET /interaction/:uid/login?sub=SUB signs in any subject (with email SUB@<domain given by &email=>),
//   and grants the requested scopes, so the tests need no HTML forms.
// - A subject starting with "tamper-<what>-" gets its ID token re-signed with the provider's own key after
//   one claim was changed (aud, audazp, iss, nonce, exp): what a misbehaving provider or a token swap would hand
//   Soffa. The signature stays valid, so only Soffa's claim checks can refuse it.
import crypto from "node:crypto";

import Provider from "oidc-provider";

const [port, clientsJson] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: "jwk" }), kid: "test-key", alg: "RS256", use: "sig" };
const emails = new Map(); // sub -> { email, verified }

const provider = new Provider(issuer, {
  clients: JSON.parse(clientsJson).map((client) => ({ grant_types: ["authorization_code"], ...client })),
  jwks: { keys: [jwk] },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  // Claims go into the ID token itself: Soffa reads them from there (no userinfo call).
  conformIdTokenClaims: false,
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: async (ctx, sub) => ({
    accountId: sub,
    claims: async () => {
      const known = emails.get(sub) || { email: `${sub}@example.org`, verified: true };
      return { sub, email: known.email, email_verified: known.verified, name: `Person ${sub}` };
    },
  }),
});

provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([^/]+)\/login$/);
  if (ctx.method === "GET" && match) {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const sub = ctx.query.sub;
    emails.set(sub, { email: ctx.query.email || `${sub}@example.org`, verified: ctx.query.verified !== "false" });
    const grant = new provider.Grant({ accountId: sub, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope);
    const grantId = await grant.save();
    await provider.interactionFinished(
      ctx.req,
      ctx.res,
      { login: { accountId: sub }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
    ctx.respond = false;
    return;
  }
  await next();
  if (ctx.path === "/token" && ctx.status === 200 && ctx.body && ctx.body.id_token) {
    ctx.body = { ...ctx.body, id_token: tamper(ctx.body.id_token) };
  }
});

function tamper(idToken) {
  const [header, payload] = idToken.split(".").slice(0, 2).map((part) => JSON.parse(Buffer.from(part, "base64url")));
  const what = (payload.sub.match(/^tamper-([a-z]+)-/) || [])[1];
  if (!what) return idToken;
  const now = Math.floor(Date.now() / 1000);
  if (what === "aud") payload.aud = "another-client";
  if (what === "audazp") Object.assign(payload, { aud: "another-client", azp: payload.aud });
  if (what === "iss") payload.iss = `${issuer}/another-issuer`;
  if (what === "nonce") payload.nonce = "not-the-nonce-soffa-sent";
  if (what === "exp") Object.assign(payload, { iat: now - 3600, exp: now - 1800 });
  const encode = (part) => Buffer.from(JSON.stringify(part)).toString("base64url");
  const input = `${encode(header)}.${encode(payload)}`;
  const signature = crypto.sign("sha256", Buffer.from(input), privateKey).toString("base64url");
  return `${input}.${signature}`;
}

provider.listen(Number(port), "127.0.0.1", () => console.log(`ready ${issuer}`));
// The tests hold our stdin open: when they end, even killed, the provider ends with them.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("close", () => process.exit(0));
process.stdin.resume();
