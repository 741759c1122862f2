// Redlines between two recorded texts of a policy, in the reader's browser: the twin of policykit/redline.py,
// the same algorithm step by step, so it gives the same HTML for the same texts (tests/test_redline_browser.py
// checks it). Change one, change the other. An ES module: import { compare, renderHtml, touchedSections }.
// The diff library is diff-match-patch-es (npm, Apache-2.0), vendored unchanged under vendor/.
import { diffMain, diffCleanupSemantic } from "./vendor/diff-match-patch-es/index.js"

// A token is a link target (⟨href⟩), a run of letters or digits, a run of whitespace, or any other single
// character, exactly as in Python.
const TOKEN = /⟨[^⟩]*⟩|[\p{L}\p{N}]+|[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+|[^]/gu
const WORD = /^[⟨\p{L}\p{N}]/u
const STRUCTURE = /^(?:> )*(?:#{1,6} |(?:  )+)?/
const HEADING = /^(#{1,6}) /
// A list item's marker, recorded before its words: a bullet is shown by the style sheet, a number as written.
const BULLET = "- "

// Lines and tokens are compared as characters of the Private Use Area; the bounds keep within its 6,400.
const FIRST_CODE = 0xE000
const PAIR_TOKENS = 2000
const TOTAL_WORK = 16000000
const LINE_LIMIT = 4000
const PAIRING_CELLS = 40000
const PAIR_PERCENT = 40
const REWRITE_PERCENT = 50
const REWRITE_EDITS = 2
const MOVE_PERCENT = 80
const MOVE_MIN_WORDS = 5
const NO_TIME_LIMIT = { diffTimeout: 0 }  // the same result on every machine as in the build

const tokens = text => text.match(TOKEN) || []
const isWord = token => WORD.test(token)
const piece = (kind, text) => ({ kind, text })

function split(line) {
  const prefix = line.match(STRUCTURE)[0]
  return [prefix, line.slice(prefix.length)]
}

function lines(text) {
  const all = text.split("\n")
  return all.length && all[all.length - 1] === "" ? all.slice(0, -1) : all
}

function code(codes, item) {
  if (!codes.has(item)) codes.set(item, String.fromCharCode(FIRST_CODE + codes.size))
  return codes.get(item)
}

function shared(a, b) {
  let count = 0
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  for (const word of small) if (large.has(word)) count++
  return count
}

function similar(a, b, percent) {
  return a.size > 0 && b.size > 0 && 200 * shared(a, b) >= percent * (a.size + b.size)
}

function wordCount(line) {
  return tokens(line).filter(isWord).length
}

function commonEnds(a, b) {
  let start = 0
  while (start < Math.min(a.length, b.length) && a[start] === b[start]) start++
  let end = 0
  while (end < Math.min(a.length, b.length) - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++
  return [start, end]
}

export function compare(oldText, newText) {
  const oldLines = lines(oldText), newLines = lines(newText)
  const matches = align(oldLines, newLines)
  const groups = makeGroups(matches, oldLines.length, newLines.length)
  const known = { old: new Map(), new: new Map() }
  const wordsOf = (side, line) => {
    if (!known[side].has(line)) {
      const text = side === "old" ? oldLines[line] : newLines[line]
      known[side].set(line, new Set(tokens(text).filter(isWord)))
    }
    return known[side].get(line)
  }
  const budget = { left: TOTAL_WORK }
  const moves = exactMoves(groups, oldLines, newLines)
  const pairs = groups.map(([deleted, inserted]) => pairBlocks(deleted, inserted, moves, wordsOf))
  const diffs = new Map()
  for (const pairing of pairs) {
    for (const [o, n] of pairing) {
      diffs.set(`${o},${n}`, wordDiff(oldLines[o], newLines[n], budget, REWRITE_PERCENT, REWRITE_EDITS))
    }
  }
  nearMoves(groups, pairs, moves, oldLines, newLines, wordsOf, budget, diffs)
  return assemble(oldLines, newLines, matches, groups, pairs, moves, diffs)
}

function align(oldLines, newLines) {
  const [start, end] = commonEnds(oldLines, newLines)
  const middleOld = oldLines.slice(start, oldLines.length - end)
  const middleNew = newLines.slice(start, newLines.length - end)
  const inNew = new Set(middleNew), inOld = new Set(middleOld)
  const keptOld = [], keptNew = []
  middleOld.forEach((line, i) => { if (inNew.has(line)) keptOld.push(i) })
  middleNew.forEach((line, j) => { if (inOld.has(line)) keptNew.push(j) })
  const matches = []
  for (let i = 0; i < start; i++) matches.push([i, i])
  if (keptOld.length && keptOld.length + keptNew.length <= LINE_LIMIT) {
    const codes = new Map()
    const encodedOld = keptOld.map(i => code(codes, middleOld[i])).join("")
    const encodedNew = keptNew.map(j => code(codes, middleNew[j])).join("")
    let x = 0, y = 0
    for (const [op, text] of diffMain(encodedOld, encodedNew, NO_TIME_LIMIT, false)) {
      if (op === 0) for (let t = 0; t < text.length; t++) matches.push([start + keptOld[x + t], start + keptNew[y + t]])
      if (op !== 1) x += text.length
      if (op !== -1) y += text.length
    }
  }
  for (let t = 0; t < end; t++) matches.push([oldLines.length - end + t, newLines.length - end + t])
  return matches
}

function makeGroups(matches, oldCount, newCount) {
  const groups = []
  let previous = [-1, -1]
  for (const match of [...matches, [oldCount, newCount]]) {
    const deleted = [], inserted = []
    for (let i = previous[0] + 1; i < match[0]; i++) deleted.push(i)
    for (let j = previous[1] + 1; j < match[1]; j++) inserted.push(j)
    groups.push([deleted, inserted])
    previous = match
  }
  return groups
}

function exactMoves(groups, oldLines, newLines) {
  const inserted = new Map()
  for (const [, added] of groups) {
    for (const j of added) {
      if (!inserted.has(newLines[j])) inserted.set(newLines[j], [])
      inserted.get(newLines[j]).push(j)
    }
  }
  const moves = new Map()
  for (const [deleted] of groups) {
    for (const i of deleted) {
      const places = inserted.get(oldLines[i])
      if (places && places.length && wordCount(oldLines[i]) >= MOVE_MIN_WORDS) moves.set(i, places.shift())
    }
  }
  return moves
}

function pairBlocks(deleted, inserted, moves, wordsOf) {
  const movedHere = new Set(moves.values())
  const old = deleted.filter(i => !moves.has(i)), added = inserted.filter(j => !movedHere.has(j))
  if (!old.length || !added.length || old.length * added.length > PAIRING_CELLS) return []
  const weight = old.map(i => added.map(j => {
    const a = wordsOf("old", i), b = wordsOf("new", j)
    return similar(a, b, PAIR_PERCENT) ? shared(a, b) : 0
  }))
  const best = Array.from({ length: old.length + 1 }, () => new Array(added.length + 1).fill(0))
  for (let a = 0; a < old.length; a++) {
    for (let b = 0; b < added.length; b++) {
      const paired = weight[a][b] ? best[a][b] + weight[a][b] : 0
      best[a + 1][b + 1] = Math.max(best[a][b + 1], best[a + 1][b], paired)
    }
  }
  const pairs = []
  let a = old.length, b = added.length
  while (a && b) {
    if (weight[a - 1][b - 1] && best[a][b] === best[a - 1][b - 1] + weight[a - 1][b - 1]) {
      pairs.push([old[a - 1], added[b - 1]])
      a--; b--
    } else if (best[a][b] === best[a - 1][b]) {
      a--
    } else {
      b--
    }
  }
  return pairs.reverse()
}

function nearMoves(groups, pairs, moves, oldLines, newLines, wordsOf, budget, diffs) {
  const pairedOld = new Set(pairs.flat().map(([o]) => o))
  const taken = new Set([...moves.values(), ...pairs.flat().map(([, n]) => n)])
  const old = groups.flatMap(([deleted]) => deleted)
    .filter(i => !moves.has(i) && !pairedOld.has(i) && wordCount(oldLines[i]) >= MOVE_MIN_WORDS)
  const added = groups.flatMap(([, inserted]) => inserted).filter(j => !taken.has(j))
  if (old.length * added.length > PAIRING_CELLS) return
  for (const i of old) {
    let best = null, most = 0
    for (const j of added) {
      const count = shared(wordsOf("old", i), wordsOf("new", j))
      if (!taken.has(j) && count > most && similar(wordsOf("old", i), wordsOf("new", j), MOVE_PERCENT)) {
        best = j
        most = count
      }
    }
    if (best === null) continue
    const pieces = wordDiff(oldLines[i], newLines[best], budget, MOVE_PERCENT, 0)
    if (pieces.some(p => p.kind === "equal")) {
      moves.set(i, best)
      taken.add(best)
      diffs.set(`${i},${best}`, pieces)
    }
  }
}

function wordDiff(oldLine, newLine, budget, keepPercent, maxEdits) {
  const old = split(oldLine)[1], added = split(newLine)[1]
  const whole = [piece("delete", old), piece("insert", added)]
  const a = tokens(old), b = tokens(added)
  const [start, end] = commonEnds(a, b)
  const differing = a.length + b.length - 2 * (start + end)
  if (differing > PAIR_TOKENS || differing * differing > budget.left) return whole
  budget.left -= differing * differing
  const codes = new Map([[" ", " "]])
  for (const token of [...a.slice(start, a.length - end), ...b.slice(start, b.length - end)]) code(codes, token)
  const other = String.fromCharCode(FIRST_CODE + codes.size)
  const encode = list => list.map(t => codes.has(t) ? codes.get(t) : other).join("")
  const diffs = diffMain(encode(a), encode(b), NO_TIME_LIMIT, false)
  diffCleanupSemantic(diffs)
  const pieces = []
  let kept = 0, x = 0, y = 0
  for (const [op, text] of diffs) {
    if (op === 0) {
      const equal = b.slice(y, y + text.length)
      kept += equal.filter(isWord).length
      pieces.push(piece("equal", equal.join("")))
    } else if (op === -1) {
      pieces.push(piece("delete", a.slice(x, x + text.length).join("")))
    } else {
      pieces.push(piece("insert", b.slice(y, y + text.length).join("")))
    }
    if (op !== 1) x += text.length
    if (op !== -1) y += text.length
  }
  const total = a.filter(isWord).length + b.filter(isWord).length
  const edits = pieces.filter((p, k) => p.kind !== "equal" && (k === 0 || pieces[k - 1].kind === "equal")).length
  if (total && 200 * kept < keepPercent * total && edits > maxEdits) return whole
  return pieces
}

function assemble(oldLines, newLines, matches, groups, pairs, moves, diffs) {
  const movedFrom = new Map([...moves].map(([o, n]) => [n, o]))
  const order = []  // [kind, old line, new line, pieces]
  const unpaired = (side, line) => {
    if (side === "old" && moves.has(line)) {
      order.push(["moved_away", line, null, diffs.get(`${line},${moves.get(line)}`)])
    } else if (side === "new" && movedFrom.has(line)) {
      order.push(["moved_here", null, line, diffs.get(`${movedFrom.get(line)},${line}`)])
    } else if (side === "old") {
      order.push(["deleted", line, null, [piece("delete", split(oldLines[line])[1])]])
    } else {
      order.push(["inserted", null, line, [piece("insert", split(newLines[line])[1])]])
    }
  }
  groups.forEach(([deleted, inserted], index) => {
    if (index) {
      const [o, n] = matches[index - 1]
      order.push(["equal", o, n, [piece("equal", split(newLines[n])[1])]])
    }
    let a = 0, b = 0
    for (const [o, n] of [...pairs[index], [null, null]]) {
      while (a < deleted.length && deleted[a] !== o) unpaired("old", deleted[a++])
      while (b < inserted.length && inserted[b] !== n) unpaired("new", inserted[b++])
      if (o !== null) {
        order.push(["changed", o, n, diffs.get(`${o},${n}`)])
        a++; b++
      }
    }
  })
  const oldToNew = new Map([...matches, ...pairs.flat()])
  const placesOf = places(order, oldLines, newLines, oldToNew)
  const position = new Map(order.map(([kind, o, n], k) => [`${kind},${n === null ? o : n}`, k]))
  const blocks = order.map(([kind, o, n, pieces], k) => {
    let moved = null
    if (kind === "moved_away") moved = position.get(`moved_here,${moves.get(o)}`)
    if (kind === "moved_here") moved = position.get(`moved_away,${movedFrom.get(n)}`)
    if (pieces === undefined) pieces = [piece("equal", split(newLines[n !== null ? n : moves.get(o)])[1])]
    const oldPrefix = o !== null ? split(oldLines[o])[0] : split(newLines[n])[0]
    const prefix = n !== null ? split(newLines[n])[0] : oldPrefix
    const [context, section] = placesOf[k]
    return { kind, old: o, new: n, old_prefix: oldPrefix, prefix, pieces, context, section, moved }
  })
  return { old: oldLines, new: newLines, blocks }
}

function places(order, oldLines, newLines, oldToNew) {
  const newContext = context(newLines), oldContext = context(oldLines)
  const ref = line => oldToNew.has(line) ? ["new", oldToNew.get(line)] : ["old", line]
  const result = []
  let above = []  // [level, reference] of the headings over the current place
  for (const [, o, n] of order) {
    let heading, own, where
    if (n !== null) {
      const [headings, table] = newContext[n]
      above = headings.map(([level, h]) => [level, ["new", h]])
      where = [...above.map(([, r]) => r), ...(table !== null ? [["new", table]] : [])]
      heading = n ? newLines[n].match(HEADING) : null
      own = ["new", n]
    } else {
      heading = o ? oldLines[o].match(HEADING) : null
      if (heading) above = above.filter(([level]) => level < heading[1].length)
      const table = oldContext[o][1]
      where = [...above.map(([, r]) => r), ...(table !== null ? [ref(table)] : [])]
      own = ref(o)
    }
    if (heading) above = [...above, [heading[1].length, own]]
    result.push([where, above.length ? above[0][1] : null])
  }
  return result
}

function context(textLines) {
  const result = []
  let headings = [], table = null
  textLines.forEach((line, index) => {
    const heading = index ? line.match(HEADING) : null
    if (heading) {
      const level = heading[1].length
      headings = headings.filter(([l]) => l < level)
      result.push([headings, null])
      headings = [...headings, [level, index]]
      table = null
      return
    }
    const body = split(line)[1]
    if (index && body.length > 1 && body[0] === "|" && body[body.length - 1] === "|") {
      result.push([headings, table])
      if (table === null) table = index
    } else {
      result.push([headings, null])
      table = null
    }
  })
  return result
}

const sameRef = (a, b) => a === b || (a !== null && b !== null && a[0] === b[0] && a[1] === b[1])

export function touchedSections(redline) {
  const touched = []
  for (const block of redline.blocks) {
    if (block.kind !== "equal" && !touched.some(t => sameRef(t, block.section))) touched.push(block.section)
  }
  return touched
}

// The HTML: every word comes from `words`, the site's labels in the reader's language.

const escapeHtml = text => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
  .replace(/"/g, "&quot;").replace(/'/g, "&#x27;")
const fill = (label, name, value) => label.split(`{${name}}`).join(value)
const lineOf = (redline, [side, line]) => (side === "old" ? redline.old : redline.new)[line]
const headingTitle = (redline, reference) => lineOf(redline, reference).replace(HEADING, "")

function count(words, key, number) {
  const forms = words[key]
  const form = new Intl.PluralRules(words.locale.replace("_", "-")).select(number)
  return fill(forms[form] ?? forms.other, "count", String(number))
}

function anchors(redline, oldSections, newSections) {
  const sections = { old: oldSections, new: newSections }
  const ordinal = {}
  for (const side of ["old", "new"]) {
    ordinal[side] = new Map()
    redline[side].forEach((line, i) => { if (i && HEADING.test(line)) ordinal[side].set(i, ordinal[side].size) })
  }
  return reference => {
    const [side] = reference
    const text = lineOf(redline, reference)
    const level = text.match(HEADING)[1].length, title = headingTitle(redline, reference)
    const list = sections[side], k = ordinal[side].has(reference[1]) ? ordinal[side].get(reference[1]) : -1
    const same = s => s.level === level && s.title === title
    if (k >= 0 && k < list.length && same(list[k])) return list[k].anchor ?? null
    const found = list.find(same)
    return found ? found.anchor ?? null : null
  }
}

function* layout(redline) {
  let unchanged = 0, shown = []
  for (const block of redline.blocks) {
    if (block.kind === "equal") {
      unchanged++
      continue
    }
    if (unchanged) {
      yield unchanged
      unchanged = 0
    }
    for (const reference of block.context) {
      if (!shown.some(r => sameRef(r, reference))) yield { reference }
    }
    yield* paragraphs(redline, block)
    shown = [...block.context, block.new !== null ? ["new", block.new] : ["old", block.old]]
  }
  if (unchanged) yield unchanged
}

function* paragraphs(redline, block) {
  const targets = changedTargets(block.pieces)
  const paragraph = (oldPrefix, prefix, pieces, note = null, section = null, classes = [], shown = targets) =>
    ({ oldPrefix, prefix, pieces, note, section, classes, targets: shown })
  const kinds = block.pieces.map(p => p.kind).join(",")
  if (block.kind === "moved_away") {
    const text = block.pieces.filter(p => p.kind !== "insert").map(p => p.text).join("")
    yield paragraph(block.old_prefix, block.old_prefix, [piece("equal", text)], "redline_moved_to",
                    redline.blocks[block.moved].section, ["redline-moved", "redline-moved-away"], new Set())
  } else if (block.kind === "moved_here") {
    yield paragraph(block.prefix, block.prefix, block.pieces, "redline_moved_from",
                    redline.blocks[block.moved].section, ["redline-moved"])
  } else if (kinds === "delete,insert") {
    yield paragraph(block.old_prefix, block.old_prefix, block.pieces.slice(0, 1))
    yield paragraph(block.prefix, block.prefix, block.pieces.slice(1))
  } else if (block.old_prefix !== block.prefix) {
    yield paragraph(block.old_prefix, block.prefix, block.pieces, "redline_restructured")
  } else {
    yield paragraph(block.prefix, block.prefix, block.pieces)
  }
}

// The link targets a block deletes (the new text no longer has them) or inserts (the old one had none).
function changedTargets(pieces) {
  const on = kinds => new Set(pieces.filter(p => kinds.includes(p.kind))
    .flatMap(p => tokens(p.text)).filter(t => t[0] === "⟨"))
  const old = on(["equal", "delete"]), added = on(["equal", "insert"])
  return new Set([...[...on(["delete"])].filter(t => !added.has(t)), ...[...on(["insert"])].filter(t => !old.has(t))])
}

// A paragraph's pieces as readers see them: whether it is a list item with a bullet (its marker then left out),
// and its words with a link's target (" ⟨href⟩") left out unless the target itself was inserted or deleted.
function shownPieces(pieces, targets) {
  const all = pieces.flatMap(p => tokens(p.text).map(t => [p.kind, t]))
  const kept = []
  all.forEach(([kind, token], k) => {
    if (token[0] === "⟨" && k && all[k - 1][1] === " " && (kind === "equal" || !targets.has(token))) {
      kept.pop()  // the space before it
      return
    }
    kept.push([kind, token])
  })
  let shown = []
  for (const [kind, token] of kept) {
    if (shown.length && shown[shown.length - 1].kind === kind) shown[shown.length - 1].text += token
    else shown.push(piece(kind, token))
  }
  const item = shown.length > 0 && shown[0].text.startsWith(BULLET) &&
    (shown[0].kind === "equal" || shown.every(p => p.kind === shown[0].kind))
  if (item) {
    shown[0].text = shown[0].text.slice(BULLET.length)
    shown = shown.filter(p => p.text)
  }
  return [item, shown]
}

function structureClasses(prefix) {
  const quotes = prefix.split("> ").length - 1
  const rest = prefix.slice(2 * quotes)
  const classes = quotes ? ["redline-quote"] : []
  if (rest.startsWith("#")) classes.push(`redline-heading redline-level-${rest.length - 1}`)
  else if (rest) classes.push(`redline-indent-${Math.floor(rest.length / 2)}`)
  return classes
}

export function renderHtml(redline, words, oldUrl, newUrl, oldSections, newSections) {
  if (!redline.blocks.some(b => b.kind !== "equal")) return ""
  const anchorOf = anchors(redline, oldSections, newSections)
  const where = reference => {
    if (reference === null) return escapeHtml(words.redline_opening)
    const title = headingTitle(redline, reference), anchor = anchorOf(reference)
    if (anchor === null) return escapeHtml(title)
    const url = reference[0] === "old" ? oldUrl : newUrl
    return `<a href="${escapeHtml(url)}#${escapeHtml(anchor)}">${escapeHtml(title)}</a>`
  }
  const mark = p => {
    if (p.kind === "equal") return escapeHtml(p.text)
    const [tag, label] = p.kind === "insert" ? ["ins", "redline_inserted"] : ["del", "redline_deleted"]
    return `<${tag}><span class="sr-only">${escapeHtml(words[label])} </span>${escapeHtml(p.text)}` +
      `<span class="sr-only"> ${escapeHtml(words.redline_end)}</span></${tag}>`
  }
  const touched = touchedSections(redline)
  const out = [`<p class="redline-sections">${escapeHtml(count(words, "redline_sections_changed", touched.length))} ` +
    `${touched.map(where).join(", ")}</p>`]
  for (const item of layout(redline)) {
    if (typeof item === "number") {
      out.push(`<p class="redline-unchanged">${escapeHtml(count(words, "redline_unchanged", item))}</p>`)
    } else if (item.reference) {
      const heading = lineOf(redline, item.reference).match(HEADING)
      const kind = heading ? `redline-level-${heading[1].length}` : "redline-row"
      const row = shownPieces([piece("equal", lineOf(redline, item.reference))], new Set())[1].map(p => p.text).join("")
      const shown = heading ? where(item.reference) : escapeHtml(row)
      out.push(`<p class="redline-where ${kind}">${shown}</p>`)
    } else {
      const [bullet, pieces] = shownPieces(item.pieces, item.targets)
      const classes = ["redline-change", ...structureClasses(item.prefix), ...item.classes,
                       ...(bullet ? ["redline-item"] : [])].join(" ")
      const note = item.note
        ? `<span class="redline-note">${fill(escapeHtml(words[item.note]), "section", where(item.section))}</span> `
        : ""
      out.push(`<p class="${classes}">${note}${pieces.map(mark).join("")}</p>`)
    }
  }
  return out.join("\n")
}
