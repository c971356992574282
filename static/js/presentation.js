/* Presentation mode: the arrow keys (and Page Up/Down) follow the visible
   "Föregående"/"Nästa" links, and a discussion timer can be started.
   Without JavaScript the links work as they are and the timer stays hidden. */
(function () {
  "use strict";
  var previous = document.querySelector("[data-present-prev]");
  var next = document.querySelector("[data-present-next]");

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    var target = event.target;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) {
      return;
    }
    var link = null;
    if (event.key === "ArrowRight" || event.key === "PageDown") {
      link = next;
    } else if (event.key === "ArrowLeft" || event.key === "PageUp") {
      link = previous;
    }
    if (link) {
      event.preventDefault();
      window.location.assign(link.href);
    }
  });

  var timer = document.querySelector("[data-timer]");
  if (!timer) {
    return;
  }
  var toggle = timer.querySelector("[data-timer-toggle]");
  var display = timer.querySelector("[role=timer]");
  var started = 0;
  var elapsed = 0;
  var interval = null;

  function show(ms) {
    var seconds = Math.floor(ms / 1000);
    var minutes = Math.floor(seconds / 60);
    seconds = seconds % 60;
    display.textContent = (minutes < 10 ? "0" : "") + minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
  }

  toggle.addEventListener("click", function () {
    if (interval === null) {
      started = Date.now() - elapsed;
      interval = window.setInterval(function () {
        elapsed = Date.now() - started;
        show(elapsed);
      }, 500);
      toggle.textContent = toggle.getAttribute("data-label-pause");
    } else {
      window.clearInterval(interval);
      interval = null;
      toggle.textContent = toggle.getAttribute("data-label-start");
    }
  });
  timer.hidden = false;
})();
