/* Memorial Name Index search widget.
 * Embed on any page:
 *   <div id="memorial-search"></div>
 *   <script src="https://INDEX-HOST/widget.js" data-target="memorial-search" data-limit="10" data-lang="ru" defer></script>
 * It calls the index's public API on the host the script came from, and links each hit to its record page.
 * data-limit is how many hits to show, 1 to 100 (the API's largest page); a value outside is brought inside.
 * data-lang (en, ru, uk, de) picks the widget's language; without it the host page's <html lang> decides,
 * else English. The strings live in TEXTS below, not in the gettext catalogs: the script runs on other
 * sites and must not fetch anything but search results.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL(script.src, document.baseURI).origin;
  var target = document.getElementById(script.getAttribute("data-target") || "memorial-search");
  // The API answers at most 100 hits a page and refuses more: data-limit="200" must not break every search.
  var asked = parseInt(script.getAttribute("data-limit") || "10", 10);
  var limit = isNaN(asked) ? 10 : Math.min(Math.max(asked, 1), 100);
  var camp = script.getAttribute("data-camp") || "";
  if (!target) {
    // A page that pasted only the script tag, without the div: the widget goes where the script is.
    target = document.createElement("div");
    target.id = script.getAttribute("data-target") || "memorial-search";
    script.parentNode.insertBefore(target, script.nextSibling);
  }

  // found: one string per plural category of Intl.PluralRules (21 записей is wrong: 21 запись).
  var TEXTS = {
    en: { label: "Name or prisoner number", placeholder: "Surname, given name or prisoner number",
      search: "Search", searching: "Searching…", born: "b. ",
      unavailable: "The search is unavailable for a moment. Please try again in a few minutes.",
      hint: "Type a name or a prisoner number.",
      found: { one: "{n} record found", other: "{n} records found" },
      all: { one: "all {n} record on the memorial index", other: "all {n} records on the memorial index" } },
    ru: { label: "Фамилия, имя или номер военнопленного", placeholder: "Фамилия, имя или номер военнопленного",
      search: "Искать", searching: "Идёт поиск…", born: "род. ",
      unavailable: "Поиск временно недоступен. Пожалуйста, попробуйте ещё раз через несколько минут.",
      hint: "Введите фамилию и имя или номер военнопленного.",
      found: { one: "Найдена {n} запись", few: "Найдено {n} записи", many: "Найдено {n} записей",
        other: "Найдено {n} записи" },
      all: { one: "все {n} запись в указателе мемориала", few: "все {n} записи в указателе мемориала",
        many: "все {n} записей в указателе мемориала", other: "все {n} записи в указателе мемориала" } },
    uk: { label: "Прізвище, ім’я або номер військовополоненого",
      placeholder: "Прізвище, ім’я або номер військовополоненого",
      search: "Шукати", searching: "Триває пошук…", born: "нар. ",
      unavailable: "Пошук тимчасово недоступний. Будь ласка, спробуйте ще раз за кілька хвилин.",
      hint: "Введіть прізвище та ім’я або номер військовополоненого.",
      found: { one: "Знайдено {n} запис", few: "Знайдено {n} записи", many: "Знайдено {n} записів",
        other: "Знайдено {n} записи" },
      all: { one: "усі {n} запис у покажчику меморіалу", few: "усі {n} записи в покажчику меморіалу",
        many: "усі {n} записів у покажчику меморіалу", other: "усі {n} записи в покажчику меморіалу" } },
    de: { label: "Name oder Gefangenennummer", placeholder: "Nachname, Vorname oder Gefangenennummer",
      search: "Suchen", searching: "Suche läuft…", born: "geb. ",
      unavailable: "Die Suche ist im Moment nicht verfügbar. Bitte versuchen Sie es in einigen Minuten erneut.",
      hint: "Geben Sie einen Namen oder eine Gefangenennummer ein.",
      found: { one: "{n} Eintrag gefunden", other: "{n} Einträge gefunden" },
      all: { one: "alle {n} Eintrag im Namensindex der Gedenkstätte",
        other: "alle {n} Einträge im Namensindex der Gedenkstätte" } }
  };

  // "de-AT" -> "de"; null when the code names no language of TEXTS.
  function supported(code) {
    var primary = (code || "").trim().toLowerCase().split("-")[0];
    return Object.prototype.hasOwnProperty.call(TEXTS, primary) ? primary : null;
  }
  var chosen = supported(script.getAttribute("data-lang")) || supported(document.documentElement.lang);
  var lang = chosen || "en";
  var t = TEXTS[lang];
  // A language chosen by the host page carries over to the record pages; otherwise they negotiate their own.
  var langQuery = chosen ? "?lang=" + chosen : "";
  if (chosen) { target.setAttribute("lang", chosen); }  // screen readers then read Russian as Russian

  // forms: one of t's plural tables (found, all); n: the number it counts.
  function countText(forms, n) {
    var category = "other";
    if (window.Intl && Intl.PluralRules) { category = new Intl.PluralRules(lang).select(n); }
    else if (n === 1) { category = "one"; }
    var pattern = forms[category] || forms.other;
    return pattern.replace("{n}", n.toLocaleString(lang));
  }

  // Numbers are kept as the clerk wrote them: "№ 1003" and "Nr. 12 345" already say what they are and
  // must not become "№№ 1003"; a bare 1003 gets the sign.
  function numberAsWritten(number) {
    return /^\d/.test(number) ? "№ " + number : number;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  var form = el("form", { "class": "mni-form", role: "search" });
  var input = el("input", { type: "search", name: "q", maxlength: "200", "aria-label": t.label,
    placeholder: t.placeholder });
  var button = el("button", { type: "submit" }, t.search);
  var status = el("p", { "class": "mni-status", "aria-live": "polite" });
  var list = el("ol", { "class": "mni-hits" });
  var more = el("p", { "class": "mni-more" });
  form.appendChild(input); form.appendChild(button);
  target.appendChild(form); target.appendChild(status); target.appendChild(list); target.appendChild(more);

  function showStatus(text) {
    list.textContent = "";
    more.textContent = "";
    status.textContent = text;
  }

  // The index's own search page for the same query, where every hit can be paged through.
  function searchPageUrl(q) {
    return base + "/?q=" + encodeURIComponent(q) + (camp ? "&camp=" + encodeURIComponent(camp) : "") +
      (chosen ? "&lang=" + chosen : "");
  }

  function render(data, q) {
    list.textContent = "";
    more.textContent = "";
    status.textContent = countText(t.found, data.total);
    // "7 records found" above 3 hits must not be the end of the road: link to the rest on the index.
    if (data.total > data.hits.length) {
      more.appendChild(el("a", { href: searchPageUrl(q), target: "_blank", rel: "noopener" },
        countText(t.all, data.total)));
    }
    data.hits.forEach(function (hit) {
      var li = el("li", { "class": "mni-hit" });
      var name = [hit.surname, hit.given_name, hit.patronymic].filter(Boolean).join(" ");
      li.appendChild(el("a", { href: base + "/records/" + encodeURIComponent(hit.id) + langQuery, target: "_blank", rel: "noopener" }, name));
      var facts = [];
      if (hit.birth_date) { facts.push(t.born + hit.birth_date); }
      (hit.camps || []).forEach(function (c) {
        var stay = [c.camp, c.number && numberAsWritten(c.number)].filter(Boolean).join(" ");
        if (stay) { facts.push(stay); }
      });
      if (facts.length) { li.appendChild(el("div", { "class": "mni-facts" }, facts.join(" · "))); }
      list.appendChild(li);
    });
  }

  // Each search is numbered: a visitor who searches again before the first answer comes must not see the
  // slower, older answer replace the newer one (Iwanow's hits under a box that says Pogoschew).
  var latest = 0;

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var q = input.value.trim();
    if (!q) { return; }
    var mine = ++latest;
    function current() { return mine === latest; }
    status.textContent = t.searching;
    var url = base + "/api/search?facets=false&limit=" + limit + "&q=" + encodeURIComponent(q) +
      (camp ? "&camp=" + encodeURIComponent(camp) : "");
    fetch(url).then(function (response) {
      if (!current()) { return; }
      // 422: the search cannot be answered as typed ("!!!" names nobody). The visitor can change that, told
      // in the widget's language (the API's English message is for developers). Anything else that fails,
      // the network or a 503 while the engine is down, is not theirs to fix: try again later.
      if (response.status === 422) { return showStatus(t.hint); }
      if (!response.ok) { throw new Error(response.status + " " + response.statusText); }
      return response.json().then(function (data) { if (current()) { render(data, q); } });
    }).catch(function () { if (current()) { showStatus(t.unavailable); } });
  });
})();
