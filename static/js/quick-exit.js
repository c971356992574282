/* Quick exit ("Lämna sidan snabbt"). Without JavaScript the link simply goes
   to a neutral site. With it, a click on the link or Escape pressed twice
   within a second replaces this page in the history (location.replace), so
   Back does not return here, after clearing what a page may clear. */
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit]");
  if (!link) {
    return;
  }
  var ESCAPE_WINDOW_MS = 1000;
  var lastEscape = 0;

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    try {
      window.sessionStorage.clear();
    } catch (error) {
      /* Storage may be disabled; leaving matters more. */
    }
    document.title = "";
    document.body.hidden = true;
    window.location.replace(link.href);
  }

  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.repeat) {
      return;
    }
    var now = Date.now();
    if (now - lastEscape <= ESCAPE_WINDOW_MS) {
      leave(event);
    } else {
      lastEscape = now;
    }
  });
})();
