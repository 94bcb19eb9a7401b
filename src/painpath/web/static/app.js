// PainPath progressive enhancement: every page works without this file.
(function () {
  "use strict";
  // Long-running actions: a form with data-progress disables its button and announces progress.
  document.querySelectorAll("form[data-progress]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      var status = form.querySelector("[data-progress-status]");
      if (button) { button.disabled = true; }
      form.classList.add("is-busy");
      if (status) { status.textContent = form.getAttribute("data-progress") || "Working…"; }
    });
  });
  // The body map: clicking (or pressing Enter/Space on) a region toggles the matching checkbox.
  document.querySelectorAll("[data-body-map]").forEach(function (map) {
    var form = map.closest("form") || document;
    function sync() {
      map.querySelectorAll(".region[data-region]").forEach(function (shape) {
        var box = form.querySelector('input[type=checkbox][value="' + shape.getAttribute("data-region") + '"]');
        var on = !!(box && box.checked);
        shape.classList.toggle("selected", on);
        shape.setAttribute("aria-pressed", on ? "true" : "false");
      });
    }
    map.querySelectorAll(".region[data-region]").forEach(function (shape) {
      function toggle() {
        var box = form.querySelector('input[type=checkbox][value="' + shape.getAttribute("data-region") + '"]');
        if (box) { box.checked = !box.checked; sync(); }
      }
      shape.addEventListener("click", toggle);
      shape.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); toggle(); }
      });
    });
    form.addEventListener("change", sync);
    sync();
  });
  // Focus the error summary so screen-reader and keyboard users land on what to fix.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
