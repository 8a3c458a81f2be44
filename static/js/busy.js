// Long work (rendering a PDF, reading a file) shows that it is under way: the form's
// submit buttons are disabled and its data-busy-text is announced until the page changes.
(function () {
  "use strict";
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
