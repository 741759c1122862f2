// The rules of a policy's texts over time, as the reader's browser applies them on the reader's own day: the
// twin of policykit/history.py (Dated.status, in_force_on, previous_text, next_text), held to the same cases by
// tests/test_status_rules.py. Change one, change the other. An ES module: import { textsOf, statusOn, ... }.

// A policy's texts, oldest first, from either record format (3: dated addresses; 2: one text per version, in the
// release that first published it); `correctedFrom` is the day a correction of the text was published.
export function textsOf(versions) {
  const texts = versions.map(v => v.slug ? { ...v } : {
    ...v, slug: v.effective_date, path: `${v.release}/${v.path}`, corrected_on: null, corrected_by: null,
    replaced_on: null, replaced_by: null })
  const bySlug = new Map(texts.map(t => [t.slug, t]))
  for (const text of texts) text.correctedFrom = text.corrected_by ? bySlug.get(text.corrected_by).corrected_on : null
  return texts
}

export function statusOn(version, day) {
  if (version.replaced_on) return "withdrawn"
  if (version.effective_date > day) return "upcoming"
  if (version.until !== null && version.until <= day) return "superseded"
  return version.correctedFrom && version.correctedFrom <= day ? "corrected" : "in-force"
}

// The text online on a day as the one in force, or null before the policy had one.
export function inForceOn(versions, day) {
  return versions.find(v => statusOn(v, day) === "in-force" && (!v.corrected_on || v.corrected_on <= day)) || null
}

// The text before or after a text (history.previous_text, history.next_text), passing over announcements withdrawn
// before they took effect: they never applied, and the version announced instead follows the text they were to
// replace.
export function liveBefore(versions, own) {
  return versions.slice(0, versions.indexOf(own)).filter(v => !v.replaced_on).pop() || null
}

export function liveAfter(versions, own) {
  return versions.slice(versions.indexOf(own) + 1).find(v => !v.replaced_on) || null
}
