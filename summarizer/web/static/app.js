// Keyboard navigation for the review app. Everything also works with plain links and forms.
(function () {
  "use strict";
  var pos = -1;
  function items() {
    return Array.prototype.slice.call(document.querySelectorAll("tr.nav-row, .claim[data-claim]"));
  }
  function focusAt(i) {
    var list = items();
    if (!list.length) { return; }
    pos = Math.max(0, Math.min(i, list.length - 1));
    list.forEach(function (el) { el.classList.remove("focus"); });
    var el = list[pos];
    el.classList.add("focus");
    if (!el.hasAttribute("tabindex")) { el.setAttribute("tabindex", "-1"); }
    el.focus();
    el.scrollIntoView({ block: "nearest" });
  }
  function current() { var list = items(); return list[pos] || document.activeElement.closest(".claim, tr.nav-row"); }
  function press(selector) {
    var el = current();
    var button = el && el.querySelector(selector);
    if (button) { button.click(); }
  }
  document.addEventListener("click", function (ev) {
    var row = ev.target.closest("tr.nav-row");
    if (row && !ev.target.closest("a, button, input, select")) { row.querySelector("a").click(); }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.target.closest("input, select, textarea")) { return; }
    switch (ev.key) {
      case "j": focusAt(pos + 1); break;
      case "k": focusAt(pos - 1); break;
      case "Enter": {
        var el = current();
        if (el && el.matches("tr.nav-row")) { el.querySelector("a").click(); } else { return; }
        break;
      }
      case "a": press("button.accept"); break;
      case "r": press("button.reject"); break;
      case "e": {
        var c = current();
        var d = c && c.querySelector("details.edit");
        if (d) { d.open = true; d.querySelector("input[name=low]").focus(); }
        break;
      }
      case "g": window.location.href = "/"; break;
      case "?": { var k = document.getElementById("keys"); k.hidden = !k.hidden; break; }
      default: return;
    }
    ev.preventDefault();
  });
  document.addEventListener("htmx:afterSettle", function () { pos = -1; });
}());
