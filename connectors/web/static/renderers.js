// Renderers for the bot's structured payloads, one per `type`, with a generic fallback.
// The same types as the Slack Block Kit renderers (connectors/slack/renderers.py).
// Everything is built with DOM nodes and textContent: bot text and data are never parsed as HTML.

const registry = new Map();

/** Register `fn(reply, ui)` for payload types; returns the element(s) to show. */
export function register(types, fn) {
  for (const type of [].concat(types)) registry.set(type, fn);
}

/** Render one reply ({text, buttons, payload}); a failing renderer falls back to the generic one. */
export function renderReply(reply, ui) {
  const type = (reply.payload && reply.payload.type) || "";
  const fn = registry.get(type) || generic;
  let nodes;
  try {
    nodes = fn(reply, ui);
  } catch (err) {
    console.warn(`renderer for ${type} failed`, err);
    nodes = generic(reply, ui);
  }
  const about = reply.payload && reply.payload.feedback;
  if (about && type !== "feedback") nodes = nodes.concat(thumbs(typeof about === "object" ? about : {}, ui));
  return nodes;
}

/** Group Rasa REST messages: `custom` belongs to the text sent just before it. */
export function group(messages) {
  const replies = [];
  let open = false;
  for (const m of messages) {
    if (m.custom && typeof m.custom === "object" && !Array.isArray(m.custom)) {
      if (replies.length && open) replies[replies.length - 1].payload = m.custom;
      else replies.push({ text: String(m.custom.text || ""), buttons: [], payload: m.custom });
      open = false;
      continue;
    }
    let text = String(m.text || "");
    for (const key of ["image", "attachment"]) if (m[key]) text = `${text}\n${m[key]}`.trim();
    const buttons = (m.buttons || []).filter((b) => b && typeof b === "object");
    if (text || buttons.length) {
      replies.push({ text, buttons, payload: null });
      open = true;
    }
  }
  return replies;
}

// ---------- small DOM helpers ----------

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

const label = (v) =>
  Array.isArray(v) ? v.map(label).join(", ")
  : v && typeof v === "object" ? Object.entries(v).map(([k, x]) => `${k}: ${label(x)}`).join(", ")
  : typeof v === "string" && v === v.toLowerCase() ? v.replaceAll("_", " ") : String(v);

const para = (text, cls = "text") => (text ? [el("p", { class: cls, text })] : []);
const firstLine = (text) => (text || "").split("\n", 1)[0];

function row(buttons) {
  const kept = buttons.filter(Boolean);
  return kept.length ? [el("div", { class: "actions" }, ...kept)] : [];
}

function rasaButtons(reply, ui, once = false) {
  return row((reply.buttons || []).map((b) => ui.button(String(b.title || ""), String(b.payload || ""), { once })));
}

function payloadButtons(list, ui, once = false) {
  return Array.isArray(list)
    ? list.filter((b) => b && typeof b === "object").map((b) => ui.button(String(b.title || ""), String(b.payload || ""), { once, style: b.style }))
    : [];
}

function personHead(p) {
  const where = ["headline", "location"].map((k) => p[k]).filter(Boolean).join(" · ");
  return [el("div", { class: "card-title", text: String(p.name || "") }), where ? el("div", { class: "card-sub", text: where }) : null];
}

function why(p) {
  // a ranked match's reasons: required skills covered, the ones missing, the evidence quoted
  const parts = [];
  if (p.required_coverage) parts.push(`required ${p.required_coverage}`);
  if (Array.isArray(p.missing_required) && p.missing_required.length) parts.push(`missing ${label(p.missing_required)}`);
  const nodes = parts.length ? [el("div", { class: "note why", text: parts.join(" · ") })] : [];
  // the score as the sum of its parts, and why someone missing a required skill still ranks higher
  if (p.score_parts) nodes.push(el("div", { class: "note why", text: `= ${p.score_parts}` }));
  if (p.ranked_above && p.ranked_above.text) nodes.push(el("div", { class: "note why", text: String(p.ranked_above.text) }));
  if (p.evidence) nodes.push(el("blockquote", { class: "evidence", text: String(p.evidence) }));
  return nodes;
}

function thumbs(about, ui) {
  // a yes or no to the assistant, naming what is rated (entities item_type and item_id)
  const rated = Object.fromEntries(["item_type", "item_id"].filter((k) => k in about).map((k) => [k, String(about[k])]));
  const payload = (intent) => `/${intent}` + (Object.keys(rated).length ? JSON.stringify(rated) : "");
  return [el("div", { class: "note", text: "Was this useful?" }),
    ...row([ui.button("👍 Helpful", payload("affirm"), { once: true }), ui.button("👎 Not helpful", payload("deny"), { once: true })])];
}

// ---------- renderers ----------

export function generic(reply, ui) {
  const nodes = para(reply.text);
  const payload = reply.payload || {};
  if (!reply.text) {
    for (const [key, value] of Object.entries(payload)) {
      if (Array.isArray(value) && value.length && value.every((v) => v && typeof v === "object")) {
        nodes.push(el("div", { class: "list-title", text: key.replaceAll("_", " ") }));
        for (const item of value.slice(0, 10)) {
          const name = item.name || item.title || item.label || "";
          const rest = Object.entries(item).filter(([k]) => !["name", "title", "label", "buttons"].includes(k) && !k.endsWith("id")).map(([, v]) => label(v));
          nodes.push(el("div", { class: "card" }, el("div", { class: "card-title", text: String(name) }), el("div", { class: "card-sub", text: rest.join(" · ") })));
        }
      } else if (!["type", "buttons", "feedback"].includes(key) && ["string", "number"].includes(typeof value)) {
        nodes.push(el("p", { class: "text", text: `${key.replaceAll("_", " ")}: ${value}` }));
      }
    }
  }
  return nodes.concat(rasaButtons(reply, ui), row(payloadButtons(payload.buttons, ui)));
}
register("", generic);

register("help", (reply, ui) => {
  const examples = (reply.payload.examples || []).map(String);
  const nodes = para(reply.text);
  if (examples.length) nodes.push(el("div", { class: "note", text: "Try one:" }), ...row(examples.map((e) => ui.button(e, e))));
  return nodes;
});

register("error", (reply, ui) => [el("p", { class: "text error", text: `⚠ ${reply.text}` }), ...rasaButtons(reply, ui)]);

register("application_status", (reply, ui) => {
  const people = reply.payload.people || [];
  if (!people.length) return generic(reply, ui);
  const nodes = people.slice(0, 10).map((p) => {
    const apps = p.applications || [];
    const table = apps.length
      ? el("table", { class: "apps" }, ...apps.map((a) => el("tr", {},
          el("td", { text: String(a.role || "") }),
          el("td", { text: `${a.stage_label || label(a.stage || "")}${a.since ? " · since " + String(a.since).slice(0, 10) : ""}` }))))
      : el("div", { class: "note", text: "In the talent pool; no applications yet." });
    return el("div", { class: "card", "data-candidate": String(p.candidate_id ?? "") }, ...personHead(p), table);
  });
  return nodes.concat(rasaButtons(reply, ui));
});

register("disambiguation", (reply, ui) => {
  const people = reply.payload.people || [];
  if (!people.length) return generic(reply, ui);
  const nodes = para(firstLine(reply.text) || "Which one do you mean?");
  people.slice(0, 10).forEach((p, i) => {
    const choice = reply.buttons[i] ? String(reply.buttons[i].payload || "") : `status of ${p.name}`;
    const roles = (p.applications || []).slice(0, 3).map((a) => a.role).join(", ");
    const where = ["headline", "location"].map((k) => p[k]).filter(Boolean).join(" · ");
    nodes.push(el("div", { class: "card" }, ...personHead(p), roles ? el("div", { class: "note", text: roles }) : null,
      ...row([ui.button("This one", choice, { once: true, shown: where ? `${p.name} (${where})` : String(p.name || "") })])));
  });
  return nodes;
});

register("suggestions", (reply, ui) => {
  const names = (reply.payload.names || []).map(String);
  const buttons = reply.buttons.length ? rasaButtons(reply, ui, true) : row(names.map((n) => ui.button(n, `status of ${n}`, { once: true })));
  return para(reply.text).concat(buttons);
});

register(["candidate_list", "candidates"], (reply, ui) => {
  const payload = reply.payload;
  const people = payload.candidates || payload.people || [];
  if (!people.length) return generic(reply, ui);
  const role = payload.role ? String(payload.role) : "";
  const stages = payload.stages || ["applied", "screening", "phone_screen", "technical_interview", "onsite", "offer", "hired", "rejected"];
  const nodes = para(firstLine(reply.text));
  for (const p of people.slice(0, 10)) {
    const name = String(p.name || "");
    const extra = [];
    if (p.score !== undefined && p.score !== null) extra.push(typeof p.score === "number" && p.score <= 1
      ? (p.score_points ? `match ${(p.score * 100).toFixed(1)}/100` : `match ${Math.round(p.score * 100)}%`)
      : `match ${p.score}`);
    if (Array.isArray(p.skills) && p.skills.length) extra.push(label(p.skills.slice(0, 6)));
    const actions = p.buttons ? payloadButtons(p.buttons, ui) : [
      ui.button("View profile", `show the profile of ${name}`),
      ui.button("Shortlist", `shortlist ${name}${role ? " for " + role : ""}`, { style: "primary" }),
      ui.select("Move stage…", stages.map((s) => [label(s), `move ${name} to ${label(s)}`])),
    ];
    nodes.push(el("div", { class: "card", "data-candidate": String(p.candidate_id ?? "") }, ...personHead(p),
      extra.length ? el("div", { class: "note", text: extra.join(" · ") }) : null, ...why(p), ...row(actions)));
  }
  if (people.length >= 2) {
    const names = people.slice(0, 3).map((p) => String(p.name || ""));
    nodes.push(...row([ui.button(`Compare top ${names.length}`, `compare ${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`)]));
  }
  return nodes.concat(rasaButtons(reply, ui));
});

register(["role_card", "role"], (reply, ui) => {
  const p = reply.payload;
  const title = p.title || p.name;
  if (!title) return generic(reply, ui);
  const facts = Object.entries(p).filter(([k, v]) => v && !["type", "title", "name", "buttons", "feedback", "description", "evidence"].includes(k) && !k.endsWith("id"));
  // each requirement with the posting's own sentence that states it
  const quoted = (Array.isArray(p.evidence) ? p.evidence : []).filter((e) => e && e.evidence && (e.kind === "required" || e.kind === "nice")).slice(0, 8);
  const evidence = quoted.length ? el("div", { class: "note" }, el("div", { text: "From the posting:" }),
    ...quoted.map((e) => el("div", { text: `${e.value} (${e.kind === "required" ? "required" : "nice to have"}): “${String(e.evidence)}”` }))) : null;
  return [el("div", { class: "card" }, el("div", { class: "card-title", text: String(title) }),
    ...para(p.description ? String(p.description) : reply.text),
    el("table", { class: "apps" }, ...facts.map(([k, v]) => el("tr", {}, el("td", { text: k.replaceAll("_", " ") }), el("td", { text: label(v) })))),
    evidence)]
    .concat(row(payloadButtons(p.buttons, ui)), rasaButtons(reply, ui));
});

register(["course_list", "courses"], (reply, ui) => {
  const courses = reply.payload.courses || [];
  if (!courses.length) return generic(reply, ui);
  const nodes = para(firstLine(reply.text));
  for (const c of courses.slice(0, 10)) {
    const url = String(c.url || "");
    const title = /^https?:\/\//.test(url)
      ? el("a", { class: "card-title", href: url, target: "_blank", rel: "noopener noreferrer", text: String(c.title || "") })
      : el("div", { class: "card-title", text: String(c.title || "") });
    const facts = ["provider", "level"].filter((k) => c[k]).map((k) => label(c[k]));
    if (c.hours) facts.push(`${c.hours} h`);
    const why = c.reason ? el("div", { class: "note", text: String(c.reason) }) : null;
    nodes.push(el("div", { class: "card" }, title, el("div", { class: "card-sub", text: facts.join(" · ") }), why, ...row(payloadButtons(c.buttons, ui))));
  }
  return nodes.concat(rasaButtons(reply, ui));
});

register(["confirmation", "confirm"], (reply, ui) => {
  const p = reply.payload;
  const text = reply.text || String(p.summary || p.question || "Shall I go ahead?");
  const buttons = reply.buttons.length ? rasaButtons(reply, ui, true)
    : row([ui.button(String(p.yes || "Yes, do it"), "/affirm", { once: true, style: "primary" }), ui.button(String(p.no || "No"), "/deny", { once: true })]);
  return para(text).concat(buttons);
});

register("feedback", (reply, ui) => para(reply.text).concat(thumbs(reply.payload, ui)));

// People analytics: the forecast's chart is a PNG inside the payload (shown as a data: image, which
// the page's CSP allows for images only); risk answers are their text, whose last line is the caveat.
register("workforce_forecast", (reply, ui) => {
  const nodes = para(reply.text);
  const chart = (reply.payload || {}).chart;
  if (chart && chart.mime === "image/png" && typeof chart.base64 === "string" && /^[A-Za-z0-9+/=]+$/.test(chart.base64)) {
    nodes.push(el("img", { class: "chart", src: `data:image/png;base64,${chart.base64}`, alt: String(chart.alt || "chart") }));
  }
  return nodes.concat(rasaButtons(reply, ui));
});
// Employee HR answers: a policy citation card (title › section, quote, source, see also) and a leave balance.
register("policy_answer", (reply, ui) => {
  const p = reply.payload;
  const cites = Array.isArray(p.citations) ? p.citations.filter((c) => c && typeof c === "object") : [];
  if (!p.answered || !cites.length) return generic(reply, ui);
  const [best, ...more] = cites;
  const nodes = [el("div", { class: "card policy" },
    el("div", { class: "card-title", text: `${best.document || ""} › ${best.section || ""}` }),
    el("blockquote", { class: "evidence", text: String(best.quote || "") }),
    el("div", { class: "card-sub", text: `Source: ${best.source || ""}` }),
    more.length ? el("div", { class: "note", text: "See also: " + more.map((c) => `${c.document} › ${c.section}`).join("; ") }) : null)];
  return nodes.concat(rasaButtons(reply, ui));
});

register("leave_balance", (reply, ui) => {
  const rows = Array.isArray(reply.payload.balances) ? reply.payload.balances.filter((b) => b && typeof b === "object") : [];
  if (!rows.length) return generic(reply, ui);
  const nodes = para(firstLine(reply.text));
  for (const b of rows) {
    const total = Number(b.entitlement || 0) + Number(b.carried_over || 0);
    nodes.push(el("div", { class: "card" },
      el("div", { class: "card-title", text: `${label(String(b.leave_type || ""))}: ${b.remaining} left` }),
      el("div", { class: "card-sub", text: `of ${total} · ${b.taken} taken · ${b.booked} booked · ${b.pending} pending` })));
  }
  const upcoming = Array.isArray(reply.payload.upcoming) ? reply.payload.upcoming : [];
  if (upcoming.length) nodes.push(el("div", { class: "note", text: "Coming up: " + upcoming.map((u) => `${u.start}–${u.end} (${u.status})`).join("; ") }));
  return nodes;
});
