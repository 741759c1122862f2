// The reader's side of the site. A page states its text's status as of the day the site was published; what
// changes with the calendar is learnt here, from its policy's versions.json (every text: effective date, until,
// corrections, withdrawn announcements, dated address, recorded text) or, on the home page, the site's
// policies.json. From it, on the reader's own calendar day: this text's status, the texts after it, upcoming
// versions, "what was in force on a date", and the comparison of any two texts. The page's own data and words are
// in <script id="policy-page"> (policykit/site_chrome.py). Everything is written as DOM text, never parsed as
// HTML, except redline.js's own output. Both record formats are read: 3 (dated addresses) and 2 (releases).
(function () {
  const script = document.currentScript.src  // redline.js sits beside this file
  searchSaysItLoads()
  const element = document.getElementById("policy-page")
  if (!element) return
  const page = JSON.parse(element.textContent)
  const words = page.words

  // --- words and dates ------------------------------------------------------------------------------------

  const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

  function isDate(value) {
    const parts = ISO_DATE.exec(value)
    if (!parts) return false
    const date = new Date(Date.UTC(+parts[1], parts[2] - 1, +parts[3]))
    return date.toISOString().slice(0, 10) === value
  }

  // The reader's today, in their own time zone: a version takes effect on the reader's calendar day.
  function today() {
    const now = new Date()
    return [now.getFullYear(), now.getMonth() + 1, now.getDate()].map(n => String(n).padStart(2, "0")).join("-")
  }


  function time(iso) {
    const element = document.createElement("time")
    element.dateTime = iso
    element.textContent = longDate(iso)
    return element
  }

  function link(href, ...content) {
    const a = document.createElement("a")
    a.href = href
    a.append(...content)
    return a
  }

  function make(tag, className, ...content) {
    const element = document.createElement(tag)
    if (className) element.className = className
    element.append(...content)
    return element
  }

  // A label with each {placeholder} replaced by a node or a text: the label's words stay text. A value that ends
  // a sentence's period itself («1 ноября 2026 г.») takes the label's period.
  function fill(label, values = {}) {
    const fragment = document.createDocumentFragment()
    let previous = ""
    label.split(/\{(\w+)\}/).forEach((part, i) => {
      if (i % 2 === 0) {
        fragment.append(previous.endsWith(".") && part.startsWith(".") ? part.slice(1) : part)
        return
      }
      const value = values[part] instanceof Node ? values[part].cloneNode(true) : values[part] ?? `{${part}}`
      previous = typeof value === "string" ? value : value.textContent
      fragment.append(value)
    })
    return fragment
  }


  // --- versions -------------------------------------------------------------------------------------------

  // The rules of texts over time (versions.js, the twin of policykit/history.py) and of dates and counts in words
  // (words.js, the twin of labels.py and site_chrome.py), loaded with the data.
  let statusOn, inForceOn, liveBefore, liveAfter, longDate, plural

  // A link to a text's permanent page, at its dated address under the site's root.
  function pageOf(version) {
    return `${page.site_root}${version.path}`
  }

  async function json(url, options) {
    const response = await fetch(url, options)
    if (!response.ok) throw new Error(`${url}: ${response.status}`)
    return response.json()
  }


  // --- the policy page: status, upcoming notice, picker, history ------------------------------------------

  function showStatus(versions, own, day) {
    const status = document.getElementById("policy-status")
    if (!status) return
    const state = statusOn(own, day)
    const previous = liveBefore(versions, own)
    let text
    if (state === "in-force") {
      text = fill(words.status_in_force, { date: time(own.effective_date) })
    } else if (state === "superseded") {
      text = fill(words.status_superseded, { start: time(own.effective_date), end: time(own.until) })
      const current = inForceOn(versions, day)
      if (current) text.append(" ", link(pageOf(current), words.status_superseded_link))
    } else if (state === "corrected") {
      text = fill(words.status_corrected, { date: time(own.effective_date), corrected: time(own.correctedFrom) })
      const correction = versions.find(v => v.slug === own.corrected_by)
      text.append(" ", link(pageOf(correction), words.status_corrected_link))
    } else if (state === "withdrawn") {
      const replacement = versions.find(v => v.effective_date === own.replaced_by && !v.replaced_on)
      text = replacement
        ? fill(words.status_withdrawn, { date: time(own.effective_date),
                                         replacement: link(pageOf(replacement), time(replacement.effective_date)) })
        : fill(words.status_withdrawn_none, { date: time(own.effective_date) })
    } else if (previous) {
      text = fill(words.status_upcoming, { date: time(own.effective_date),
                                           previous: link(pageOf(previous), time(previous.effective_date)) })
    } else {
      text = fill(words.status_upcoming_first, { date: time(own.effective_date) })
    }
    status.dataset.policyStatus = state
    status.replaceChildren(text)
  }

  function showUpcomingNotice(versions, own, day) {
    const notice = document.querySelector("[data-upcoming-notice]")
    if (!notice) return
    const next = liveAfter(versions, own)
    // The build may have written the notice; on the reader's day the new version may have taken effect.
    notice.hidden = !(next && statusOn(own, day) === "in-force" && statusOn(next, day) === "upcoming")
    if (notice.hidden) return
    notice.replaceChildren(fill(words.upcoming_notice, { date: time(next.effective_date) }), " ",
                           link(pageOf(next), words.upcoming_read), " · ",
                           link(`${pageOf(next)}#what-changed`, words.upcoming_changes))
    notice.hidden = false
  }

  function range(version, day, upcoming) {
    if (version.replaced_on) return fill(words.history_withdrawn, { date: time(version.effective_date) })
    const values = { start: time(version.effective_date), end: version.until && time(version.until) }
    const said = upcoming && statusOn(version, day) === "upcoming"
      ? fill(version.until ? words.range_upcoming_until : words.range_upcoming, values)
      : fill(version.until ? words.range_from_until : words.range_from, values)
    if (version.corrected_on) said.append(" — ", fill(words.history_corrected, { date: time(version.corrected_on) }))
    if (version.date_basis === "published") said.append(` (${words.history_date_basis_published})`)
    return said
  }

  function showPicker(versions, own, day) {
    const picker = document.querySelector(".policy-picker")
    if (!picker) return
    const items = [...versions].reverse().map(version => {
      const item = make("li", "")
      item.dataset.version = version.slug
      item.dataset.status = statusOn(version, day)
      const label = range(version, day, true)
      if (version === own) {
        const here = link("#policy-title", label)
        here.setAttribute("aria-current", "page")
        item.append(here)
      } else {
        item.append(link(pageOf(version), label))
      }
      return item
    })
    picker.querySelector("ol").replaceChildren(...items)
    picker.querySelector("summary").textContent = plural(words.versions_count, versions.length)
  }

  function showHistory(versions, own, day) {
    const list = document.querySelector("ol.policy-versions")
    if (!list) return
    const items = [...versions].reverse().map(version => {
      const item = make("li", "")
      item.id = `version-${version.slug}`
      const state = statusOn(version, day)
      item.dataset.status = state
      if (version === own) item.append(make("strong", "", range(version, day, false), ` — ${words.history_this}`))
      else item.append(link(pageOf(version), range(version, day, false)))
      if (state === "upcoming") item.append(` — ${words.history_upcoming}`)
      if (state === "in-force") item.append(` — ${words.history_in_force}`)
      if (version.correction || version.summary) item.append(`: ${version.correction || version.summary}`)
      return item
    })
    // A dated page is written once: the texts published after it are added here, above the redline. A reader who
    // arrived at "What changed" keeps it where it was: the page scrolls by as much as the list grew.
    const redline = location.hash === "#what-changed" && document.getElementById("what-changed")
    const before = redline && redline.getBoundingClientRect().top
    list.replaceChildren(...items)
    if (redline) scrollBy(0, redline.getBoundingClientRect().top - before)
  }

  // --- what was in force on a date ------------------------------------------------------------------------

  // What a date asks for: not a date, before the policy existed, or the version in force that day.
  function asOf(versions, value) {
    // The value comes from a link anyone can write: only a value shaped as a date (ASCII digits and hyphens, such
    // as 2026-02-30) is repeated, never other text (a sentence, a right-to-left override); that shows as "…".
    const shown = ISO_DATE.test(value) ? value : "…"
    if (!isDate(value)) return { found: null, text: fill(words.as_of_invalid, { value: shown }) }
    const found = inForceOn(versions, value)
    if (found) return { found, text: fill(words.as_of_found, { date: time(value) }) }
    const first = versions[0]
    const none = first.date_basis === "published" ? words.as_of_not_published : words.as_of_none
    return { found: null, text: fill(none, { date: time(value), first: time(first.effective_date) }) }
  }

  // The version's permanent page, saying which day was asked for (?in-force-on=), the section kept.
  function pageAsOf(version, value) {
    return new URL(`${pageOf(version)}?in-force-on=${value}${location.hash}`, location.href).href
  }

  // This page is the version's own address (not a later release's copy of it, as `latest/` shows).
  function atOwnAddress() {
    return new URL(page.permanent, location.href).pathname === location.pathname
  }

  function notice(text) {
    const status = document.getElementById("policy-status")
    const element = make("p", "policy-notice policy-as-of-notice", text)
    element.setAttribute("role", "status")
    status.after(element)
  }

  // ?as-of=YYYY-MM-DD on any release (the `latest/` alias's redirect pages keep the query): go to the version in
  // force that day, or say why not. True when the reader is being taken to another page.
  function followAsOf(versions, own) {
    const query = new URLSearchParams(location.search)
    if (query.has("as-of")) {
      const value = query.get("as-of").trim()
      const { found, text } = asOf(versions, value)
      if (found && (found !== own || !atOwnAddress())) {
        location.replace(pageAsOf(found, value))
        return true
      }
      notice(text)
    } else if (query.has("in-force-on")) {
      const value = query.get("in-force-on")
      if (isDate(value) && inForceOn(versions, value) === own) notice(asOf(versions, value).text)
    }
    return false
  }

  function showAsOfField(versions, own) {
    const box = document.querySelector(".policy-as-of")
    if (!box) return
    const input = box.querySelector("input")
    const result = box.querySelector(".policy-as-of-result")
    const asked = new URLSearchParams(location.search).get("in-force-on")
    if (asked && isDate(asked)) input.value = asked
    const show = () => {
      const value = input.value.trim()
      if (!value) {
        result.replaceChildren(words.as_of_empty)
        return
      }
      const { found, text } = asOf(versions, value)
      if (found && (found !== own || !atOwnAddress())) location.assign(pageAsOf(found, value))
      else result.replaceChildren(text)
    }
    box.querySelector("button").addEventListener("click", show)
    input.addEventListener("keydown", event => {
      if (event.key === "Enter") show()
    })
    box.classList.add("policy-script-ready")  // its room was kept from the first paint (policy.css)
  }

  // --- the link to this version and the redline (they need no data) ---------------------------------------

  function offerCopy() {
    const button = document.querySelector(".policy-copy")
    if (!button || !navigator.clipboard || !window.isSecureContext) return
    const result = make("span", "policy-copy-result")
    result.setAttribute("role", "status")
    button.after(" ", result)
    button.addEventListener("click", async () => {
      result.textContent = ""
      try {
        await navigator.clipboard.writeText(button.dataset.copy)
        result.textContent = words.bookmark_copied
      } catch {
        result.textContent = words.bookmark_copy_failed
      }
    })
    button.classList.add("policy-script-ready")  // its room was kept from the first paint (policy.css)
  }

  // The redline opens when the reader arrives at #what-changed or follows a link to it, and prints expanded.
  function openRedline() {
    const redline = document.getElementById("what-changed")
    if (!redline) return
    const openIfAsked = () => {
      if (location.hash === "#what-changed") redline.open = true
      document.documentElement.classList.remove("policy-at-what-changed")  // open now: closes when asked (policy.css)
    }
    openIfAsked()
    addEventListener("hashchange", openIfAsked)
    for (const a of document.querySelectorAll('a[href="#what-changed"]')) {
      a.addEventListener("click", () => { redline.open = true })
    }
    let closed = false
    addEventListener("beforeprint", () => {
      closed = !redline.open
      redline.open = true
    })
    addEventListener("afterprint", () => {
      if (closed) redline.open = false
    })
  }

  // "Printed on …" with the reader's own day: a page is the same file whichever day it is built, so the day it
  // is printed can only be known here. Without script the line stays empty and is not printed.
  function datePrints() {
    const line = document.querySelector("[data-printed-on]")
    if (!line || !words.bookmark_printed_on) return
    addEventListener("beforeprint", () => line.replaceChildren(fill(words.bookmark_printed_on, { date: time(today()) })))
  }

  // --- the compare page -----------------------------------------------------------------------------------

  function compare(form, versions) {
    const from = form.querySelector("#compare-from"), to = form.querySelector("#compare-to")
    const result = document.querySelector(".policy-compare-result")
    const byDate = new Map(versions.map(v => [v.slug, v]))
    const texts = new Map()
    const redline = () => import(new URL("redline.js", script).href)
    const text = version => {
      if (!texts.has(version.text)) {
        texts.set(version.text, fetch(new URL(page.site_root + version.text, location.href)).then(response => {
          if (!response.ok) throw new Error(`${version.text}: ${response.status}`)
          return response.text()
        }))
      }
      return texts.get(version.text)
    }
    const options = [...versions].reverse().map(version => {
      const label = statusOn(version, today()) === "upcoming"
        ? `${longDate(version.effective_date)} — ${words.history_upcoming}` : longDate(version.effective_date)
      return new Option(version.corrected_on ? `${label} (${longDate(version.corrected_on)})` : label, version.slug)
    })
    from.replaceChildren(...options.map(o => o.cloneNode(true)))
    to.replaceChildren(...options)

    // The choice in the address (?from=&to=), else this page's version against the one before it. A date in
    // the address that is no version of this policy is said so, above the lists, and nothing is compared.
    const notice = make("p", "policy-compare-message policy-compare-unknown")
    notice.hidden = true
    form.before(notice)
    const pageTitle = document.title
    let unknown = []
    const choose = () => {
      const query = new URLSearchParams(location.search)
      unknown = [...new Set(["from", "to"].map(key => query.get(key)).filter(value => value && !byDate.has(value)))]
      notice.replaceChildren(...unknown.flatMap((value, k) =>
        [k ? " " : "", fill(words.compare_unknown, { date: isDate(value) ? time(value) : value })]))
      notice.hidden = !unknown.length
      const shown = byDate.get(page.slug) || versions[versions.length - 1]
      const later = byDate.get(query.get("to")) || shown
      const earlier = byDate.get(query.get("from")) || versions[Math.max(versions.indexOf(later) - 1, 0)]
      from.value = earlier.slug
      to.value = later.slug
    }

    let shownChoice = 0  // only the newest choice's result is shown
    const show = async () => {
      const choice = ++shownChoice
      const before = byDate.get(from.value), after = byDate.get(to.value)
      const say = message => result.replaceChildren(make("p", "policy-compare-message", message))
      document.title = pageTitle
      if (unknown.length) return result.replaceChildren()
      if (before === after) return say(words.compare_same)
      say(words.compare_loading)
      result.setAttribute("aria-busy", "true")
      try {
        const [module, oldText, newText] = await Promise.all([redline(), text(before), text(after)])
        const html = module.renderHtml(module.compare(oldText, newText), { ...words, locale: page.locale },
                                       pageOf(before), pageOf(after), before.sections, after.sections)
        if (choice !== shownChoice) return
        const heading = make("h2", "", fill(words.compare_heading, { from: time(before.effective_date),
                                                                      to: time(after.effective_date) }))
        const body = make("div", "policy-compare-redline")
        if (html) body.innerHTML = html  // redline.js escapes every text it writes
        else body.append(make("p", "", words.compare_no_change))
        result.replaceChildren(heading, body)
        // The tab says which two versions it compares, as the heading does.
        const dates = { from: longDate(before.effective_date), to: longDate(after.effective_date) }
        document.title = `${fill(words.compare_heading, dates).textContent} — ${pageTitle}`
      } catch {
        if (choice === shownChoice) say(words.compare_failed)
      } finally {
        if (choice === shownChoice) result.removeAttribute("aria-busy")
      }
    }

    form.addEventListener("submit", event => {
      event.preventDefault()
      const query = `?${new URLSearchParams({ from: from.value, to: to.value })}`
      if (query !== location.search) history.pushState(null, "", query)
      choose()
      show()
    })
    addEventListener("popstate", () => {
      choose()
      show()
    })
    choose()
    form.hidden = false
    show()
  }

  // --- the home page --------------------------------------------------------------------------------------

  function listUpcoming(list, record, day, rules) {
    const upcoming = record.policies
      .filter(policy => policy.language === page.lang)
      .flatMap(policy => rules.textsOf(policy.versions).map((version, i) => ({ version, changed: i > 0 })))
      .filter(({ version }) => statusOn(version, day) === "upcoming")
      .sort((a, b) => a.version.effective_date.localeCompare(b.version.effective_date)
                      || a.version.title.localeCompare(b.version.title))
    if (!upcoming.length) return
    const items = upcoming.map(({ version, changed }) => {
      const item = make("li", "", link(pageOf(version), version.title), ": ",
                        fill(words.upcoming_item, { date: time(version.effective_date) }))
      if (changed) item.append(" ", link(`${pageOf(version)}#what-changed`, words.upcoming_changes))
      return item
    })
    list.append(make("ul", "", ...items))
    list.hidden = false
  }

  // The home page's box that filters its list of policies (site_chrome.with_home_filter): a row stays when its brand
  // or policy holds every word typed, in any case, «ё» read as «е».
  function offerBrandFilter() {
    const input = document.getElementById("home-filter")
    if (!input) return
    const box = input.closest(".policy-home-filter")
    const table = [...document.querySelectorAll("table")]
      .find(t => box.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING)
    if (!table) return
    const result = document.getElementById("home-filter-result")
    const fold = text => text.toLocaleLowerCase(page.locale).replaceAll("ё", "е")
    const rows = [...table.tBodies[0].rows]
      .map(row => ({ row, text: fold([...row.cells].slice(0, 2).map(cell => cell.textContent).join(" ")) }))
    input.addEventListener("input", () => {
      const typed = fold(input.value).split(/\s+/).filter(Boolean)
      let shown = 0
      for (const { row, text } of rows) {
        row.hidden = !typed.every(word => text.includes(word))
        shown += !row.hidden
      }
      const count = { shown: String(shown), total: String(rows.length) }
      result.textContent = typed.length ? fill(words.home_filter_count, count).textContent : ""
    })
    box.classList.add("policy-script-ready")  // its room was kept from the first paint (policy.css)
  }

  // The first search fetches its index (workers/language-search.js), while Material's list would still say "Type to
  // start searching": until the first result replaces it, it says what the theme says while its index loads
  // ("Initializing search", in the page's language, as the page was served).
  function searchSaysItLoads() {
    const meta = document.querySelector(".md-search-result__meta")
    const field = document.querySelector("input.md-search__input")
    if (!meta || !field) return
    const loading = meta.textContent
    const first = () => {
      if (!field.value.trim()) return
      meta.textContent = loading
      field.removeEventListener("input", first)
    }
    field.addEventListener("input", first)
  }

  // --- the releases page, for publishers -------------------------------------------------------------------

  function listReleases(list, releases) {
    for (const release of releases) {
      const day = release.version.slice(0, 10)
      list.append(make("li", "", link(`${page.site_root}${release.version}/policies.json`, release.version),
                       isDate(day) ? ` (${longDate(day)})` : ""))
    }
  }

  // --- start ----------------------------------------------------------------------------------------------

  function compareUnavailable() {
    const result = document.querySelector(".policy-compare-result")
    if (result) result.replaceChildren(make("p", "policy-compare-message", words.compare_failed))
  }

  async function withNewestData() {
    if (page.site_root === null) return compareUnavailable()
    const rules = await import(new URL("versions.js", script).href);
    ({ statusOn, inForceOn, liveBefore, liveAfter } = rules)
    await wording
    const siteRoot = new URL(page.site_root, location.href)
    const day = today()
    if (!page.key) {
      const published = document.querySelector("[data-policy-releases]")
      // The lists change with every publication, so they are asked for afresh.
      if (published) return listReleases(published, await json(new URL("versions.json", siteRoot), { cache: "no-cache" }))
      const list = document.querySelector("[data-upcoming-list]")
      if (list) listUpcoming(list, await json(new URL("policies.json", siteRoot), { cache: "no-cache" }), day, rules)
      return
    }
    const record = await json(new URL(`${page.policy}versions.json`, location.href), { cache: "no-cache" })
    const versions = rules.textsOf(record.versions)
    const own = versions.find(v => v.slug === page.slug)
    if (!own) return
    const form = document.querySelector("[data-policy-compare]")
    if (form) return compare(form, versions)
    if (followAsOf(versions, own)) return
    showStatus(versions, own, day)
    showUpcomingNotice(versions, own, day)
    showPicker(versions, own, day)
    showHistory(versions, own, day)
    showAsOfField(versions, own)
    if (versions.length > 1) document.querySelector(".policy-compare-link").hidden = false
  }

  // Loaded first, whatever the data: a printed page's day is written with it, online or not.
  const wording = import(new URL("words.js", script).href).then(module => {
    longDate = iso => module.longDate(page.locale, iso)
    plural = (forms, count) => module.plural(page.locale, forms, count)
  })
  offerCopy()
  offerBrandFilter()
  openRedline()
  datePrints()
  // Without the newest data (offline, a release folder copied elsewhere) the page stays as the build wrote it.
  withNewestData().catch(compareUnavailable)
})()
