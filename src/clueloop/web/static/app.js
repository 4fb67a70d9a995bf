// clueloop: CSRF header on every htmx request, "select all" boxes, ECharts from data-chart options.
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) { event.detail.headers["X-CSRF-Token"] = meta.content; }
});
document.addEventListener("change", function (event) {
  if (event.target.matches("[data-check-all]")) {
    var form = event.target.closest("form");
    form.querySelectorAll('input[name="ids"]').forEach(function (box) { box.checked = event.target.checked; });
  }
});
function drawCharts(root) {
  if (!window.echarts) { return; }
  root.querySelectorAll("[data-chart]").forEach(function (el) {
    if (el.dataset.drawn) { return; }
    el.dataset.drawn = "1";
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption(JSON.parse(el.dataset.chart));
    window.addEventListener("resize", function () { chart.resize(); });
  });
}
window.addEventListener("load", function () { drawCharts(document); });
document.addEventListener("htmx:afterSwap", function (event) { drawCharts(event.target); });
