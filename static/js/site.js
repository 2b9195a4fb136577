// Progressive enhancement only: every page works without this file.
document.addEventListener("change", (event) => {
  // Re-sort as soon as the sort order changes (the Search button does the same without JS).
  if (event.target.matches("#sort")) {
    event.target.form.requestSubmit();
  }
});

// After HTMX has changed the address (a search, a facet), point the language menu at the new one.
// Paths are the same in every language but for the prefix ("" for English, "/fr", "/ar" …).
document.addEventListener("htmx:pushedIntoHistory", () => {
  const links = document.querySelectorAll(".lang-list a[data-lang-prefix]");
  const current = document.querySelector(".lang-list a[aria-current]");
  if (!current) return;
  const prefix = current.dataset.langPrefix;
  let path = window.location.pathname;
  if (prefix && path.startsWith(prefix + "/")) path = path.slice(prefix.length);
  links.forEach((link) => {
    link.href = link.dataset.langPrefix + path + window.location.search;
  });
});

// The language menu is a <details>: Escape or a click elsewhere closes it.
document.addEventListener("keydown", (event) => {
  const menu = document.querySelector(".lang-menu[open]");
  if (event.key === "Escape" && menu) {
    menu.removeAttribute("open");
    menu.querySelector("summary").focus();
  }
});
document.addEventListener("click", (event) => {
  const menu = document.querySelector(".lang-menu[open]");
  if (menu && !menu.contains(event.target)) menu.removeAttribute("open");
});
