// Upcoming versions, announced in the release in force without republishing it: versions.json says
// which release is `next`, and that release's policies.json says which policies change and when.
// The words come from the page (data-* attributes written by the build, in the page's language).
(function () {
  const config = JSON.parse(document.getElementById("__config").textContent)
  const release = new URL(config.base, location)  // this release's root, e.g. /2026-12-01/
  const site = new URL("../", release)

  async function json(url) {
    const response = await fetch(url)
    if (!response.ok) throw new Error(`${url}: ${response.status}`)
    return response.json()
  }

  function longDate(iso, locale) {
    return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(iso))
  }

  function link(href, text) {
    const a = document.createElement("a")
    a.href = href
    a.textContent = text
    return a
  }

  // Each policy of this release's language whose upcoming version is later than the one shown here.
  async function upcoming(lang) {
    const versions = await json(new URL("versions.json", site))
    const here = release.pathname.split("/").filter(Boolean).pop()
    const next = versions.find(v => v.aliases.includes("next"))
    const current = versions.find(v => v.version === here)
    if (!next || !current || !current.aliases.includes("latest")) return []
    const [mine, theirs] = await Promise.all([json(new URL("policies.json", release)),
                                              json(new URL(`${next.version}/policies.json`, site))])
    const shown = new Map(mine.policies.map(p => [`${p.language}/${p.brand}/${p.document}`, p]))
    return theirs.policies.filter(p => {
      const now = shown.get(`${p.language}/${p.brand}/${p.document}`)
      return p.language === lang && (!now || (p.effective_date > now.effective_date && p.sha256 !== now.sha256))
    }).map(p => ({ ...p, href: new URL(`${next.version}/${p.path}`, site).href }))
  }

  function words(element, name, date) {
    return element.dataset[name].replace("{date}", date)
  }

  async function announce() {
    const notice = document.querySelector("[data-upcoming-notice]")
    const list = document.querySelector("[data-upcoming-list]")
    const box = notice || list
    if (!box) return
    const lang = box.dataset.lang, locale = box.dataset.locale
    const changes = await upcoming(lang)
    if (notice) {
      const change = changes.find(p => `${p.brand}/${p.document}` === notice.dataset.policy)
      if (!change) return
      notice.append(words(notice, "text", longDate(change.effective_date, locale)), " ",
                    link(change.href, notice.dataset.read), " · ", link(`${change.href}#what-changed`, notice.dataset.changes))
      notice.hidden = false
    } else if (changes.length) {
      const items = document.createElement("ul")
      for (const change of changes) {
        const item = document.createElement("li")
        item.append(link(change.href, change.title), ": ", words(list, "text", longDate(change.effective_date, locale)),
                    " ", link(`${change.href}#what-changed`, list.dataset.changes))
        items.append(item)
      }
      list.append(items)
      list.hidden = false
    }
  }

  announce().catch(() => {})  // no versions.json (a preview, not a release): nothing is announced
})()
