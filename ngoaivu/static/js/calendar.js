/* Shared calendar: on a phone the month reads as a list of days; this brings today into view when the page
   opens on the current month (the "Hôm nay" badge marks it with or without JavaScript). The filters are
   applied with the "Xem" button, never on each keystroke. Plain ES5, no inline code (CSP). */
(function () {
  "use strict";

  function init() {
    if (!window.matchMedia || !window.matchMedia("(max-width: 760px)").matches) { return; }
    if (window.location.hash) { return; }
    var today = document.querySelector(".calendar-month td[aria-current='date']");
    if (today && today.scrollIntoView) { today.scrollIntoView({ block: "start" }); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
