// Material's version button is named "Select version" while it shows "2026-12-01 latest": a speech-input
// user saying what they see would not reach it. Name it by its visible text, then its purpose.
new MutationObserver((_, observer) => {
  const button = document.querySelector(".md-version__current")
  if (!button || button.dataset.named) return
  const visible = button.textContent.replace(/\s+/g, " ").trim()
  button.setAttribute("aria-label", `${visible} – ${button.getAttribute("aria-label") || ""}`.trim())
  button.dataset.named = "true"
  observer.disconnect()
}).observe(document.body, { childList: true, subtree: true })
