// The page's HTTP: the ingress (same origin) and the wallet (another origin, reached through CORS with a bearer
// token, never cookies). The signed-in session lives in sessionStorage: it survives a reload of this tab, is not
// shared with other tabs and ends with the tab; nothing is stored for good.

const SESSION_KEY = "tb.session";

/** A problem details answer (or a network failure) as an error the page can show. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

let walletUrl = "";
let session = readSession();
const listeners = new Set();

function readSession() {
  try {
    return JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? "null");
  } catch {
    return null;
  }
}

function keep(next) {
  session = next;
  if (next) {
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(next));
  } else {
    sessionStorage.removeItem(SESSION_KEY);
  }
  for (const listener of listeners) listener(session);
}

/** Reads /config.json: where the wallet is. */
export async function configure() {
  const config = await json(await fetch("/config.json", { cache: "no-store" }));
  walletUrl = config.walletUrl.replace(/\/$/, "");
}

export const currentSession = () => session;
export const onSessionChange = (listener) => listeners.add(listener);

/** An id the server can tell retries by: 128 random bits as a UUID. */
export function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * JSON.parse, with integers beyond 2^53 (session, hall and venue ids are 64-bit) read as strings rather than rounded:
 * strings are matched whole first, so digits inside them are left alone.
 */
export function parse(text) {
  const exact = text.replace(/"(?:[^"\\]|\\.)*"|-?\d{16,}(?![.eE\d])/g, (token) =>
    token.startsWith('"') || Number.isSafeInteger(Number(token)) ? token : `"${token}"`);
  return JSON.parse(exact);
}

export async function json(response) {
  const text = await response.text();
  const body = text ? parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

function signedIn(tokens) {
  keep({
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    userId: tokens.userId,
    roles: tokens.roles,
    expiresAt: Date.now() + tokens.expiresIn * 1000,
  });
  return session;
}

async function postWallet(path, body) {
  return json(await fetch(walletUrl + path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  }));
}

export async function register(name, email, password) {
  return signedIn(await postWallet("/api/auth/register", { name, email, password }));
}

export async function signIn(email, password) {
  return signedIn(await postWallet("/api/auth/token", { email, password }));
}

export async function signOut() {
  const refreshToken = session?.refreshToken;
  keep(null);
  if (refreshToken) {
    await fetch(walletUrl + "/api/auth/sign-out", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refreshToken }),
    }).catch(() => {});
  }
}

// One refresh at a time: a refresh token works once.
let refreshing = null;

async function refresh() {
  if (!session?.refreshToken) throw new ApiError(401, { title: "Please sign in." });
  refreshing ??= postWallet("/api/auth/refresh", { refreshToken: session.refreshToken })
    .then(signedIn)
    .catch((error) => {
      keep(null);
      throw error;
    })
    .finally(() => { refreshing = null; });
  return refreshing;
}

/**
 * A call with the bearer token: refreshed first when it is about to expire, and once more on a 401. 503 and 429
 * are retried (after Retry-After, a few times) with the same request, Idempotency-Key included.
 */
async function authorized(url, init = {}, attempt = 0) {
  if (!session) throw new ApiError(401, { title: "Please sign in." });
  if (session.expiresAt - Date.now() < 30_000) await refresh();
  const headers = { ...init.headers, Authorization: `Bearer ${session.accessToken}` };
  const response = await fetch(url, { ...init, headers });
  if (response.status === 401 && attempt === 0) {
    await refresh();
    return authorized(url, init, attempt + 1);
  }
  if ((response.status === 503 || response.status === 429) && attempt < 4) {
    const seconds = Number(response.headers.get("Retry-After")) || 1;
    await new Promise((resolve) => setTimeout(resolve, Math.min(seconds, 5) * 1000));
    return authorized(url, init, attempt + 1);
  }
  return response;
}

/** An organizer's (or admin's) write to the ingress's admin API: the answer's JSON, or an ApiError. */
export async function admin(method, path, body) {
  return json(await authorized(path, {
    method,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  }));
}

/** A new id for something an organizer creates: random below 2^50, exact in JavaScript. */
export function newId() {
  const [high, low] = crypto.getRandomValues(new Uint32Array(2));
  return (high % 2 ** 18) * 2 ** 32 + low + 1;
}

/** The buyer's wallet account, or null when it has none. */
export async function wallet() {
  const response = await authorized(walletUrl + "/api/wallet");
  return response.status === 404 ? null : json(response);
}

/** One page of a list and the URL of the next (from the Link header), or null. */
async function page(response) {
  const items = await json(response);
  const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(response.headers.get("Link") ?? "");
  return { items, next: next ? next[1] : null };
}

/** The cities (every page of them, up to a thousand), or null when the ingress has no city catalog. */
export async function cities() {
  let response = await fetch("/api/cities");
  if (!response.ok) return null;
  const all = [];
  for (let pages = 0; pages < 20; pages++) {
    const { items, next } = await page(response);
    all.push(...items);
    if (!next) break;
    response = await fetch(next);
  }
  return all;
}

/** One page of sessions and the URL of the next, or null. */
export async function sessions(url) {
  const { items, next } = await page(await fetch(url));
  return { sessions: items, next };
}

export async function sessionDetails(id) {
  return json(await fetch(`/api/sessions/${encodeURIComponent(id)}`));
}

// Admission tokens of sessions with a waiting room (queue.js sets them), sent with every purchase there.
const admissionTokens = new Map();

/** The token a purchase in the session sends as Admission-Token, or none (null). */
export function setAdmissionToken(sessionId, token) {
  if (token) admissionTokens.set(String(sessionId), token);
  else admissionTokens.delete(String(sessionId));
}

/** A call to the ingress with the bearer token (refreshed and retried as every call here), for queue.js. */
export const authorizedFetch = (url, init) => authorized(url, init);

/** Places an order; the answer is {orderId, status}. */
export async function placeOrder(sessionId, body) {
  const admission = admissionTokens.get(String(sessionId));
  return json(await authorized(`/api/sessions/${encodeURIComponent(sessionId)}/orders`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": newKey(), ...(admission ? { "Admission-Token": admission } : {}) },
    body: JSON.stringify(body),
  }));
}

/**
 * The order once it moved on from `status` (a long poll of at most 10 s; EventSource cannot send the bearer
 * token, so the order stream is not used here), or as it is after the wait.
 */
export async function orderAfter(orderId) {
  const response = await authorized(`/api/orders/${encodeURIComponent(orderId)}?wait=10`);
  if (response.status === 404) return null; // not known to this instance yet; asked again
  return json(response);
}
