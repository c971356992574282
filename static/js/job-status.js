/* Background-job status pages (templates/common/_job_status.html). Without
   JavaScript the page has an "Uppdatera" link. With it, this asks the job's
   JSON status every few seconds and writes the answer into the page's
   aria-live region, so a screen reader hears "Klar" once, and shows the
   download link when there is one. It stops when the job has finished. */
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status]");
  if (!box || !window.fetch) {
    return;
  }
  var INTERVAL_MS = 2000;
  var stateEl = box.querySelector("[data-job-state]");
  var messageEl = box.querySelector("[data-job-message]");
  var downloadEl = box.querySelector("[data-job-download]");
  var refreshEl = box.querySelector("[data-job-refresh]");
  var last = stateEl ? stateEl.textContent : "";

  function show(status) {
    if (status.state_label !== last) {
      last = status.state_label;
      stateEl.textContent = status.state_label;
      messageEl.textContent = status.message;
    }
    if (status.download_url) {
      downloadEl.querySelector("a").setAttribute("href", status.download_url);
      downloadEl.hidden = false;
    }
    if (status.finished && refreshEl) {
      refreshEl.hidden = true;
    }
  }

  function poll() {
    window
      .fetch(box.getAttribute("data-job-status"), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (status) {
        show(status);
        if (!status.finished) {
          window.setTimeout(poll, INTERVAL_MS);
        }
      })
      .catch(function () {
        /* The "Uppdatera" link still works; try again later. */
        window.setTimeout(poll, INTERVAL_MS * 3);
      });
  }

  if (refreshEl && !refreshEl.hidden) {
    window.setTimeout(poll, INTERVAL_MS);
  }
})();
