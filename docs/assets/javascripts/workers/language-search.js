// Search in the page's language only. static-i18n gives every language one shared index, so this
// worker keeps the documents of the page's language (and that language's stemmer), then hands over
// to Material's own search worker, whose name and the language arrive as query parameters
// (hooks/search_language.py). It sits beside Material's worker so lunr's language files resolve alike.
const params = new URL(self.location.href).searchParams
const only = params.get("only")
const exclude = (params.get("exclude") || "").split(",").filter(Boolean)

function inLanguage(location) {
  return only ? location.startsWith(only) : !exclude.some(prefix => location.startsWith(prefix))
}

// Registered before Material's listener, so the index is filtered before Material reads it.
self.addEventListener("message", event => {
  const setup = event.data && event.data.data
  if (setup && Array.isArray(setup.docs)) {
    setup.docs = setup.docs.filter(doc => inLanguage(doc.location))
    setup.config.lang = [params.get("lang")]
  }
})

importScripts(params.get("worker"))
