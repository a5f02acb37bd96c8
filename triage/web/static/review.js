// Keyboard shortcuts for the review page. Everything also works without this script (plain forms and links).
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var pending = null; // "c" (root cause) or "u" (unusable) waits for its second key

  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "TEXTAREA" || tag === "SELECT" || (tag === "INPUT" && !/^(radio|checkbox|submit|button)$/.test(el.type));
  }
  function click(selector) {
    var el = document.querySelector(selector);
    if (el) { el.click(); return true; }
    return false;
  }
  function follow(selector) {
    var el = document.querySelector(selector);
    if (el && el.href) { window.location.href = el.href; return true; }
    return false;
  }
  function submit(selector) {
    var form = document.querySelector(selector);
    if (form) { form.requestSubmit ? form.requestSubmit() : form.submit(); return true; }
    return false;
  }
  function choose(selector) {
    var input = document.querySelector(selector);
    if (!input) return false;
    input.checked = true;
    input.focus();
    return true;
  }
  function toggleKeys() {
    var keys = document.getElementById("keys");
    if (keys) keys.classList.toggle("open");
  }
  function queueRows() { return Array.prototype.slice.call(document.querySelectorAll("table.queue tbody tr.row")); }
  function moveSelection(step) {
    var rows = queueRows();
    if (!rows.length) return false;
    var at = rows.findIndex(function (r) { return r.classList.contains("selected"); });
    var next = Math.max(0, Math.min(rows.length - 1, at < 0 ? 0 : at + step));
    if (at >= 0) rows[at].classList.remove("selected");
    rows[next].classList.add("selected");
    var link = rows[next].querySelector("a");
    if (link) link.focus();
    return true;
  }

  document.addEventListener("keydown", function (e) {
    var target = e.target;
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
      if (submit("#decision-form")) e.preventDefault();
      return;
    }
    if (e.key === "Escape") {
      if (typing(target)) target.blur();
      var keys = document.getElementById("keys");
      if (keys) keys.classList.remove("open");
      pending = null;
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || typing(target)) return;
    var key = e.key;
    var handled = false;
    if (pending === "c") {
      handled = choose('input[data-cause-key="' + key + '"]');
      pending = null;
    } else if (pending === "u") {
      handled = choose('input[data-unusable-key="' + key + '"]');
      pending = null;
    } else if (key === "?") { toggleKeys(); handled = true; }
    else if (key === "j") { handled = follow("#next-item") || moveSelection(1); }
    else if (key === "k") { handled = follow("#prev-item") || moveSelection(-1); }
    else if (key === "g") { handled = follow("#to-queue") || follow("a.brand"); }
    else if (key === "t") { handled = submit("#take-next"); }
    else if (key === "x") { handled = submit("#skip-item"); }
    else if (key === "d") { handled = submit("#adjudicate-next"); }
    else if (key === "w" || key === "p" || key === "a") { handled = choose('#verdict input[data-key="' + key + '"]'); }
    else if (/^[0-3]$/.test(key)) { handled = choose('#harm input[data-key="' + key + '"]'); }
    else if (key === "c" || key === "u") {
      if (document.getElementById("decision-form")) { pending = key; handled = true; }
    }
    else if (key === "r" || key === "n") {
      var area = document.getElementById(key === "r" ? "reference_answer" : "note");
      if (area) { area.focus(); handled = true; }
    }
    else if (key === "s") { handled = submit("#decision-form"); }
    if (handled) e.preventDefault();
  });
})();
