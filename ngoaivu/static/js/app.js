// Small enhancements only; every page works without JavaScript.
(function () {
  "use strict";

  var TEXTS = {
    vi: { title: "Xác nhận thao tác", ok: "Xác nhận", cancel: "Hủy bỏ" },
    en: { title: "Please confirm", ok: "Confirm", cancel: "Cancel" }
  };

  function texts() {
    var lang = (document.documentElement.getAttribute("lang") || "vi").slice(0, 2);
    return TEXTS[lang] || TEXTS.vi;
  }

  // One in-page dialog (native <dialog>: modal, focus kept inside, Escape closes) for every form that carries
  // data-confirm. No inline handlers or styles (the CSP forbids them); without <dialog>, window.confirm.
  var dialog = null;

  function buildDialog() {
    var t = texts();
    dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-title");
    dialog.setAttribute("aria-describedby", "confirm-dialog-text");
    var form = document.createElement("form");
    form.method = "dialog";
    var title = document.createElement("h2");
    title.id = "confirm-dialog-title";
    title.textContent = t.title;
    var text = document.createElement("p");
    text.id = "confirm-dialog-text";
    var buttons = document.createElement("div");
    buttons.className = "confirm-buttons";
    var ok = document.createElement("button");
    ok.type = "submit";
    ok.value = "ok";
    ok.className = "danger";
    ok.textContent = t.ok;
    var cancel = document.createElement("button");
    cancel.type = "submit";
    cancel.value = "cancel";
    cancel.className = "button secondary";
    cancel.textContent = t.cancel;
    buttons.appendChild(ok);
    buttons.appendChild(cancel);
    form.appendChild(title);
    form.appendChild(text);
    form.appendChild(buttons);
    dialog.appendChild(form);
    document.body.appendChild(dialog);
    return dialog;
  }

  function submitAgain(form, submitter) {
    form.setAttribute("data-confirmed", "1");
    if (form.requestSubmit) {
      form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
      return;
    }
    if (submitter && submitter.name) {  // form.submit() drops the pressed button: keep its name and value
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = submitter.name;
      hidden.value = submitter.value;
      form.appendChild(hidden);
    }
    form.submit();
  }

  function ask(form, message, submitter) {
    if (typeof HTMLDialogElement === "undefined") {
      if (window.confirm(message)) { submitAgain(form, submitter); }
      return;
    }
    var d = dialog || buildDialog();
    d.querySelector("#confirm-dialog-text").textContent = message;
    var cancel = d.querySelector("button[value=cancel]");
    d.returnValue = "";
    d.onclose = null;
    d.addEventListener("close", function onClose() {
      d.removeEventListener("close", onClose);
      var back = submitter || form.querySelector("button, [type=submit]");
      if (d.returnValue === "ok") {
        submitAgain(form, submitter);
      } else if (back && back.focus) {
        back.focus();
      }
    });
    d.showModal();
    cancel.focus();  // the safe choice has the focus: Enter does not destroy anything
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.getAttribute) { return; }
    var message = form.getAttribute("data-confirm");
    if (!message) { return; }
    if (form.getAttribute("data-confirmed") === "1") {
      form.removeAttribute("data-confirmed");
      return;
    }
    // capture phase: before htmx or anyone else sends the form
    event.preventDefault();
    event.stopImmediatePropagation();
    ask(form, message, event.submitter || null);
  }, true);

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

  // printing: the closed <details> (history, long texts) print opened
  window.addEventListener("beforeprint", function () {
    var closed = document.querySelectorAll("main details:not([open])");
    for (var i = 0; i < closed.length; i++) {
      closed[i].setAttribute("open", "");
      closed[i].setAttribute("data-print-opened", "");
    }
  });
  window.addEventListener("afterprint", function () {
    var opened = document.querySelectorAll("details[data-print-opened]");
    for (var i = 0; i < opened.length; i++) {
      opened[i].removeAttribute("open");
      opened[i].removeAttribute("data-print-opened");
    }
  });

  // The menu's groups (<details class="navgroup">) behave like menus: one open at a time, closed by a click
  // elsewhere or by Escape. Without JavaScript they still open and close on their own.
  function closeNavGroups(except) {
    var open = document.querySelectorAll("details.navgroup[open]");
    for (var i = 0; i < open.length; i++) {
      if (open[i] !== except) open[i].removeAttribute("open");
    }
  }
  document.addEventListener("click", function (event) {
    var group = event.target.closest ? event.target.closest("details.navgroup") : null;
    closeNavGroups(group);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      var group = document.activeElement && document.activeElement.closest ? document.activeElement.closest("details.navgroup[open]") : null;
      closeNavGroups(null);
      if (group) group.querySelector("summary").focus();
    }
  });
})();
