// Nothing typed is lost (issue 18), part 2: long texts are kept as drafts on the server while typing.
// Every <textarea> of a POST form (not marked data-no-draft) is saved 2 s after the last keystroke, per user,
// page and field. On load the user's drafts for this page are fetched; where one differs from what the field
// holds, an offer above the field reads "Bản nháp lưu lúc HH:MM dd/mm/yyyy — [Khôi phục] [Bỏ bản nháp]".
// The server drops a page's drafts once a form of the page went through (drafts.middleware).
(function () {
  "use strict";

  var facts = document.getElementById("session-facts");
  if (!facts || facts.dataset.signedIn !== "1" || facts.dataset.signinPage === "1") {
    return;
  }
  var data = facts.dataset;
  var DEBOUNCE_MS = 2000;
  var page = window.location.pathname;

  function pathOf(url) {
    try {
      return new URL(url, window.location.href).pathname;
    } catch (e) {
      return "";
    }
  }

  function normal(text) {
    return (text || "").normalize("NFC").replace(/\r\n/g, "\n").trim();
  }

  function csrf(form) {
    if (window.ngoaivuCsrf) {
      var token = window.ngoaivuCsrf();
      if (token) {
        return token;
      }
    }
    var field = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function fieldKey(textarea) {
    // the field's name; prefixed with its form's action when that is another URL than the page
    var action = pathOf(textarea.form.getAttribute("action") || window.location.href);
    return action === page ? textarea.name : action + "#" + textarea.name;
  }

  function eligible(textarea) {
    var form = textarea.form;
    return (
      !!form &&
      !!textarea.name &&
      !textarea.disabled &&
      !textarea.readOnly &&
      (form.getAttribute("method") || "").toLowerCase() === "post" &&
      !textarea.hasAttribute("data-no-draft") &&
      !form.hasAttribute("data-no-draft")
    );
  }

  function touched() {
    document.dispatchEvent(new CustomEvent("ngoaivu:server-touched"));
  }

  function clock(date) {
    function two(n) {
      return (n < 10 ? "0" : "") + n;
    }
    return two(date.getHours()) + ":" + two(date.getMinutes());
  }

  function statusOf(textarea) {
    var status = textarea.ngoaivuDraftStatus;
    if (!status) {
      status = document.createElement("span");
      status.className = "draft-status";
      status.setAttribute("aria-live", "polite");
      textarea.insertAdjacentElement("afterend", status);
      textarea.ngoaivuDraftStatus = status;
    }
    return status;
  }

  function post(url, form, params) {
    var body = new URLSearchParams();
    Object.keys(params).forEach(function (key) {
      body.append(key, params[key]);
    });
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(form), "X-Requested-With": "fetch" },
      body: body,
      redirect: "manual"
    });
  }

  function save(textarea) {
    textarea.ngoaivuDraftTimer = null;
    var text = textarea.value;
    if (normal(text) === normal(textarea.ngoaivuDraftSaved)) {
      return;
    }
    var status = statusOf(textarea);
    post(data.draftSaveUrl, textarea.form, { page: page, field: fieldKey(textarea), text: text })
      .then(function (response) {
        if (response.status === 204) {
          textarea.ngoaivuDraftSaved = text;
          var said = data.textDraftSaved.replace("{when}", clock(new Date()));
          if (status.textContent !== said) {
            status.textContent = said; // a live region: said again only when the minute changes
          }
          status.removeAttribute("data-error");
          touched();
          return null;
        }
        var json = (response.headers.get("Content-Type") || "").indexOf("json") >= 0;
        return json ? response.json() : { message: data.textDraftFailed };
      })
      .then(function (problem) {
        if (problem) {
          status.textContent = problem.message || data.textDraftFailed;
          status.setAttribute("data-error", "");
        }
      })
      .catch(function () {
        status.textContent = data.textDraftFailed;
        status.setAttribute("data-error", "");
      });
  }

  function schedule(textarea) {
    if (textarea.ngoaivuDraftTimer) {
      window.clearTimeout(textarea.ngoaivuDraftTimer);
    }
    textarea.ngoaivuDraftTimer = window.setTimeout(function () {
      save(textarea);
    }, DEBOUNCE_MS);
  }

  function removeOffer(textarea) {
    if (textarea.ngoaivuDraftOffer) {
      textarea.ngoaivuDraftOffer.remove();
      textarea.ngoaivuDraftOffer = null;
    }
  }

  function offer(textarea, draft) {
    var box = document.createElement("div");
    box.className = "draft-offer";
    box.setAttribute("role", "group");
    var label = document.createElement("span");
    label.className = "draft-offer-text";
    label.id = "draft-offer-" + Math.random().toString(36).slice(2);
    label.textContent = data.textDraftOffer.replace("{when}", draft.saved_at) + " — ";
    box.setAttribute("aria-labelledby", label.id);
    var restore = document.createElement("button");
    restore.type = "button";
    restore.className = "link";
    restore.setAttribute("data-draft-restore", "");
    restore.textContent = data.textDraftRestore;
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "link";
    discard.setAttribute("data-draft-discard", "");
    discard.textContent = data.textDraftDiscard;
    box.appendChild(label);
    box.appendChild(restore);
    box.appendChild(document.createTextNode(" "));
    box.appendChild(discard);
    restore.addEventListener("click", function () {
      textarea.value = draft.text;
      textarea.ngoaivuDraftSaved = draft.text;
      removeOffer(textarea);
      textarea.focus();
    });
    discard.addEventListener("click", function () {
      post(data.draftDiscardUrl, textarea.form, { page: page, field: fieldKey(textarea) }).then(function (response) {
        if (response.status === 204) {
          touched();
        }
      });
      removeOffer(textarea);
      textarea.focus();
    });
    textarea.parentNode.insertBefore(box, textarea);
    textarea.ngoaivuDraftOffer = box;
  }

  var textareas = Array.prototype.filter.call(document.querySelectorAll("form textarea"), eligible);
  if (!textareas.length) {
    return;
  }
  textareas.forEach(function (textarea) {
    textarea.addEventListener("input", function () {
      schedule(textarea);
    });
    textarea.form.addEventListener("submit", function () {
      // the form itself carries the text now: a save landing after it would outlive the submission
      Array.prototype.forEach.call(textarea.form.querySelectorAll("textarea"), function (t) {
        if (t.ngoaivuDraftTimer) {
          window.clearTimeout(t.ngoaivuDraftTimer);
          t.ngoaivuDraftTimer = null;
        }
      });
    });
  });

  fetch(data.draftsUrl + "?" + new URLSearchParams({ page: page }).toString(), {
    credentials: "same-origin",
    cache: "no-store",
    redirect: "manual"
  })
    .then(function (response) {
      var json = response.ok && (response.headers.get("Content-Type") || "").indexOf("json") >= 0;
      return json ? response.json() : { drafts: [] };
    })
    .then(function (answer) {
      touched();
      var byKey = {};
      (answer.drafts || []).forEach(function (draft) {
        byKey[draft.field] = draft;
      });
      textareas.forEach(function (textarea) {
        var draft = byKey[fieldKey(textarea)];
        if (!draft || !normal(draft.text)) {
          return;
        }
        textarea.ngoaivuDraftSaved = draft.text;
        if (normal(draft.text) !== normal(textarea.value)) {
          offer(textarea, draft);
        }
      });
    })
    .catch(function () {
      // no drafts offered: the page works as before
    });
})();
