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
