/* Memorial Name Index search widget.
 * Embed on any page:
 *   <div id="memorial-search"></div>
 *   <script src="https://INDEX-HOST/widget.js" data-target="memorial-search" data-limit="10" data-lang="ru" defer></script>
 * It calls the index's public API on the host the script came from, and links each hit to its record page.
 * data-lang (en, ru, uk, de) picks the widget's language; without it the host page's <html lang> decides,
 * else English. The strings live in TEXTS below, not in the gettext catalogs: the script runs on other
 * sites and must not fetch anything but search results.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL(script.src, document.baseURI).origin;
  var target = document.getElementById(script.getAttribute("data-target") || "memorial-search");
  var limit = parseInt(script.getAttribute("data-limit") || "10", 10);
  var camp = script.getAttribute("data-camp") || "";
  if (!target) { return; }

  // found: one string per plural category of Intl.PluralRules (21 записей is wrong: 21 запись).
  var TEXTS = {
    en: { label: "Name or prisoner number", placeholder: "Surname, given name or prisoner number",
      search: "Search", searching: "Searching…", born: "b. ", unavailable: "The search is not available: ",
      found: { one: "{n} record found", other: "{n} records found" } },
    ru: { label: "Фамилия, имя или номер военнопленного", placeholder: "Фамилия, имя или номер военнопленного",
      search: "Искать", searching: "Идёт поиск…", born: "род. ", unavailable: "Поиск сейчас недоступен: ",
      found: { one: "Найдена {n} запись", few: "Найдено {n} записи", many: "Найдено {n} записей",
        other: "Найдено {n} записи" } },
    uk: { label: "Прізвище, ім’я або номер військовополоненого",
      placeholder: "Прізвище, ім’я або номер військовополоненого",
      search: "Шукати", searching: "Триває пошук…", born: "нар. ", unavailable: "Пошук зараз недоступний: ",
      found: { one: "Знайдено {n} запис", few: "Знайдено {n} записи", many: "Знайдено {n} записів",
        other: "Знайдено {n} записи" } },
    de: { label: "Name oder Gefangenennummer", placeholder: "Nachname, Vorname oder Gefangenennummer",
      search: "Suchen", searching: "Suche läuft…", born: "geb. ", unavailable: "Die Suche ist nicht verfügbar: ",
      found: { one: "{n} Eintrag gefunden", other: "{n} Einträge gefunden" } }
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

  function foundText(n) {
    var category = "other";
    if (window.Intl && Intl.PluralRules) { category = new Intl.PluralRules(lang).select(n); }
    else if (n === 1) { category = "one"; }
    var pattern = t.found[category] || t.found.other;
    return pattern.replace("{n}", n.toLocaleString(lang));
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
  form.appendChild(input); form.appendChild(button);
  target.appendChild(form); target.appendChild(status); target.appendChild(list);

  function render(data) {
    list.textContent = "";
    status.textContent = foundText(data.total);
    data.hits.forEach(function (hit) {
      var li = el("li", { "class": "mni-hit" });
      var name = [hit.surname, hit.given_name, hit.patronymic].filter(Boolean).join(" ");
      li.appendChild(el("a", { href: base + "/records/" + encodeURIComponent(hit.id) + langQuery, target: "_blank", rel: "noopener" }, name));
      var facts = [];
      if (hit.birth_date) { facts.push(t.born + hit.birth_date); }
      (hit.camps || []).forEach(function (c) { facts.push(c.camp + (c.number ? " №" + c.number : "")); });
      if (facts.length) { li.appendChild(el("div", { "class": "mni-facts" }, facts.join(" · "))); }
      list.appendChild(li);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var q = input.value.trim();
    if (!q) { return; }
    status.textContent = t.searching;
    var url = base + "/api/search?facets=false&limit=" + limit + "&q=" + encodeURIComponent(q) +
      (camp ? "&camp=" + encodeURIComponent(camp) : "");
    fetch(url).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) { throw new Error(body.error ? body.error.message : response.statusText); }
        return body;
      });
    }).then(render).catch(function (error) {
      list.textContent = "";
      status.textContent = t.unavailable + error.message;
    });
  });
})();
