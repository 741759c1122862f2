// Search in the page's language only. static-i18n gives every language one shared index, which the site
// splits into a file per page (hooks/search.py) so that releases share what did not change: this worker
// fetches the page files of the page's language, then hands the index over to Material's own search worker,
// whose name and the language arrive as query parameters. It sits beside Material's worker so lunr's
// language files resolve alike.
const params = new URL(self.location.href).searchParams
const lang = params.get("lang")
const only = params.get("only")
const exclude = (params.get("exclude") || "").split(",").filter(Boolean)

function inLanguage(location) {
  return only ? location.startsWith(only) : !exclude.some(prefix => location.startsWith(prefix))
}

// lunr's Russian stemmer finds almost nothing with Material's tokenizer (measured), while Material
// matches query words as prefixes: so a Russian word is cut to its stem, «политика» → «политик»,
// which also finds «политики», «политикой».
const RUSSIAN_ENDINGS = ["иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "иях", "ией",
  "ой", "ей", "ий", "ый", "ая", "яя", "ое", "ее", "ые", "ие", "ов", "ев", "ах", "ях", "ам", "ям", "ом",
  "ем", "ую", "юю", "ия", "ию", "а", "я", "ы", "и", "у", "ю", "е", "о", "ь"]

function russianStem(word) {
  if (!/^[а-яё]{5,}$/i.test(word)) return word
  const ending = RUSSIAN_ENDINGS.find(end => word.toLowerCase().endsWith(end) && word.length - end.length >= 4)
  return ending ? word.slice(0, -ending.length) : word
}

// The index's page files, of this language only, fetched beside the index (search/pages/…).
async function withPages(index) {
  const base = new URL("../../../search/", self.location.href)
  const { shards, ...config } = index.config
  const wanted = shards.filter(shard => inLanguage(shard.replace(/^pages\//, "").replace(/index\.json$/, "")))
  const pages = await Promise.all(wanted.map(shard => fetch(new URL(shard, base)).then(r => r.json())))
  return { ...index, config, docs: index.docs.concat(...pages) }
}

// Registered before Material's listener, so Material reads the filtered index and the stemmed query.
self.addEventListener("message", event => {
  const message = event.data
  if (message && message.data && message.data.config && Array.isArray(message.data.config.shards)) {
    event.stopImmediatePropagation()  // Material gets the index once its page files are in
    withPages(message.data).then(index => self.dispatchEvent(new MessageEvent("message", {
      data: { ...message, data: index } })))
  } else if (message && message.data && Array.isArray(message.data.docs)) {
    message.data.docs = message.data.docs.filter(doc => inLanguage(doc.location))
    message.data.config.lang = [lang]
  } else if (message && typeof message.data === "string" && lang === "ru") {
    message.data = message.data.split(/(\s+)/).map(russianStem).join("")
  }
})

importScripts(params.get("worker"))
