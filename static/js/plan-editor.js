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
