// The waiting room of the open session, where it has one: join, the live standing (position, ETA, "your turn" with
// its countdown, sold out and the waiting list's offer), leave. The standing is followed over its Server-Sent Event
// stream, read with fetch since EventSource cannot send the bearer token, and by long polls when the stream is not to
// be had. While the buyer is admitted, purchases in the session carry the admission token (api.setAdmissionToken).
import * as api from "./api.js";

const $ = (id) => document.getElementById(id);
const LONG_POLL_SECONDS = 10;

let current = null; // { sessionId, room, stop: AbortController, standing, timer }

document.addEventListener("tb:session-opened", (event) => open(event.detail.sessionId));
// Signing in or out (not a token's refresh, which also reports a change) reads the standing again.
let signedInAs = api.currentSession()?.userId ?? null;
api.onSessionChange((session) => {
  const now = session?.userId ?? null;
  if (now === signedInAs) return;
  signedInAs = now;
  if (current) open(current.sessionId);
});
$("queue-join").addEventListener("click", () => join().catch(shown));
$("queue-leave").addEventListener("click", () => leave().catch(shown));

function shown(error) {
  $("queue-standing").textContent = error instanceof api.ApiError ? error.message : `Something went wrong: ${error.message ?? error}`;
}

function close() {
  current?.stop.abort();
  clearInterval(current?.timer);
  if (current) api.setAdmissionToken(current.sessionId, null);
  current = null;
}

async function open(sessionId) {
  close();
  const session = $("session");
  const response = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/waiting-room`, { cache: "no-store" }).catch(() => null);
  if (!response?.ok) {
    $("queue").hidden = true;
    delete session.dataset.admission;
    return;
  }
  const room = api.parse(await response.text());
  const mine = { sessionId, room, stop: new AbortController(), standing: null, timer: null };
  current = mine;
  $("queue").hidden = false;
  session.dataset.admission = "required";
  showRoom(room);
  if (!api.currentSession()) {
    show(null, "Sign in to join the queue.");
    return;
  }
  const standing = await read(sessionId, 0).catch(() => null);
  if (current !== mine) return;
  show(standing);
  if (standing) follow(mine);
}

function showRoom(room) {
  const sale = new Date(room.saleStartsAt).toLocaleString();
  const parts = [`The sale starts ${sale}; buyers are let in ${room.admitPerMinute} a minute.`];
  if (new Date(room.opensAt) > new Date()) parts.push(`The queue opens ${new Date(room.opensAt).toLocaleString()}.`);
  else if (room.phase === "scheduled" || room.phase === "prequeue") parts.push("Everyone who joins before the start gets a random place then; later arrivals queue behind in order.");
  else parts.push("The sale has started: newcomers queue behind, in order of arrival.");
  if (room.soldOut) parts.push("Sold out: the queue is a waiting list now.");
  $("queue-room").textContent = parts.join(" ");
  $("queue").dataset.phase = room.phase;
}

/** The standing (a long poll of `wait` seconds when waiting), or null when the buyer is not in the queue. */
async function read(sessionId, wait, signal) {
  const query = wait > 0 ? `?wait=${wait}` : "";
  const response = await api.authorizedFetch(`/api/sessions/${encodeURIComponent(sessionId)}/queue${query}`, { signal });
  if (response.status === 404) return null;
  return api.json(response);
}

async function join() {
  if (!current) return;
  const mine = current;
  const response = await api.authorizedFetch(`/api/sessions/${encodeURIComponent(mine.sessionId)}/queue`, { method: "POST" });
  const standing = await api.json(response);
  if (current !== mine) return;
  show(standing);
  follow(mine);
}

async function leave() {
  if (!current) return;
  const mine = current;
  const response = await api.authorizedFetch(`/api/sessions/${encodeURIComponent(mine.sessionId)}/queue`, { method: "DELETE" });
  if (!response.ok && response.status !== 404) await api.json(response);
  mine.stop.abort();
  if (current === mine) {
    mine.stop = new AbortController();
    show(await read(mine.sessionId, 0).catch(() => null));
  }
}

/** Follows the standing: the stream while it serves, else long polls, until the session is closed or another opened. */
async function follow(mine) {
  const signal = mine.stop.signal;
  while (!signal.aborted && current === mine) {
    const streamed = await stream(mine, signal).catch(() => false);
    if (signal.aborted || current !== mine) return;
    if (streamed) {
      await pause(1000); // the server ended the stream (its lifetime): reconnect, as its retry hint says
      continue;
    }
    // No stream to be had (too many open, a proxy that buffers): the long poll answers as soon as the room moves.
    const standing = await read(mine.sessionId, LONG_POLL_SECONDS, signal).catch(() => undefined);
    if (signal.aborted || current !== mine || standing === null) return;
    if (standing !== undefined) show(standing);
    // Only a waiting buyer's read waits for the room; any other is asked again after a while.
    if (standing?.state !== "waiting") await pause(standing === undefined ? 2000 : 5000);
  }
}

/** Reads the Server-Sent Event stream until it ends; false when it could not be opened. */
async function stream(mine, signal) {
  const response = await api.authorizedFetch(`/api/sessions/${encodeURIComponent(mine.sessionId)}/queue/stream`, {
    headers: { Accept: "text/event-stream" },
    signal,
  });
  if (!response.ok || !response.body) return false;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let got = false;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return got;
    buffer += value.replace(/\r\n?/g, "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const lines = block.split("\n");
      const name = lines.find((line) => line.startsWith("event:"))?.slice(6).trim();
      const data = lines.filter((line) => line.startsWith("data:")).map((line) => line.slice(5).replace(/^ /, "")).join("\n");
      if (name === "standing" && data && current === mine) {
        got = true;
        show(api.parse(data));
      }
    }
  }
}

const pause = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

function minutesAndSeconds(milliseconds) {
  const total = Math.max(0, Math.round(milliseconds / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

function etaText(seconds) {
  if (seconds === null || seconds === undefined) return "";
  if (seconds < 60) return ", your turn in less than a minute";
  return `, your turn in about ${Math.round(seconds / 60)} minute${Math.round(seconds / 60) === 1 ? "" : "s"}`;
}

function standingText(standing) {
  switch (standing.state) {
    case "waiting":
      if (standing.preQueue || standing.position === null) {
        return "You are in the queue. When the sale starts everyone who joined before it gets a random place.";
      }
      if (standing.soldOut) {
        return `Sold out: you are on the waiting list (number ${standing.position}). If a seat frees up, you get an offer.`;
      }
      return `You are number ${standing.position} in the queue (${standing.ahead} ahead${etaText(standing.etaSeconds)}).`;
    case "admitted":
      return standing.offer
        ? "A seat came free: this offer is yours. Buy before it ends."
        : "It's your turn! Buy your tickets before your time runs out.";
    case "ordered": return "Your order is in. You may still buy again while your turn lasts.";
    case "expired": return standing.offer ? "Your offer has ended." : "Your turn has passed.";
    case "left": return "You left the queue. Join again to queue at the back.";
    case "closed": return "The waiting room is closed: the show has started.";
    default: return standing.state;
  }
}

/** Shows the standing (null: not in the queue) and arms the purchase with its token while it lasts. */
function show(standing, text) {
  if (!current) return;
  current.standing = standing;
  clearInterval(current.timer);
  const panel = $("queue");
  const session = $("session");
  panel.dataset.state = standing?.state ?? "outside";
  if (standing) {
    panel.dataset.position = standing.position ?? "";
    panel.dataset.soldOut = String(standing.soldOut);
    panel.dataset.offer = String(standing.offer);
  }
  $("queue-standing").textContent = text ?? (standing ? standingText(standing) : "You are not in the queue yet.");
  $("queue-join").hidden = !api.currentSession() || (standing !== null && standing.state !== "left");
  $("queue-leave").hidden = standing?.state !== "waiting";
  const token = standing?.admissionToken ?? null;
  api.setAdmissionToken(current.sessionId, token);
  session.dataset.admission = token ? "granted" : "required";
  const countdown = $("queue-countdown");
  countdown.hidden = !token;
  if (token) {
    const ends = new Date(standing.admissionExpiresAt).getTime();
    const mine = current;
    const tick = () => {
      const left = ends - Date.now();
      countdown.textContent = `${standing.offer ? "Offer" : "Your turn"} ends in ${minutesAndSeconds(left)}`;
      if (left <= 0 && current === mine) {
        clearInterval(mine.timer);
        api.setAdmissionToken(mine.sessionId, null);
        session.dataset.admission = "required";
        countdown.hidden = true;
        $("queue-standing").textContent = standing.offer ? "Your offer has ended." : "Your turn has passed.";
      }
    };
    tick();
    current.timer = setInterval(tick, 1000);
  }
}
