/* Memorial Name Index search widget.
 * Embed on any page:
 *   <div id="memorial-search"></div>
 *   <script src="https://INDEX-HOST/widget.js" data-target="memorial-search" data-limit="10" defer></script>
 * It calls the index's public API on the host the script came from, and links each hit to its record page.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL(script.src, document.baseURI).origin;
  var target = document.getElementById(script.getAttribute("data-target") || "memorial-search");
  var limit = parseInt(script.getAttribute("data-limit") || "10", 10);
  var camp = script.getAttribute("data-camp") || "";
  if (!target) { return; }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  var form = el("form", { "class": "mni-form", role: "search" });
  var input = el("input", { type: "search", name: "q", maxlength: "200", "aria-label": "Name or prisoner number",
    placeholder: "Surname, given name or prisoner number" });
  var button = el("button", { type: "submit" }, "Search");
  var status = el("p", { "class": "mni-status", "aria-live": "polite" });
  var list = el("ol", { "class": "mni-hits" });
  form.appendChild(input); form.appendChild(button);
  target.appendChild(form); target.appendChild(status); target.appendChild(list);

  function render(data) {
    list.textContent = "";
    status.textContent = data.total + (data.total === 1 ? " record found" : " records found");
    data.hits.forEach(function (hit) {
      var li = el("li", { "class": "mni-hit" });
      var name = [hit.surname, hit.given_name, hit.patronymic].filter(Boolean).join(" ");
      li.appendChild(el("a", { href: base + "/records/" + encodeURIComponent(hit.id), target: "_blank", rel: "noopener" }, name));
      var facts = [];
      if (hit.birth_date) { facts.push("b. " + hit.birth_date); }
      (hit.camps || []).forEach(function (c) { facts.push(c.camp + (c.number ? " №" + c.number : "")); });
      if (facts.length) { li.appendChild(el("div", { "class": "mni-facts" }, facts.join(" · "))); }
      list.appendChild(li);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var q = input.value.trim();
    if (!q) { return; }
    status.textContent = "Searching…";
    var url = base + "/api/search?facets=false&limit=" + limit + "&q=" + encodeURIComponent(q) +
      (camp ? "&camp=" + encodeURIComponent(camp) : "");
    fetch(url).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) { throw new Error(body.error ? body.error.message : response.statusText); }
        return body;
      });
    }).then(render).catch(function (error) {
      list.textContent = "";
      status.textContent = "The search is not available: " + error.message;
    });
  });
})();
