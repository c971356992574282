/*
 * Live Markdown preview beside the authoring area's text fields.
 *
 * Progressive enhancement: a text area marked data-markdown-preview (set in
 * courses/admin/mixins.py) gets, when it is first focused, a region that
 * shows the text rendered by the server's own sanitising renderer (the same
 * as the learner pages), updated while typing and announced politely to
 * screen readers. Without JavaScript the saved preview on the page remains.
 * No inline script (the site's CSP); wording comes from the data attributes.
 */
(function () {
    "use strict";

    var DELAY_MS = 400;

    function isTemplateForm(field) {
        // Django's empty inline form, cloned by "Lägg till ...": not a real field yet.
        return field.name.indexOf("__prefix__") !== -1;
    }

    function csrfToken(field) {
        var form = field.form;
        var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
        return input ? input.value : "";
    }

    function regionFor(field) {
        var id = field.id + "-live-preview";
        var region = document.getElementById(id);
        if (region) {
            return region;
        }
        region = document.createElement("div");
        region.id = id;
        region.className = "md-live-preview";
        var title = document.createElement("p");
        title.className = "md-live-preview-title";
        title.textContent = field.getAttribute("data-markdown-preview-title");
        var body = document.createElement("div");
        body.className = "md-live-preview-body";
        body.setAttribute("aria-live", "polite");
        region.appendChild(title);
        region.appendChild(body);
        // After the text area (not around it: moving a focused field would blur it).
        field.insertAdjacentElement("afterend", region);
        return region;
    }

    function render(field) {
        var region = regionFor(field);
        var body = region.querySelector(".md-live-preview-body");
        var sequence = (Number(region.getAttribute("data-sequence")) || 0) + 1;
        region.setAttribute("data-sequence", String(sequence));
        var data = new URLSearchParams();
        data.append("text", field.value);
        fetch(field.getAttribute("data-markdown-preview"), {
            method: "POST",
            credentials: "same-origin",
            headers: { "X-CSRFToken": csrfToken(field) },
            body: data
        })
            .then(function (response) {
                if (!response.ok) {
                    throw new Error(String(response.status));
                }
                return response.json();
            })
            .then(function (payload) {
                if (region.getAttribute("data-sequence") === String(sequence)) {
                    // Sanitised by the server's allow-list (common/html.py).
                    body.innerHTML = payload.html;
                }
            })
            .catch(function () {
                if (region.getAttribute("data-sequence") === String(sequence)) {
                    body.textContent = field.getAttribute("data-markdown-preview-error");
                }
            });
    }

    var timers = new WeakMap();

    function previewable(target) {
        return (
            target instanceof HTMLTextAreaElement &&
            target.hasAttribute("data-markdown-preview") &&
            !isTemplateForm(target)
        );
    }

    // Delegated, so text areas of inline forms added later are covered too.
    document.addEventListener("focusin", function (event) {
        if (previewable(event.target) && !document.getElementById(event.target.id + "-live-preview")) {
            render(event.target);
        }
    });
    document.addEventListener("input", function (event) {
        var field = event.target;
        if (!previewable(field)) {
            return;
        }
        clearTimeout(timers.get(field));
        timers.set(
            field,
            setTimeout(function () {
                render(field);
            }, DELAY_MS)
        );
    });
})();
