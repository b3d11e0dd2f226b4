// boardpack.js draws the charts of a boardpack page. Each chart is a
// <div data-chart> whose data-option attribute holds a pure-data ECharts
// option; the formatters, which are functions, are added here from the
// option's "bp" hints so that nothing from the data is ever run as code.
(function () {
  'use strict';

  var state = { pending: 0, charts: [] };
  window.boardpack = state;

  function money(sym, v) {
    var a = Math.abs(v), s;
    if (a >= 999.95e6) s = (a / 1e9).toFixed(1).replace(/\.0$/, '') + 'B';
    else if (a >= 999.5e3) s = (a / 1e6).toFixed(1).replace(/\.0$/, '') + 'M';
    else if (a >= 9999.5) s = Math.round(a / 1e3) + 'K';
    else if (a >= 999.5) s = (a / 1e3).toFixed(1).replace(/\.0$/, '') + 'K';
    else s = String(Math.round(a));
    return (v < 0 ? '-' : '') + sym + s;
  }

  function axisFormatter(bp) {
    if (bp.unit === 'fraction') {
      return function (v) { return (v * 100).toFixed(0) + '%'; };
    }
    if (bp.unit === 'number') {
      return function (v) { return String(Math.round(v * 10) / 10); };
    }
    return function (v) { return money(bp.symbol, v); };
  }

  // label returns the preformatted label of a data point: the same text as
  // the table under the chart.
  function label(bp, seriesIndex, dataIndex) {
    var s = bp.labels[seriesIndex];
    return s && s[dataIndex] !== undefined ? s[dataIndex] : '';
  }

  function escapeHTML(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function decorate(opt) {
    var bp = opt.bp || { labels: [] };
    var waterfall = opt.series.length === 2 && opt.series[0].name === 'base';
    [].concat(opt.yAxis || []).forEach(function (ax) {
      if (ax.type === 'value') ax.axisLabel = { formatter: axisFormatter(bp) };
    });
    var li = function (p) { return label(bp, waterfall ? 0 : p.seriesIndex, p.dataIndex); };
    if (waterfall) {
      opt.series[0].silent = true; // the invisible base answers no hover
      opt.series[0].tooltip = { show: false };
      opt.series[1].label.formatter = li;
      opt.tooltip.formatter = function (p) { return escapeHTML(p.name + ': ' + li(p)); };
    } else {
      opt.tooltip.formatter = function (ps) {
        var out = escapeHTML(ps[0].axisValue);
        ps.forEach(function (p) { out += '<br>' + p.marker + escapeHTML(p.seriesName + ': ' + li(p)); });
        return out;
      };
    }
    delete opt.bp;
    return opt;
  }

  function draw(el) {
    var opt = decorate(JSON.parse(el.getAttribute('data-option')));
    var chart = echarts.init(el, null, { renderer: 'svg' });
    state.pending++;
    var done = function () {
      chart.off('finished', done);
      state.pending--;
      el.setAttribute('data-rendered', 'true');
    };
    chart.on('finished', done);
    chart.setOption(opt);
    state.charts.push(chart);
  }

  function resize() { state.charts.forEach(function (c) { c.resize(); }); }

  document.querySelectorAll('[data-chart]').forEach(draw);
  window.addEventListener('resize', resize);
  window.addEventListener('beforeprint', resize);
})();
