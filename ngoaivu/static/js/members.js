/* Delegation members: "Thêm thành viên" adds a row in the page (a copy of the empty row of the formset,
   numbered, TOTAL_FORMS raised by one) instead of posting the form back. Without JavaScript the same button
   posts the form and the server answers it with one more row. Plain ES5, no inline code (CSP). */
(function () {
  "use strict";

  function setup(button) {
    var prefix = button.getAttribute("data-members-prefix") || "members";
    var form = button.form;
    var template = document.getElementById("member-row-template");
    var rows = form && form.querySelector("[data-members-rows]");
    var total = form && form.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var max = form && form.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']");
    var status = form && form.querySelector("[data-members-status]");
    if (!template || !rows || !total) { return; }
    // no longer a submit button: Enter in a field saves the form ("Lưu") instead of adding a row
    button.setAttribute("type", "button");
    button.removeAttribute("name");
    button.removeAttribute("formaction");

    button.addEventListener("click", function (event) {
      event.preventDefault();
      var index = parseInt(total.value, 10) || 0;
      var limit = max ? parseInt(max.value, 10) : 1000;
      if (index >= limit) {
        if (status) { status.textContent = button.getAttribute("data-members-full") || ""; }
        return;
      }
      var html = template.innerHTML
        .replace(/__prefix__/g, String(index))
        .replace(/__num__/g, String(index + 1));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var added = rows.lastElementChild;
      var first = added && added.querySelector("input, select");
      if (first) { first.focus(); }
      if (status) { status.textContent = ""; }
    });
  }

  function init() {
    var buttons = document.querySelectorAll("[data-members-add]");
    for (var i = 0; i < buttons.length; i++) { setup(buttons[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
