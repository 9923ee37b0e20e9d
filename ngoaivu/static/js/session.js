// Nothing typed is lost (issue 18), part 1: the idle notice, the keep-alive, and a form posted after sign-out
// brought back filled in. Facts come from templates/partials/_session.html (data-* on #session-facts).
//
// - The page keeps the session's end time in localStorage (shared by the tabs) and moves it on each request it
//   knows of: its own load, htmx requests, the keep-alive, drafts.js's saves (event "ngoaivu:server-touched").
// - Two minutes before the idle sign-out the notice (role=alertdialog) offers "Tiếp tục làm việc" (keep-alive).
//   Typing in a form sends the keep-alive at most once a minute.
// - When the clock says the session is over, /session/status/ (which does not renew it) is asked; if it has
//   really ended, the notice says so and offers sign-in in a new tab, keeping this page.
// - Right before a POST form is submitted its values (no password, file or CSRF token) go to sessionStorage,
//   keyed by page path and form action. If the POST meets the sign-in page (the session had ended), the page
//   it returns to after sign-in gets the values back. Any other page load drops them; they never outlive the tab.
(function () {
  "use strict";

  var facts = document.getElementById("session-facts");
  if (!facts) {
    return;
  }
  var data = facts.dataset;
  var signedIn = data.signedIn === "1";
  var onSigninPage = data.signinPage === "1";
  var STASH_PREFIX = "ngoaivu.stash:";
  var EXPIRES_KEY = "ngoaivu.session.expires";
  var KEEPALIVE_EVERY_MS = 60 * 1000;
  var SKIP_TYPES = ["password", "file", "submit", "button", "reset", "image"];

  function now() {
    return Date.now();
  }

  function pathOf(url) {
    try {
      return new URL(url, window.location.href).pathname;
    } catch (e) {
      return "";
    }
  }

  function formAction(form) {
    // getAttribute: a field named "action" would shadow form.action
    return pathOf(form.getAttribute("action") || window.location.href);
  }

  function isPostForm(form) {
    return form && form.tagName === "FORM" && (form.getAttribute("method") || "").toLowerCase() === "post";
  }

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) {
        return decodeURIComponent(parts[i].slice(eq + 1));
      }
    }
    return "";
  }

  // A sign-in made in another tab gives the browser a new CSRF cookie: forms and htmx use it from then on
  // (Django accepts the cookie's secret as the token), so a form on this older page still goes through.
  function freshCsrf() {
    return data.csrfCookie ? readCookie(data.csrfCookie) : "";
  }

  function refreshCsrf(form) {
    var token = freshCsrf();
    if (!token) {
      return;
    }
    var field = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) {
      field.value = token;
    }
  }

  function csrfHeader() {
    var token = freshCsrf();
    if (!token) {
      var field = document.querySelector("input[name=csrfmiddlewaretoken]");
      token = field ? field.value : "";
    }
    return token;
  }

  window.ngoaivuCsrf = csrfHeader;

  // ---- the stash of a form being submitted ----------------------------------------------------------------

  function storage() {
    try {
      return window.sessionStorage;
    } catch (e) {
      return null;
    }
  }

  function stashKeys(store) {
    var keys = [];
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(STASH_PREFIX) === 0) {
        keys.push(key);
      }
    }
    return keys;
  }

  function keptElements(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken") {
        return false;
      }
      var type = (el.type || "").toLowerCase();
      return SKIP_TYPES.indexOf(type) < 0 && el.tagName !== "BUTTON" && el.tagName !== "FIELDSET";
    });
  }

  function stashForm(form) {
    var store = storage();
    if (!store || !keptElements(form).some(function (el) { return el.type !== "hidden"; })) {
      return; // nothing typed in it (a sign-out or language button)
    }
    var values = [];
    keptElements(form).forEach(function (el) {
      var type = (el.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        values.push([el.name, el.checked ? el.value : null]);
      } else if (el.tagName === "SELECT") {
        Array.prototype.forEach.call(el.options, function (option) {
          if (option.selected) {
            values.push([el.name, option.value]);
          }
        });
        if (el.selectedIndex < 0) {
          values.push([el.name, null]);
        }
      } else {
        values.push([el.name, el.value]);
      }
    });
    var page = window.location.pathname;
    var action = formAction(form);
    try {
      store.setItem(
        STASH_PREFIX + page + "|" + action,
        JSON.stringify({ page: page, action: action, values: values, user: data.user, viaSignin: false })
      );
    } catch (e) {
      // storage full or refused: the form is submitted anyway
    }
  }

  function restoreForm(form, values) {
    var byName = {};
    values.forEach(function (pair) {
      if (!byName[pair[0]]) {
        byName[pair[0]] = [];
      }
      if (pair[1] !== null) {
        byName[pair[0]].push(pair[1]);
      }
    });
    var used = {};
    var changed = false;
    keptElements(form).forEach(function (el) {
      var wanted = byName[el.name];
      if (!wanted) {
        return;
      }
      var type = (el.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        var check = wanted.indexOf(el.value) >= 0;
        changed = changed || el.checked !== check;
        el.checked = check;
      } else if (el.tagName === "SELECT") {
        Array.prototype.forEach.call(el.options, function (option) {
          var select = wanted.indexOf(option.value) >= 0;
          changed = changed || option.selected !== select;
          option.selected = select;
        });
      } else {
        var i = used[el.name] || 0;
        used[el.name] = i + 1;
        if (i < wanted.length && el.value !== wanted[i]) {
          el.value = wanted[i];
          changed = true;
          if (type !== "hidden") {
            el.dispatchEvent(new Event("input", { bubbles: true }));
          }
        }
      }
    });
    return changed;
  }

  function hasServerErrors(form) {
    return !!form.querySelector(".errorlist, .error-summary, [aria-invalid=true]");
  }

  function announceRestored(form) {
    var note = document.createElement("p");
    note.className = "restore-notice";
    note.setAttribute("role", "status");
    note.setAttribute("tabindex", "-1");
    note.textContent = data.textRestored;
    form.insertBefore(note, form.firstChild); // inside the form: forms may sit in a grid of cards
    note.focus();
  }

  function handleStashOnLoad() {
    var store = storage();
    if (!store) {
      return;
    }
    stashKeys(store).forEach(function (key) {
      var stash;
      try {
        stash = JSON.parse(store.getItem(key) || "null");
      } catch (e) {
        stash = null;
      }
      if (onSigninPage) {
        // the posted form met the sign-in page: keep it for the page sign-in leads back to
        if (stash) {
          stash.viaSignin = true;
          store.setItem(key, JSON.stringify(stash));
        }
        return;
      }
      store.removeItem(key);
      // only for the person who typed it: someone else signing in on this tab gets the empty form
      if (!stash || !stash.viaSignin || !signedIn || stash.user !== data.user || stash.page !== window.location.pathname) {
        return;
      }
      var forms = Array.prototype.filter.call(document.querySelectorAll("form"), function (form) {
        return isPostForm(form) && formAction(form) === stash.action;
      });
      var form = forms[0];
      if (!form || hasServerErrors(form)) {
        return;
      }
      if (restoreForm(form, stash.values)) {
        announceRestored(form);
      }
    });
  }

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!isPostForm(form)) {
        return;
      }
      refreshCsrf(form);
      if (!onSigninPage && !form.hasAttribute("data-no-stash")) {
        stashForm(form);
      }
    },
    true
  );

  handleStashOnLoad();

  if (!signedIn) {
    return;
  }

  // ---- the idle clock ---------------------------------------------------------------------------------------

  var idleMs = (parseInt(data.idleSeconds, 10) || 900) * 1000;
  var warnMs = (parseInt(data.warnSeconds, 10) || 120) * 1000;
  var loadedAt = now();
  var secondsLeft = parseInt(data.secondsLeft, 10);
  if (isNaN(secondsLeft)) {
    secondsLeft = idleMs / 1000;
  }
  // past this instant no request can keep the session (the absolute cap), when it comes before the idle end
  var capAt = secondsLeft * 1000 < idleMs ? loadedAt + secondsLeft * 1000 : Infinity;
  var localExpires = loadedAt + secondsLeft * 1000;
  var lastKeepAlive = loadedAt;
  var state = "none"; // none | warning | ended
  var checking = false;
  var returnFocus = null;

  var notice = document.getElementById("session-notice");
  var warningBox = notice && notice.querySelector("[data-state=warning]");
  var endedBox = notice && notice.querySelector("[data-state=ended]");
  var countdown = notice && notice.querySelector("[data-countdown]");
  var capText = notice && notice.querySelector("[data-cap]");
  var mainText = notice && notice.querySelector("#session-notice-text");
  var keepButton = notice && notice.querySelector("[data-keepalive]");
  var closeButton = notice && notice.querySelector("[data-close]");
  var dismissButton = notice && notice.querySelector("[data-dismiss]");
  var capDismissed = false;
  var signinLink = notice && notice.querySelector("[data-signin]");

  function sharedExpires() {
    try {
      var v = parseInt(window.localStorage.getItem(EXPIRES_KEY), 10);
      return isNaN(v) ? localExpires : Math.max(v, localExpires);
    } catch (e) {
      return localExpires;
    }
  }

  function setExpires(at) {
    localExpires = Math.min(at, capAt);
    try {
      window.localStorage.setItem(EXPIRES_KEY, String(localExpires));
    } catch (e) {
      // private mode: this tab keeps its own clock
    }
  }

  function touched() {
    // a request reached the server: the session runs idleMs from now (never past the cap)
    setExpires(now() + idleMs);
    if (state === "warning") {
      hideNotice();
    }
  }

  setExpires(loadedAt + secondsLeft * 1000);

  function formatLeft(ms) {
    var total = Math.max(0, Math.ceil(ms / 1000));
    var minutes = Math.floor(total / 60);
    var seconds = total % 60;
    return minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
  }

  function showNotice(which) {
    if (!notice) {
      return;
    }
    var wasHidden = notice.hidden;
    state = which;
    warningBox.hidden = which !== "warning";
    endedBox.hidden = which !== "ended";
    notice.setAttribute("aria-labelledby", which === "ended" ? "session-notice-ended-title" : "session-notice-title");
    notice.setAttribute("aria-describedby", which === "ended" ? "session-notice-ended-text" : "session-notice-text");
    notice.hidden = false;
    notice.classList.add("is-open");
    if (wasHidden) {
      var active = document.activeElement;
      returnFocus = active && active !== document.body && !notice.contains(active) ? active : null;
    }
    var target = which === "ended" ? signinLink : keepButton && !keepButton.hidden ? keepButton : dismissButton;
    if (target && (wasHidden || !notice.contains(document.activeElement))) {
      target.focus();
    }
  }

  function hideNotice() {
    if (!notice) {
      return;
    }
    var hadFocus = notice.contains(document.activeElement);
    notice.hidden = true;
    notice.classList.remove("is-open");
    state = "none";
    if (hadFocus && returnFocus && document.body.contains(returnFocus)) {
      returnFocus.focus();
    }
    returnFocus = null;
  }

  function atCap() {
    return capAt !== Infinity && capAt - now() <= warnMs;
  }

  function keepAlive() {
    lastKeepAlive = now();
    var body = new URLSearchParams();
    return fetch(data.keepaliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfHeader(), "X-Requested-With": "fetch" },
      body: body,
      redirect: "manual"
    })
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("json") >= 0;
        // not JSON (a 403 page, a proxy's error): say nothing; the status check decides at the end
        return json ? response.json() : null;
      })
      .then(function (answer) {
        if (!answer) {
          return;
        }
        if (!answer.signed_in) {
          showNotice("ended");
          return;
        }
        setExpires(now() + answer.seconds_left * 1000);
        if (state === "warning" && !atCap()) {
          hideNotice();
        }
      })
      .catch(function () {
        // offline for a moment: the clock goes on and the status check decides
      });
  }

  function checkStatus() {
    if (checking) {
      return;
    }
    checking = true;
    fetch(data.statusUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        return response.json();
      })
      .then(function (answer) {
        if (answer.signed_in && answer.seconds_left > 0) {
          // still signed in (another tab, a download, a sign-in in a new tab): back to the clock
          capAt = Infinity;
          setExpires(now() + answer.seconds_left * 1000);
          if (state === "ended") {
            hideNotice();
          }
        } else {
          showNotice("ended");
        }
      })
      .catch(function () {
        // the server did not answer: ask again on the next tick
      })
      .then(function () {
        checking = false;
      });
  }

  function tick() {
    if (state === "ended") {
      return;
    }
    var left = sharedExpires() - now();
    if (left <= 0) {
      checkStatus();
      return;
    }
    if (left <= warnMs) {
      var capped = atCap();
      if (capText) {
        capText.hidden = !capped;
      }
      if (mainText) {
        mainText.hidden = capped;
      }
      if (keepButton) {
        keepButton.hidden = capped;
      }
      if (dismissButton) {
        dismissButton.hidden = !capped;
      }
      if (countdown) {
        countdown.textContent = formatLeft(left);
      }
      if (state !== "warning" && !(capped && capDismissed)) {
        showNotice("warning");
      }
    } else if (state === "warning") {
      hideNotice();
    }
  }

  if (notice) {
    if (keepButton) {
      keepButton.addEventListener("click", function () {
        keepAlive();
      });
    }
    if (dismissButton) {
      dismissButton.addEventListener("click", function () {
        capDismissed = true;
        hideNotice();
      });
    }
    if (closeButton) {
      closeButton.addEventListener("click", function () {
        hideNotice();
        state = "ended"; // stays ended until a status check finds a session again
      });
    }
    notice.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && state === "warning") {
        keepAlive();
      }
    });
  }

  // Typing in a form is activity: the keep-alive at most once a minute (at once when the notice shows).
  document.addEventListener(
    "input",
    function (event) {
      var target = event.target;
      if (!target || !target.form || state === "ended") {
        return;
      }
      if (state === "warning" || now() - lastKeepAlive >= KEEPALIVE_EVERY_MS) {
        keepAlive();
      }
    },
    true
  );

  document.addEventListener("ngoaivu:server-touched", touched);
  document.body.addEventListener("htmx:configRequest", function (event) {
    var token = freshCsrf();
    if (token && event.detail && event.detail.headers) {
      event.detail.headers["X-CSRFToken"] = token;
    }
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (xhr && xhr.status > 0 && !xhr.getResponseHeader("HX-Redirect")) {
      touched();
    }
  });
  window.addEventListener("storage", function (event) {
    if (event.key === EXPIRES_KEY) {
      tick();
    }
  });
  function recheck() {
    if (document.visibilityState === "visible") {
      if (state === "ended") {
        checkStatus();
      } else {
        tick();
      }
    }
  }
  document.addEventListener("visibilitychange", recheck);
  window.addEventListener("focus", recheck);

  window.ngoaivuSession = {
    keepAlive: keepAlive,
    checkStatus: checkStatus,
    tick: tick,
    // for tests and the console: pretend the session ends in `ms` (the server is asked when it reaches 0)
    expireIn: function (ms) {
      localExpires = now() + ms;
      try {
        window.localStorage.setItem(EXPIRES_KEY, String(localExpires));
      } catch (e) {
        // ignore
      }
      tick();
    }
  };

  window.setInterval(tick, 1000);
})();
