// The search scorer of the tutorial's site (conf.py: html_search_scorer).
// Sphinx's own weights, plus one rule: a page whose title holds every word
// searched for comes before pages that only mention them. Searching for
// "monkey patch" lists the page "Monkey patching" first, even when another
// page has "patched" in a heading and wins Sphinx's alphabetical tie-break.
var Scorer = {
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,

  // The words of the query, lower case ("Monkey patch" -> ["monkey", "patch"]).
  queryWords: () =>
    (new URLSearchParams(window.location.search).get("q") || "")
      .toLowerCase()
      .split(/[^\p{L}\p{N}_]+/u)
      .filter((word) => word.length > 1),

  // Does every query word begin a word of the title, or the other way round
  // ("patch" and "patching")?
  titleHoldsAll: (title, words) => {
    const titleWords = title.toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter(Boolean);
    return words.length > 0 && words.every((word) =>
      titleWords.some((t) => t.startsWith(word) || word.startsWith(t)));
  },

  score: (result) => {
    const [docname, title, anchor, descr, score] = result;
    const pageTitle = String(title).split(" > ")[0];
    return Scorer.titleHoldsAll(pageTitle, Scorer.queryWords()) ? score + Scorer.title : score;
  },
};
