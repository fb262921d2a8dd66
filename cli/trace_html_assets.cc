// The stylesheet and script of the --html page (cli/trace_html.h), kept apart
// from the C++ that assembles the page. The script is plain ES5-era DOM code
// with no library: it must run from a file:// page with no network.
#include "cli/trace_html.h"

namespace wbcheck::cli {

const char* const kTraceHtmlStyle = R"css(
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; padding: 12px 20px; color: #1d1d1f; background: #fafafa; }
h1 { font-size: 20px; margin: 0 0 6px; }
h1 code { color: #b00000; }
h2 { font-size: 16px; margin: 0 0 8px; }
code, .fn, .file, td.key, td.val, #diff td { font-family: ui-monospace, monospace; }
.muted, .file { color: #666; font-size: 12px; }
#statement, #catches, #source { margin: 2px 0; }
#layout { display: flex; gap: 16px; align-items: flex-start; margin-top: 10px; }
#lanes-section { flex: 1 1 auto; min-width: 0; overflow-x: auto; }
#current { flex: 0 0 440px; position: sticky; top: 8px; background: #fff; border: 1px solid #ccd;
           border-radius: 6px; padding: 10px 12px; max-height: 92vh; overflow: auto; }
nav { margin-bottom: 6px; display: flex; gap: 8px; align-items: center; }
button { font: inherit; padding: 2px 10px; }
#swimlanes, #final-state table, #diff { border-collapse: collapse; background: #fff; }
#swimlanes th, #swimlanes td { border: 1px solid #dde; padding: 3px 6px; vertical-align: top; }
#swimlanes th.task { min-width: 160px; background: #eef; }
#swimlanes td.num, #swimlanes th.num { text-align: right; color: #666; width: 2em; }
#swimlanes tr.step { cursor: pointer; }
#swimlanes td.cell { background: #eef4ff; }
#swimlanes .fn { font-size: 12px; font-weight: 600; }
#swimlanes .after { font-size: 11px; color: #1f5fbf; }
#swimlanes tr.current td { outline: 2px solid #1f5fbf; outline-offset: -2px; }
#swimlanes tr.violation td.cell { background: #ffe4e4; border-color: #c00000; }
#diff th, #diff td, #final-state th, #final-state td { border: 1px solid #dde; padding: 2px 6px; font-size: 12px; }
#diff td.to { background: #e8f6e8; }
#diff td.from { background: #fbeaea; }
.violation-note { color: #c00000; font-weight: 600; }
#after { color: #1f5fbf; padding-left: 18px; }
#final-state { margin-top: 16px; }
#final-state .groups { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
#final-state td.changed { background: #fff3c4; font-weight: 600; }
)css";

const char* const kTraceHtmlScript = R"js(
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("wbcheck-trace").textContent);
  var steps = data.steps;
  var last = steps.length - 1;
  var current = 0;
  var rows = [];
  var buttons = {};

  // Every text goes in through textContent: nothing from the trace is markup.
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    }
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function add(parent, child) { parent.appendChild(child); return child; }

  function renderHeader() {
    var h = document.getElementById("header");
    var p = data.property;
    var h1 = add(h, el("h1"));
    h1.appendChild(document.createTextNode("Violated: "));
    add(h1, el("code", {id: "property-id"}, p.id));
    add(h, el("p", {id: "statement"}, "Must hold: " + p.statement));
    add(h, el("p", {id: "catches"}, "Kernel failure: " + p.catches));
    add(h, el("p", {id: "source", "class": "muted"}, "scenario " + data.scenario + ", policy " + data.policy +
        ", " + steps.length + " steps (wbcheck " + data.version + ")"));
  }

  function laneCell(tr, s) {
    data.lanes.forEach(function (lane) {
      var td = add(tr, el("td"));
      if (lane !== s.task) return;
      td.className = "cell";
      add(td, el("div", {"class": "fn"}, s.step));
      add(td, el("div", {"class": "file"}, s.file));
      if (s.actor !== s.task) add(td, el("div", {"class": "muted"}, s.actor + " completes"));
      if (s.after.length) {
        add(td, el("div", {"class": "after"}, "after " + s.after.map(function (a) {
          return a.step + " (" + a.task + ")";
        }).join(", ")));
      }
    });
  }

  function renderNav(sec) {
    var nav = add(sec, el("nav", {id: "nav"}));
    buttons.prev = add(nav, el("button", {id: "prev", type: "button", title: "previous step (left arrow, k)"},
        "\u2190 prev"));
    buttons.position = add(nav, el("span", {id: "position"}));
    buttons.next = add(nav, el("button", {id: "next", type: "button", title: "next step (right arrow, j)"},
        "next \u2192"));
    add(nav, el("span", {"class": "muted"}, "keys: \u2190 \u2192 (or j k), Home, End; click a row"));
    buttons.prev.addEventListener("click", function () { select(current - 1); });
    buttons.next.addEventListener("click", function () { select(current + 1); });
  }

  function renderLanes(parent) {
    var sec = add(parent, el("section", {id: "lanes-section"}));
    renderNav(sec);
    var table = add(sec, el("table", {id: "swimlanes"}));
    var head = add(add(table, el("thead")), el("tr"));
    add(head, el("th", {"class": "num"}, "#"));
    data.lanes.forEach(function (lane) { add(head, el("th", {"class": "task", "data-task": lane}, lane)); });
    var body = add(table, el("tbody"));
    steps.forEach(function (s, i) {
      var tr = add(body, el("tr", {"class": i === last ? "step violation" : "step", "data-step": String(s.n),
                                   "data-task": s.task}));
      add(tr, el("td", {"class": "num"}, s.n));
      laneCell(tr, s);
      tr.addEventListener("click", function () { select(i); });
      rows.push(tr);
    });
  }

  function renderDiff(sec, s) {
    if (!s.changes.length) {
      add(sec, el("p", {"class": "muted"}, "No named field changes (only the task's position in its path)."));
      return;
    }
    var t = add(sec, el("table", {id: "diff"}));
    var head = add(add(t, el("thead")), el("tr"));
    ["field", "before", "after"].forEach(function (x) { add(head, el("th", null, x)); });
    var body = add(t, el("tbody"));
    s.changes.forEach(function (c) {
      var tr = add(body, el("tr", {"class": "change", "data-key": c.key}));
      add(tr, el("td", {"class": "key"}, c.key));
      add(tr, el("td", {"class": "from"}, c.from));
      add(tr, el("td", {"class": "to"}, c.to));
    });
  }

  function renderCurrent() {
    var sec = document.getElementById("current");
    sec.textContent = "";
    var s = steps[current];
    add(sec, el("h2", {id: "current-title"}, "Step " + s.n + " of " + steps.length + ": " + s.task + " " + s.step));
    add(sec, el("p", {"class": "file"}, s.file + (s.actor !== s.task ? " (" + s.actor + " completes)" : "")));
    if (s.detail) add(sec, el("p", {id: "detail"}, s.detail));
    if (s.policy_hook) add(sec, el("p", {id: "hook"}, "policy hook: " + s.policy_hook));
    if (s.after.length) {
      var ul = add(sec, el("ul", {id: "after"}));
      s.after.forEach(function (a) {
        add(ul, el("li", null, "after step " + a.step + " (" + a.task + "): both use " + a.on));
      });
    }
    if (current === last) {
      add(sec, el("p", {"class": "violation-note"}, "After this step " + data.property.id +
          " no longer holds: the final state is below."));
    }
    renderDiff(sec, s);
  }

  function select(i) {
    if (i < 0 || i > last) return;
    current = i;
    rows.forEach(function (r, k) {
      r.classList.toggle("current", k === i);
      r.setAttribute("aria-selected", k === i ? "true" : "false");
    });
    buttons.prev.disabled = i === 0;
    buttons.next.disabled = i === last;
    buttons.position.textContent = "step " + steps[i].n + " of " + steps.length;
    renderCurrent();
    try { history.replaceState(null, "", "#step=" + steps[i].n); } catch (e) { /* file:// may refuse */ }
    if (rows[i].scrollIntoView) rows[i].scrollIntoView({block: "nearest"});
  }

  // One table per group of records: a row per record, a column per field.
  function recordTable(parent, group, records, names) {
    var t = add(parent, el("table", {"data-group": group}));
    var fields = Object.keys(records[names[0]] || {});
    var head = add(add(t, el("thead")), el("tr"));
    add(head, el("th", null, group));
    fields.forEach(function (f) { add(head, el("th", null, f)); });
    var body = add(t, el("tbody"));
    names.forEach(function (n) {
      var tr = add(body, el("tr"));
      add(tr, el("th", null, n));
      fields.forEach(function (f) {
        add(tr, el("td", {"data-key": group + "[" + n + "]." + f}, records[n][f]));
      });
    });
  }

  function renderFinal(parent) {
    var fs = data.final_state;
    var sec = add(parent, el("section", {id: "final-state"}));
    add(sec, el("h2", null, (last < 0 ? "Initial state" : "Final state (after step " + steps[last].n + ")") +
        ": " + data.property.id + " is violated"));
    var groups = add(sec, el("div", {"class": "groups"}));
    var scalars = add(groups, el("table", {"data-group": "inode"}));
    Object.keys(fs).forEach(function (k) {
      var v = fs[k];
      if (v !== null && typeof v === "object") return;
      var tr = add(scalars, el("tr"));
      add(tr, el("th", null, k));
      add(tr, el("td", {"data-key": k}, v));
    });
    Object.keys(fs).forEach(function (k) {
      var v = fs[k];
      if (v === null || typeof v !== "object" || (Array.isArray(v) && !v.length)) return;
      recordTable(groups, k, v, Object.keys(v));
    });
    var changed = {};
    (last < 0 ? [] : steps[last].changes).forEach(function (c) { changed[c.key] = true; });
    Array.prototype.forEach.call(sec.querySelectorAll("td[data-key]"), function (td) {
      if (changed[td.getAttribute("data-key")]) td.classList.add("changed");
    });
  }

  function initialStep() {
    var m = /^#step=(\d+|last)$/.exec(window.location.hash);
    var n = !m ? 1 : m[1] === "last" ? steps.length : parseInt(m[1], 10);
    return n >= 1 && n <= steps.length ? n - 1 : 0;
  }

  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var moves = {ArrowRight: current + 1, ArrowDown: current + 1, j: current + 1,
                 ArrowLeft: current - 1, ArrowUp: current - 1, k: current - 1, Home: 0, End: last};
    if (!Object.prototype.hasOwnProperty.call(moves, e.key)) return;
    var to = moves[e.key];
    e.preventDefault();
    select(to);
  });

  renderHeader();
  var main = document.getElementById("main");
  var layout = add(main, el("div", {id: "layout"}));
  renderLanes(layout);
  add(layout, el("section", {id: "current", "aria-live": "polite"}));
  renderFinal(main);
  if (last >= 0) select(initialStep());
  document.body.setAttribute("data-rendered", "yes");
})();
)js";

}  // namespace wbcheck::cli
