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
  var summary = document.querySelector(".error-summary[data-focus]");
  if (summary) { summary.focus(); }
});
