// Search in the page's language only, its index fetched when the reader searches, not when a page loads. Material's
// page script talks to its worker in three steps (setup → ready, then query → result): this wrapper answers the
// setup at once, and on the first query that has words it fetches the list of its language's index files
// (search/shards-<lang>.json, written by hooks/search.py), those files, and Material's own worker, hands Material
// the index and then the newest query. A page view costs the same whether the site has five brands or hundreds.
// It sits beside Material's worker, whose name and the language arrive as query parameters, so lunr's language
// files resolve alike.
const params = new URL(self.location.href).searchParams
const lang = params.get("lang")
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3  // Material's SearchMessageType
const base = new URL("../../../search/", self.location.href)

// lunr's Russian stemmer finds almost nothing with Material's tokenizer (measured), and Material's pipeline here
// stems nothing (mkdocs.yml: stopWordFilter only), while Material matches every query word as a prefix. So a query
// word is cut to a stem that is a prefix of its other forms: «политика» → «политик» finds «политики», «политикой».
const RUSSIAN_ENDINGS = ["иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "иях", "ией",
  "ой", "ей", "ий", "ый", "ая", "яя", "ое", "ее", "ые", "ие", "ов", "ев", "ах", "ях", "ам", "ям", "ом",
  "ем", "ую", "юю", "ия", "ию", "а", "я", "ы", "и", "у", "ю", "е", "о", "ь"]

function russianStem(word) {
  const ending = RUSSIAN_ENDINGS.find(end => word.toLowerCase().endsWith(end) && word.length - end.length >= 4)
  return ending ? word.slice(0, -ending.length) : word
}

// Latin words, English ones and the loanwords Russian texts keep in Latin letters («файлы cookie»), in every
// language alike: singular and plural cut to their common prefix, "cookies" and "cookie" → "cooki", "policy" and
// "policies" → "polic", "addresses" → "address", "devices" → "device".
function latinStem(word) {
  const lower = word.toLowerCase()
  if (lower.length < 4) return word
  if (/[^aeiou]ies$/.test(lower)) return word.slice(0, -3)
  if (/[^aeiou]y$/.test(lower)) return word.slice(0, -1)
  if (/(s|x|z|ch|sh)es$/.test(lower)) return word.slice(0, -2)
  if (/[^sui]s$/.test(lower)) return word.slice(0, -1)
  return word
}

function stem(word) {
  if (/^[a-z]+$/i.test(word)) return latinStem(word)
  if (lang === "ru" && /^[а-яё]{5,}$/i.test(word)) return russianStem(word)
  return word
}

let setup = null  // the page's setup message's data: the index's configuration, no documents
let loading = null  // the index and Material's worker, once a reader searches
let newest = null  // the query to answer once they are in

const answer = self.postMessage.bind(self)

async function load() {
  const shards = await fetch(new URL(`shards-${lang}.json`, base)).then(r => r.json())
  const pages = await Promise.all(shards.map(shard => fetch(new URL(shard, base)).then(r => r.json())))
  let ready
  const setUp = new Promise(resolve => { ready = resolve })
  // Material's worker answers through the global postMessage: its "ready" is ours to wait for (the page had
  // its own at once), its results go to the page with the texts in force first.
  self.postMessage = message => {
    if (message && message.type === READY) ready()
    else answer(message && message.type === RESULT ? inForceFirst(message) : message)
  }
  importScripts(params.get("worker"))
  hand({ type: SETUP, data: { ...setup, config: { ...setup.config, lang: [lang] }, docs: [].concat(...pages) } })
  await setUp
}

// Another text than the one in force (a superseded or upcoming version's dated page) is indexed with its status
// and dates as Material's tags (hooks/policies.py): its results come after the texts in force, in Material's order.
function inForceFirst(message) {
  const other = group => group.some(item => Array.isArray(item.tags) && item.tags.length)
  const items = message.data.items
  return { ...message, data: { ...message.data, items: [...items.filter(g => !other(g)), ...items.filter(other)] } }
}

// A message for Material's listener: an event of our own making, which our listener passes on.
function hand(message) {
  self.dispatchEvent(new MessageEvent("message", { data: message }))
}

self.addEventListener("message", event => {
  if (!event.isTrusted) return  // ours, for Material's listener
  event.stopImmediatePropagation()
  const message = event.data
  if (message && message.type === SETUP) {
    setup = message.data
    answer({ type: READY })
  } else if (message && message.type === QUERY) {
    const query = String(message.data).split(/(\s+)/).map(stem).join("")
    if (!query.trim() && !loading) return answer({ type: RESULT, data: { items: [] } })
    newest = query
    loading = loading || load().catch(() => {
      loading = null  // offline, or the site is being published: the next query tries again
      answer({ type: RESULT, data: { items: [] } })
      return Promise.reject()
    })
    loading.then(() => {
      if (newest === null) return
      hand({ type: QUERY, data: newest })
      newest = null
    }, () => {})
  }
})
