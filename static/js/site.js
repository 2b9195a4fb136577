// Progressive enhancement only: every page works without this file.
document.addEventListener("change", (event) => {
  // Re-sort as soon as the sort order changes (the Search button does the same without JS).
  if (event.target.matches("#sort")) {
    event.target.form.requestSubmit();
  }
});
