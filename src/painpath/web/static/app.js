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
    function side() {
      var chosen = form.querySelector('input[name="side"]:checked');
      return chosen ? chosen.value : "";
    }
    function sync() {
      var sideNow = side();
      map.querySelectorAll(".region[data-region]").forEach(function (shape) {
        var box = form.querySelector('input[type=checkbox][value="' + shape.getAttribute("data-region") + '"]');
        var own = shape.getAttribute("data-side");
        var on = !!(box && box.checked) && (!own || sideNow === "" || sideNow === "both" || sideNow === own);
        shape.classList.toggle("selected", on);
        shape.setAttribute("aria-pressed", on ? "true" : "false");
      });
    }
    map.querySelectorAll(".region[data-region]").forEach(function (shape) {
      function toggle() {
        var box = form.querySelector('input[type=checkbox][value="' + shape.getAttribute("data-region") + '"]');
        var own = shape.getAttribute("data-side");
        if (!box) { return; }
        var shown = shape.classList.contains("selected");
        if (own && box.checked && !shown) {
          // the region is ticked for the other side: this click adds this side
          markSide(side() === "" ? own : "both");
        } else {
          box.checked = !box.checked;
          if (own && box.checked) {
            var now = side();
            markSide(now === "" || now === own ? own : "both");
          }
        }
        sync();
      }
      shape.addEventListener("click", toggle);
      shape.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); toggle(); }
      });
    });
    function markSide(value) {
      var radio = form.querySelector('input[name="side"][value="' + value + '"]');
      if (radio) { radio.checked = true; }
    }
    form.addEventListener("change", sync);
    sync();
  });
  // Focus the error summary so screen-reader and keyboard users land on what to fix.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
