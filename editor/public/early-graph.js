// Requests the graph named in the address bar at once, while the editor's script loads
// (src/api/early.ts takes the answer). The URL is the API's own, as src/api/client.ts builds it.
// A file of its own, not an inline script: the editor's Content-Security-Policy allows
// scripts from 'self' only.
(function () {
  var q = new URLSearchParams(location.search);
  var id = q.get('graph');
  if (!id || q.get('version')) return;
  var url = '/api/v1/graphs/' + encodeURIComponent(id);
  window.coinlabEarlyGraph = { url: url, response: fetch(url, { method: 'GET', headers: {} }) };
})();
