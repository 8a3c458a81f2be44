// Long work (rendering a PDF, reading a file) shows that it is under way: the form's
// submit buttons are disabled and its data-busy-text is announced until the page changes.
// A link with data-busy-text (a draft PDF made on request) announces it the same way.
(function () {
  "use strict";
  function announce(after, text) {
    let status = after.parentNode.querySelector(".busy-status");
    if (!status) {
      status = document.createElement("span");
      status.className = "busy-status ms-2";
      status.setAttribute("role", "status");
      after.insertAdjacentElement("afterend", status);
    }
    status.innerHTML = '<span class="spinner-border spinner-border-sm" aria-hidden="true"></span> ';
    status.appendChild(document.createTextNode(text));
  }
  // The server answers a link's request with a cookie naming the link's token and what was
  // made (a draft PDF: its pages), so the page can say when the work is done even when the
  // browser saves the file and stays on this page.
  const DONE_COOKIE = "sofint_pdf_klar";
  function newToken() {
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }
  function doneValue(token) {
    const prefix = DONE_COOKIE + "=" + token + ".";
    const found = document.cookie.split("; ").find(function (c) { return c.startsWith(prefix); });
    return found ? found.slice(prefix.length) : null;
  }
  function watch(link, token, status) {
    const started = Date.now();
    const timer = window.setInterval(function () {
      const pages = doneValue(token);
      if (pages !== null) {
        window.clearInterval(timer);
        document.cookie = DONE_COOKIE + "=; Max-Age=0; path=/; SameSite=Lax";
        status.textContent = (link.dataset.doneText || "Klart.").replace("{sidor}", pages);
      } else if (Date.now() - started > 5 * 60 * 1000) {
        window.clearInterval(timer);
        status.remove();
      }
    }, 400);
  }
  document.querySelectorAll("a[data-busy-text]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      // A new tab or window leaves this page as it is: nothing to announce here. (Alt+click
      // saves the file and stays here, as a browser that saves PDFs rather than shows them.)
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) {
        return;
      }
      const token = newToken();
      const url = new URL(link.href, window.location.href);
      url.searchParams.set("klar", token);
      link.href = url.toString();
      announce(link, link.dataset.busyText);
      watch(link, token, link.parentNode.querySelector(".busy-status"));
    });
  });
  // Back from the PDF (the page may come from the browser's cache): the work is done.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("a[data-busy-text] ~ .busy-status").forEach(function (status) {
      status.remove();
    });
  });
  document.querySelectorAll("form[data-busy-text]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (button) {
        button.disabled = true;
      });
      let status = form.querySelector(".busy-status");
      if (!status) {
        status = document.createElement("p");
        status.className = "busy-status mt-2";
        status.setAttribute("role", "status");
        form.appendChild(status);
      }
      status.innerHTML = '<span class="spinner-border spinner-border-sm" aria-hidden="true"></span> ';
      status.appendChild(document.createTextNode(form.dataset.busyText));
    });
  });
})();
