// Progressive enhancement only: pages work without this file.
// Keeps the count of confirmed signatures on a petition page current.
(function () {
  const counter = document.querySelector("[data-petition-count-url]");
  if (!counter || !window.fetch) return;
  const refresh = () => {
    fetch(counter.dataset.petitionCountUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => {
        if (data && typeof data.confirmed_signatures === "number") {
          counter.textContent = data.confirmed_signatures.toLocaleString(document.documentElement.lang || undefined);
        }
      })
      .catch(() => {});
  };
  setInterval(refresh, 30000);
})();
