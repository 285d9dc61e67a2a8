// Drag a card onto another column: the card's own "Move to" form is filled and submitted, so the move
// goes through the same server path as the keyboard alternative (validated, logged, conflict-checked).
(function () {
  "use strict";
  let dragged = null;
  document.addEventListener("dragstart", function (event) {
    const card = event.target.closest && event.target.closest(".card-item");
    if (!card) return;
    dragged = card;
    card.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.lead);
  });
  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    document.querySelectorAll(".column.drop-target").forEach(function (c) { c.classList.remove("drop-target"); });
    dragged = null;
  });
  document.addEventListener("dragover", function (event) {
    const column = event.target.closest && event.target.closest(".column");
    if (!column || !dragged) return;
    event.preventDefault();
    column.classList.add("drop-target");
  });
  document.addEventListener("dragleave", function (event) {
    const column = event.target.closest && event.target.closest(".column");
    if (column && !column.contains(event.relatedTarget)) column.classList.remove("drop-target");
  });
  document.addEventListener("drop", function (event) {
    const column = event.target.closest && event.target.closest(".column");
    if (!column || !dragged) return;
    event.preventDefault();
    const form = dragged.querySelector("form.card-move");
    const select = form && form.querySelector("select[name=stage]");
    if (!select || select.value === column.dataset.stage) return;
    select.value = column.dataset.stage;
    column.querySelector(".cards").prepend(dragged);  // show the move at once; the server has the last word
    if (window.htmx) { window.htmx.trigger(form, "submit"); } else { form.submit(); }
  });
})();
