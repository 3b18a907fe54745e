// The web chat: who-am-I selector, message list, and sending text or button payloads to the server.
import { el, group, renderReply } from "./renderers.js";

const log = document.getElementById("log");
const form = document.getElementById("composer");
const input = document.getElementById("message");
const who = document.getElementById("who");
const STORAGE_KEY = "hrbot.handle";
const GUEST_KEY = "hrbot.guest";

function scroll() {
  log.scrollTop = log.scrollHeight;
}

function say(cls, ...children) {
  const node = el("div", { class: `msg ${cls}` }, ...children);
  log.append(node);
  scroll();
  return node;
}

/** Controls a renderer may create; clicks send the payload as the user's next message. */
function controlsFor(bubble) {
  return {
    button(title, payload, { once = false, style = "", shown = "" } = {}) {
      if (!payload) return null;
      const b = el("button", { type: "button", class: `choice ${style || ""} ${once ? "once" : ""}`.trim(), text: title });
      b.addEventListener("click", () => {
        if (once) close(bubble, shown || title);
        send(payload, shown || title);
      });
      return b;
    },
    select(placeholder, options) {
      const menu = el("select", { class: "pick", "aria-label": placeholder },
        el("option", { value: "", text: placeholder }), ...options.map(([text, value]) => el("option", { value, text })));
      menu.addEventListener("change", () => {
        if (!menu.value) return;
        const chosen = menu.options[menu.selectedIndex].text;
        send(menu.value, `${placeholder.replace("…", "")}: ${chosen}`);
        menu.value = "";
      });
      return menu;
    },
  };
}

/** One-shot choices: disable them and note what was chosen. */
function close(bubble, title) {
  for (const b of bubble.querySelectorAll("button.once")) b.disabled = true;
  bubble.append(el("div", { class: "note chosen", text: `You chose: ${title}` }));
}

function showReplies(messages) {
  const replies = group(messages);
  if (!replies.length) {
    say("bot", el("p", { class: "text", text: "(no reply)" }));
    return;
  }
  for (const reply of replies) {
    const bubble = say("bot");
    bubble.dataset.type = (reply.payload && reply.payload.type) || "text";
    bubble.append(...renderReply(reply, controlsFor(bubble)));
  }
  scroll();
}

async function send(message, shownAs) {
  const text = message.trim();
  if (!text) return;
  say("user", el("p", { class: "text", text: shownAs || text }));
  const typing = say("bot typing", el("p", { class: "text", text: "…" }));
  try {
    const response = await fetch("/api/message", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: who.value, message: text }),
    });
    const body = await response.json().catch(() => ({}));
    typing.remove();
    if (!response.ok) {
      say("bot error", el("p", { class: "text", text: body.error || `The chat server answered ${response.status}.` }));
      return;
    }
    showReplies(body.messages || []);
  } catch (err) {
    typing.remove();
    say("bot error", el("p", { class: "text", text: "I can't reach the chat server. Is `hrbot web` still running?" }));
  }
}

/** Without demo identities every web user is an anonymous guest: one random id per browser. */
function guestId() {
  let id = localStorage.getItem(GUEST_KEY);
  if (!id) {
    id = `guest-${crypto.getRandomValues(new Uint32Array(2)).join("")}`;
    localStorage.setItem(GUEST_KEY, id);
  }
  return id;
}

async function loadUsers() {
  let users = [];
  try {
    const body = await (await fetch("/api/users")).json();
    users = body.demo === false ? [{ handle: guestId(), role: "guest", display_name: "anonymous employee" }] : body.users || [];
    who.disabled = body.demo === false;
  } catch (err) {
    users = [{ handle: guestId(), role: "guest", display_name: "anonymous employee" }];
  }
  const byRole = {};
  for (const u of users) (byRole[u.role] = byRole[u.role] || []).push(u);
  for (const [role, list] of Object.entries(byRole)) {
    const optgroup = el("optgroup", { label: `${role}s` });
    for (const u of list) optgroup.append(el("option", { value: u.handle, text: u.display_name ? `${u.display_name} (${u.handle})` : u.handle }));
    who.append(optgroup);
  }
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved && users.some((u) => u.handle === saved)) who.value = saved;
  announce();
}

let current = "";

function announce() {
  if (who.value === current) return;
  current = who.value;
  const option = who.options[who.selectedIndex];
  const role = option && option.parentElement.label ? option.parentElement.label.replace(/s$/, "") : "";
  say("system", el("p", { class: "text", text: `Chatting as ${who.value}${role ? ` (${role})` : ""}.` }));
}

who.addEventListener("change", () => {
  localStorage.setItem(STORAGE_KEY, who.value);
  announce();
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = input.value;
  input.value = "";
  send(text);
});

input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    form.requestSubmit();
  }
});

loadUsers().then(() => input.focus());
