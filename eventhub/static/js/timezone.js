// Show local times without asking: when the page used the event's reference zone
// because it did not know the visitor's, remember the browser's zone in a cookie
// and reload once. Pages work without this script (?tz= and the selector).
(function () {
  "use strict";
  var body = document.body;
  if (!body || body.getAttribute("data-zone-source") !== "reference") return;
  if (/[?&]tz=/.test(window.location.search)) return;
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone || zone === body.getAttribute("data-zone")) return;
  if (document.cookie.indexOf("tz=") !== -1) return;  // server knew it but rejected it
  document.cookie = "tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax";
  if (document.cookie.indexOf("tz=") !== -1) window.location.reload();
})();

// Zone selectors (data-zone-search="<label>"): a search box that narrows the options to
// those whose name contains what is typed. Without JavaScript the grouped list is enough.
(function () {
  "use strict";
  var selects = document.querySelectorAll("select[data-zone-search]");
  Array.prototype.forEach.call(selects, function (select) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "zone-search";
    input.setAttribute("aria-label", select.getAttribute("data-zone-search"));
    input.setAttribute("aria-controls", select.id);
    input.addEventListener("input", function () {
      var wanted = input.value.trim().toLocaleLowerCase();
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        var shown = 0;
        Array.prototype.forEach.call(group.querySelectorAll("option"), function (option) {
          var match = !wanted || option.selected ||
            option.textContent.toLocaleLowerCase().indexOf(wanted) !== -1;
          option.hidden = !match;
          if (match) shown += 1;
        });
        group.hidden = shown === 0;
      });
    });
    select.parentNode.insertBefore(input, select);
  });
})();
