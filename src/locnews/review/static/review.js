// locnews review: edit, approve and navigate an article's catalog. Offline; talks only to its own server.
"use strict";
(function () {
  const token = new URLSearchParams(location.search).get("token") || "";
  const base = new Map(); // row -> {target, state}: what the catalog held when the page last heard from it
  const timers = new Map();
  const queues = new Map();
  let current = null;

  const allRows = () => Array.from(document.querySelectorAll("tr[data-segment-id]"));
  const editorOf = (row) => row.querySelector("textarea[name=target]");
  const isDirty = (row) => editorOf(row).value !== base.get(row).target;

  // ---------------------------------------------------------------- highlighting (page.py: spans)
  function spans(text, marks) {
    const found = [];
    const placeholders = /⟦\/?\d+\/?⟧/g;
    for (let m; (m = placeholders.exec(text)); ) found.push([m.index, m.index + m[0].length, "ph"]);
    for (const [cls, needle] of marks) {
      if (!needle) continue;
      for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) {
        found.push([i, i + needle.length, cls]);
      }
    }
    const digits = /\d+(?:[.,]\d+)*/g;
    for (let m; (m = digits.exec(text)); ) found.push([m.index, m.index + m[0].length, "num"]);
    found.sort((a, b) => a[0] - b[0] || b[1] - b[0] - (a[1] - a[0]));
    const out = [];
    let end = 0;
    for (const s of found) if (s[0] >= end) { out.push(s); end = s[1]; }
    return out;
  }

  function paint(row) {
    const ta = editorOf(row);
    const back = row.querySelector(".backdrop");
    let marks = [];
    try { marks = JSON.parse(row.dataset.marks || "[]"); } catch (e) { marks = []; }
    const text = ta.value;
    back.textContent = "";
    let pos = 0;
    for (const [s, e, cls] of spans(text, marks)) {
      back.append(text.slice(pos, s));
      const mark = document.createElement("mark");
      mark.className = cls;
      mark.textContent = text.slice(s, e);
      back.append(mark);
      pos = e;
    }
    back.append(text.slice(pos) + "\n");
    if (!autoSized) {
      // browsers without CSS field-sizing: one forced layout per call, so only where the text changed
      ta.style.height = "auto";
      ta.style.height = ta.scrollHeight + "px";
    }
  }
  const autoSized = window.CSS && CSS.supports("field-sizing", "content");

  // ---------------------------------------------------------------- counts and notices
  function recount() {
    let total = 0;
    for (const art of document.querySelectorAll("section[data-catalog]")) {
      const left = art.querySelectorAll("tr[data-segment-id]:not([data-state=reviewed])").length;
      art.querySelector(".article-left").textContent = String(left);
      total += left;
    }
    document.getElementById("left").textContent = String(total);
  }

  function notice(text, kind) {
    const box = document.getElementById("notice");
    box.textContent = text;
    box.className = kind || "info";
    box.hidden = !text;
  }

  // ---------------------------------------------------------------- rows from the server
  function showRow(row, data, replaceText) {
    row.dataset.state = data.state;
    base.set(row, { target: data.target, state: data.state });
    if (replaceText) editorOf(row).value = data.target;
    const origin = row.querySelector(".origin");
    origin.textContent = data.origin_label;
    origin.className = "origin origin-" + data.origin;
    const qa = row.querySelector(".qa");
    qa.textContent = "";
    for (const f of data.qa) {
      const li = document.createElement("li");
      li.textContent = f;
      qa.append(li);
    }
    showSuggestion(row, data.suggestion);
    row.dataset.marks = JSON.stringify(data.marks);
    row.classList.remove("conflict", "saving");
    paint(row);
  }

  function showSuggestion(row, suggestion) {
    const sug = row.querySelector(".suggestion");
    sug.hidden = !suggestion;
    if (suggestion) {
      sug.querySelector("button").textContent = "Use memory " + Math.round(suggestion.score * 100) + "%";
      sug.querySelector("q").textContent = suggestion.text;
      sug.title = "from " + suggestion.origin;
    }
  }

  // memory lookups are slow next to the rest: asked for once the page is usable
  async function loadSuggestions() {
    for (const art of document.querySelectorAll("section[data-catalog]")) {
      let data;
      try {
        const resp = await fetch("/api/suggestions?catalog=" + art.dataset.catalog + "&token=" + encodeURIComponent(token));
        if (!resp.ok) continue;
        data = await resp.json();
      } catch (e) {
        continue;
      }
      for (const row of art.querySelectorAll("tr[data-segment-id]")) {
        const s = data.rows[row.dataset.segmentId];
        if (s && row.dataset.state !== "reviewed" && s.text !== editorOf(row).value) showSuggestion(row, s);
      }
    }
    document.body.dataset.suggestions = "loaded";
  }

  async function send(row, action) {
    const art = row.closest("section[data-catalog]");
    const was = base.get(row);
    const body = {
      catalog: Number(art.dataset.catalog), id: row.dataset.segmentId, version: art.dataset.version,
      base_target: was.target, base_state: was.state, target: editorOf(row).value, action: action,
    };
    row.classList.add("saving");
    let resp, data;
    try {
      resp = await fetch("/api/save?token=" + encodeURIComponent(token), {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      });
      data = await resp.json();
    } catch (e) {
      row.classList.remove("saving");
      row.classList.add("conflict");
      notice("Not saved: the review server does not answer (is `locnews review` still running?). Your text is still in the editor.", "error");
      return false;
    }
    if (!resp.ok) {
      row.classList.remove("saving");
      row.classList.add("conflict");
      notice(data.error || "Not saved (" + resp.status + ")", "error");
      return false;
    }
    art.dataset.version = data.version;
    const sent = body.target;
    showRow(row, data.row, editorOf(row).value === sent);
    if (data.merged && data.rows) {
      let updated = 0;
      for (const r of data.rows) {
        const other = art.querySelector('tr[data-segment-id="' + CSS.escape(r.id) + '"]');
        if (!other || other === row || isDirty(other)) continue;
        const b = base.get(other);
        if (b.target !== r.target || b.state !== r.state) { showRow(other, r, true); updated++; }
      }
      notice("The catalog had changed on disk since the page loaded: your change was merged with it" +
             (updated ? "; " + updated + " other segment(s) updated from the file." : "."), "info");
    } else if (data.warning) {
      notice(data.warning, "error");
    } else if (document.getElementById("notice").className === "error") {
      notice("", "");  // the problem reported last is behind us
    }
    recount();
    return true;
  }

  function save(row, action) {
    clearTimeout(timers.get(row));
    const prev = queues.get(row) || Promise.resolve(true);
    const next = prev.then(() => (action === "save" && !isDirty(row) ? true : send(row, action)));
    queues.set(row, next);
    return next;
  }

  // ---------------------------------------------------------------- navigation
  function focusRow(row) {
    if (!row) return;
    if (current) current.classList.remove("current");
    current = row;
    row.classList.add("current");
    editorOf(row).focus();
    row.scrollIntoView({ block: "center" });
  }

  function nextUnreviewed(from, step) {
    const rows = allRows();
    let i = from ? rows.indexOf(from) : (step > 0 ? -1 : rows.length);
    for (i += step; i >= 0 && i < rows.length; i += step) {
      if (rows[i].dataset.state !== "reviewed") return rows[i];
    }
    return null;
  }

  async function approveAndNext(row) {
    if (await save(row, "approve")) {
      const next = nextUnreviewed(row, 1);
      if (next) focusRow(next);
      else notice("Nothing left to review.", "info");
    }
  }

  // ---------------------------------------------------------------- wiring
  function init() {
    for (const row of allRows()) {
      const ta = editorOf(row);
      base.set(row, { target: ta.value, state: row.dataset.state });
      paint(row);
      ta.addEventListener("input", () => {
        paint(row);
        clearTimeout(timers.get(row));
        timers.set(row, setTimeout(() => save(row, "save"), 1500));
      });
      ta.addEventListener("change", () => save(row, "save"));
      ta.addEventListener("focus", () => { if (current) current.classList.remove("current"); current = row; row.classList.add("current"); });
      row.querySelector("[data-action=approve]").addEventListener("click", () => save(row, "approve"));
      row.querySelector("[data-action=unapprove]").addEventListener("click", () => save(row, "unapprove"));
      row.querySelector("[data-action=use-suggestion]").addEventListener("click", () => {
        ta.value = row.querySelector(".suggestion q").textContent;
        paint(row);
        save(row, "save");
        ta.focus();
      });
    }
    document.addEventListener("keydown", (ev) => {
      const row = ev.target.closest ? ev.target.closest("tr[data-segment-id]") : null;
      if ((ev.ctrlKey || ev.metaKey) && ev.key === "Enter" && row) {
        ev.preventDefault();
        approveAndNext(row);
      } else if ((ev.ctrlKey || ev.metaKey) && (ev.key === "s" || ev.key === "S")) {
        ev.preventDefault();
        if (row) save(row, "save");
      } else if (ev.altKey && (ev.key === "ArrowDown" || ev.key === "ArrowUp")) {
        ev.preventDefault();
        const next = nextUnreviewed(row || current, ev.key === "ArrowDown" ? 1 : -1);
        if (next) focusRow(next);
      } else if (ev.key === "Escape" && row) {
        editorOf(row).blur();
      }
    });
    window.addEventListener("beforeunload", (ev) => {
      if (allRows().some((r) => isDirty(r))) { ev.preventDefault(); ev.returnValue = ""; }
    });
    recount();
    document.body.dataset.ready = "true";
    loadSuggestions();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
