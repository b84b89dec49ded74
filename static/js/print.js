// "Print this briefing": a button that opens the browser's print dialog (hidden when printed).
for (const button of document.querySelectorAll("[data-engage-print]")) {
  button.addEventListener("click", () => window.print());
}
