// Names that Material leaves out or gets wrong (axe-core, Lighthouse). Material builds parts of the
// header after load, so each fix is applied once the element exists.
function nameWhenPresent(selector, name) {
  const apply = observer => {
    const element = document.querySelector(selector)
    if (!element) return false
    element.setAttribute("aria-label", name(element))
    if (observer) observer.disconnect()
    return true
  }
  if (!apply()) new MutationObserver((_, observer) => apply(observer)).observe(document.body, { childList: true, subtree: true })
}

// The search dialog has no name: it takes the search field's ("Search", «Поиск»).
nameWhenPresent('.md-search[role="dialog"]', dialog => dialog.querySelector("input").getAttribute("aria-label"))

// The version button is named "Select version" while it shows "2026-12-01 latest": a speech-input user
// saying what they see would not reach it. Name it by its visible text, then its purpose.
nameWhenPresent(".md-version__current", button =>
  `${button.textContent.replace(/\s+/g, " ").trim()} – ${button.getAttribute("aria-label") || ""}`.trim())
