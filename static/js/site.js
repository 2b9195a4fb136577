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

// The language menu and the phone menu are <details>: Escape or a click elsewhere closes them.
const MENUS = ".lang-menu[open], .nav-disclosure[open]";
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  document.querySelectorAll(MENUS).forEach((menu) => {
    menu.removeAttribute("open");
    if (menu.contains(document.activeElement)) menu.querySelector("summary").focus();
  });
});
document.addEventListener("click", (event) => {
  document.querySelectorAll(MENUS).forEach((menu) => {
    if (!menu.contains(event.target)) menu.removeAttribute("open");
  });
});

// A table box is a keyboard stop only when the table is wider than it (and so scrolls).
const scrollStops = () => {
  document.querySelectorAll(".table-scroll").forEach((box) => {
    if (box.scrollWidth <= box.clientWidth) box.removeAttribute("tabindex");
    else box.setAttribute("tabindex", "0");
  });
};
document.addEventListener("DOMContentLoaded", scrollStops);
window.addEventListener("resize", scrollStops);
