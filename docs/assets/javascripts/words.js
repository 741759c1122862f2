// How the site writes a date and a count in the reader's language, in the reader's browser: the twin of
// policykit/labels.py (long_date) and policykit/site_chrome.py (plural), held to the same cases by
// tests/test_status_rules.py. Change one, change the other. An ES module: import { longDate, plural }.

// Languages whose dates never break across lines (policykit/labels.py NO_BREAK_DATES): every space in such a
// date is a no-break space, whichever kind the browser's locale data has.
const NO_BREAK_DATES = ["ru"]

export function longDate(locale, iso) {
  const written = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(iso))
  return NO_BREAK_DATES.includes(locale.split("-")[0]) ? written.replace(/\s/g, "\u00a0") : written
}

// A count in words: `forms` is a label's plural forms ({one: "{count} version", other: "{count} versions"}).
export function plural(locale, forms, count) {
  const form = new Intl.PluralRules(locale).select(count)
  return (forms[form] ?? forms.other).replace("{count}", String(count))
}
