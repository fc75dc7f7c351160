// Issue 15's per-buyer rules on the buyer's page: the seats the buyer may still buy in the open session (from
// GET /api/sessions/{id}/limits), and on a held order its deadline counting down with an "Extend hold (k left)"
// button (POST /api/orders/{id}/extend). The engine decides both; what is shown can lag it by a decision.
import * as api from "./api.js";

/** Shows "you may buy N more seats for this session" in `node`, or hides it when signed out or not known. */
export async function showLimits(node, sessionId) {
  if (!api.currentSession() || sessionId === undefined) {
    node.hidden = true;
    return;
  }
  try {
    const limits = await api.buyerLimits(sessionId);
    node.textContent = limits.seatsLeft > 0
      ? `You may buy ${limits.seatsLeft} more seat${limits.seatsLeft === 1 ? "" : "s"} for this session (at most ${limits.maxSeatsPerBuyer} per buyer).`
      : `You have the ${limits.maxSeatsPerBuyer} seats one buyer may have for this session.`;
    node.dataset.seatsLeft = limits.seatsLeft;
    node.hidden = false;
  } catch {
    node.hidden = true;
  }
}

function remaining(deadline) {
  const seconds = Math.max(0, Math.round((new Date(deadline).getTime() - Date.now()) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/**
 * The hold's controls inside an order's list item: while held, the time left to pay and, where the session allows
 * more extensions, a button that asks for one; removed once the order is no longer held.
 */
export function showHold(item, order, failed) {
  let hold = item.querySelector(".hold");
  clearInterval(Number(hold?.dataset.timer));
  if (order.status !== "held" || !order.holdDeadline) {
    hold?.remove();
    return;
  }
  if (!hold) {
    hold = document.createElement("span");
    hold.className = "hold";
    hold.append(document.createElement("span"), document.createElement("button"));
    hold.lastChild.type = "button";
    hold.lastChild.className = "extend";
    item.querySelector(".status").after(" ", hold);
  }
  const [countdown, button] = hold.children;
  const tick = () => { countdown.textContent = `${remaining(order.holdDeadline)} left to pay. `; };
  tick();
  hold.dataset.timer = String(setInterval(tick, 1000));
  hold.dataset.deadline = order.holdDeadline;
  item.dataset.extensionsUsed = order.extensionsUsed ?? 0;
  const left = order.extensionsLeft ?? 0;
  button.hidden = left <= 0;
  button.disabled = false;
  button.textContent = `Extend hold (${left} left)`;
  button.onclick = async () => {
    button.disabled = true;
    try {
      await api.extendHold(order.orderId);
    } catch (error) {
      button.disabled = false;
      failed(error);
    }
  };
}
