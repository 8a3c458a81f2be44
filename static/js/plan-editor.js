// Live preview of a plan section's Markdown: the server renders and sanitises it,
// so the preview shows exactly what the plan and its PDF will show.
(function () {
  "use strict";
  const form = document.getElementById("section-form");
  const preview = document.getElementById("body-preview");
  if (!form || !preview) return;
  const body = form.querySelector("textarea[name=body]");
  const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  let timer = null;
  let latest = 0;

  function refresh() {
    const request = ++latest;
    const data = new URLSearchParams({ body: body.value });
    fetch(preview.dataset.previewUrl, {
      method: "POST",
      headers: { "X-CSRFToken": token, "Content-Type": "application/x-www-form-urlencoded" },
      body: data,
      credentials: "same-origin",
    })
      .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
      .then((html) => {
        if (request === latest) preview.innerHTML = html; // sanitised on the server
      })
      .catch(() => {
        // Say so rather than leave an old preview standing; the text itself is not lost.
        if (request !== latest) return;
        const notice = document.createElement("p");
        notice.className = "text-danger";
        notice.textContent =
          "Förhandsvisningen kunde inte uppdateras just nu. Texten sparas ändå när du klickar på Spara avsnittet.";
        preview.replaceChildren(notice);
      });
  }

  body.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
})();

// "Infoga datablock här": put the line [[datablock N]] where the cursor stands in the text,
// on a line of its own, so the block is shown just there.
(function () {
  "use strict";
  const form = document.getElementById("section-form");
  if (!form) return;
  const body = form.querySelector("textarea[name=body]");
  form.querySelectorAll("[data-insert-block]").forEach(function (button) {
    button.addEventListener("click", function () {
      const marker = "[[datablock " + button.dataset.insertBlock + "]]";
      const at = body.selectionStart ?? body.value.length;
      const before = body.value.slice(0, at);
      const after = body.value.slice(at);
      const lead = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
      const tail = after === "" || after.startsWith("\n\n") ? "" : after.startsWith("\n") ? "\n" : "\n\n";
      body.value = before + lead + marker + tail + after;
      const cursor = (before + lead + marker).length;
      body.focus();
      body.setSelectionRange(cursor, cursor);
      body.dispatchEvent(new Event("input"));
    });
  });
})();
