// Autosave for the reflection editor. The page works fully without this script: it only saves the
// draft in the background a few seconds after the learner stops typing.
(function () {
  "use strict";
  var form = document.querySelector("form.reflection-form[data-autosave-url]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var text = form.querySelector("textarea[name=text]");
  var revision = form.querySelector("input[name=revision]");
  var status = document.getElementById("autosave-status");
  var timer = null;
  var lastSaved = text.value;
  var stopped = false;

  function say(message) { if (status) { status.textContent = message; } }

  function save() {
    timer = null;
    if (stopped || text.value === lastSaved) { return; }
    var body = new FormData(form);
    body.delete("action");
    var sent = text.value;
    fetch(form.dataset.autosaveUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.ok && typeof data.revision === "number") {
          revision.value = data.revision;
          lastSaved = sent;
          say(data.message || "");
        } else {
          // A conflict or an expired session: stop autosaving and let the Save button handle it,
          // so the server can show both texts or ask the learner to log in. Nothing is discarded.
          stopped = true;
          say(data.error || form.dataset.autosaveFailed || "");
        }
      });
    }).catch(function () {
      say(form.dataset.autosaveOffline || "");
    });
  }

  text.addEventListener("input", function () {
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(save, 3000);
  });
})();
