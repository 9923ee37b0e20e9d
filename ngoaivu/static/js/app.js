// Small enhancements only; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  var toggle = document.querySelector(".menu-toggle");
  var nav = document.getElementById("mainnav");
  if (toggle && nav) {
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "results") {
      event.detail.target.setAttribute("tabindex", "-1");
      event.detail.target.focus({ preventScroll: true });
    }
  });
  // forms that destroy something ask first (no inline handlers: the CSP forbids them)
  document.body.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
  var summary = document.querySelector(".error-summary[data-focus]");
  if (summary) { summary.focus(); }
});
