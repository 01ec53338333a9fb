// Selection and keyboard navigation for the summarizer HTML report. Reading works without it.
(function () {
  "use strict";
  function all(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }
  function clear(art) { all(art, ".sel").forEach(function (el) { el.classList.remove("sel"); }); }
  function select(art, recs, spans) {
    clear(art);
    var labels = [];
    all(art, ".hl").forEach(function (el) {
      var mine = (el.getAttribute("data-rec") || "").split(" ");
      var evs = (el.getAttribute("data-ev") || "").split(" ");
      var hit = recs.some(function (r) { return mine.indexOf(r) >= 0; }) ||
        spans.some(function (s) { return evs.indexOf(s) >= 0; });
      if (hit) { el.classList.add("sel"); }
    });
    all(art, "tr[data-rec]").forEach(function (tr) {
      var mine = tr.getAttribute("data-rec").split(" ");
      if (recs.indexOf(mine[0]) >= 0) { tr.classList.add("sel"); labels.push(tr.textContent.replace(/\s+/g, " ").trim()); }
    });
    var body = art.querySelector(".detail-body");
    if (body) {
      body.textContent = "";
      var ul = document.createElement("ul");
      labels.forEach(function (l) { var li = document.createElement("li"); li.textContent = l; ul.appendChild(li); });
      body.appendChild(ul);
    }
  }
  all(document, "article.digest").forEach(function (art) {
    art.addEventListener("click", function (ev) {
      var t = ev.target;
      var hl = t.closest(".hl, .sentence, a.evlink");
      if (!hl) { return; }
      if (hl.matches("a.evlink")) {
        ev.preventDefault();
        var id = hl.getAttribute("data-target");
        var first = all(art, ".hl").filter(function (el) { return el.getAttribute("data-ev").split(" ").indexOf(id) >= 0; })[0];
        if (first) { first.scrollIntoView({ block: "center" }); first.focus(); }
        var row = hl.closest("tr[data-rec]");
        select(art, row ? row.getAttribute("data-rec").split(" ").slice(0, 1) : [], [id]);
        return;
      }
      var recs = (hl.getAttribute("data-rec") || hl.getAttribute("data-links") || "").split(" ").filter(Boolean);
      if (hl.classList.contains("sentence")) { hl.classList.add("sel"); }
      select(art, recs, []);
      if (hl.classList.contains("sentence")) { hl.classList.add("sel"); }
    });
    art.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && ev.target.matches(".hl, .sentence")) { ev.target.click(); ev.preventDefault(); }
    });
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.target.matches("input, textarea, select") || (ev.key !== "j" && ev.key !== "k")) { return; }
    var marks = all(document, ".hl[data-ev]");
    if (!marks.length) { return; }
    var i = marks.indexOf(document.activeElement);
    i = ev.key === "j" ? Math.min(i + 1, marks.length - 1) : Math.max(i - 1, 0);
    marks[i].focus(); marks[i].scrollIntoView({ block: "center" });
  });
}());
