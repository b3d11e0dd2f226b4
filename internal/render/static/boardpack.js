// boardpack.js draws the charts of a boardpack page. Each chart is a
// <div data-chart> whose data-option attribute holds a pure-data ECharts
// option; the formatters, which are functions, are added here from the
// option's "bp" hints so that nothing from the data is ever run as code.
(function () {
  'use strict';

  var state = { pending: 0, charts: [] };
  window.boardpack = state;

  // MINUS is the sign of negative figures, as internal/format writes them:
  // a true minus, never a hyphen.
  var MINUS = '\u2212';

  function signed(v, s) { return (v < 0 && /[1-9]/.test(s) ? MINUS : '') + s; }

  function money(sym, v) {
    var a = Math.abs(v), s;
    if (a >= 999.95e6) s = (a / 1e9).toFixed(1).replace(/\.0$/, '') + 'B';
    else if (a >= 999.5e3) s = (a / 1e6).toFixed(1).replace(/\.0$/, '') + 'M';
    else if (a >= 9999.5) s = Math.round(a / 1e3) + 'K';
    else if (a >= 999.5) s = (a / 1e3).toFixed(1).replace(/\.0$/, '') + 'K';
    else s = String(Math.round(a));
    return signed(v, sym + s);
  }

  function axisFormatter(bp) {
    if (bp.unit === 'fraction') {
      // The axis steps by whole points (see fractionAxis), so whole
      // percentages are distinct.
      return function (v) { return signed(v, Math.abs(v * 100).toFixed(0) + '%'); };
    }
    if (bp.unit === 'number') {
      return function (v) { return signed(v, String(Math.abs(Math.round(v * 10) / 10))); };
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
    // A label with a halo is drawn twice, stroke then fill, and a PDF's text
    // layer then holds it twice ("$7.8M $7.8M"): labels are drawn once.
    opt.series.forEach(function (s) {
      [s, s.markLine, s.markArea].forEach(function (o) {
        if (o) o.label = Object.assign(o.label || {}, { textBorderWidth: 0, textBorderColor: 'none' });
      });
    });
    delete opt.bp;
    return opt;
  }

  var roles = ['series', 'text', 'axis', 'grid', 'total', 'up', 'down', 'band', 'muted'];

  // screenTheme returns the chart colours the page's theme sets as CSS
  // custom properties (--chart-series, a list, and --chart-text and the
  // others of roles), or null when it sets none: then the charts keep the
  // colours of their options, which are those of print.
  function screenTheme() {
    var style = getComputedStyle(document.documentElement), theme = null;
    roles.forEach(function (r) {
      var v = style.getPropertyValue('--chart-' + r).trim();
      if (v) (theme = theme || {})[r] = v;
    });
    if (theme && theme.series) theme.series = theme.series.split(',').map(function (c) { return c.trim(); });
    return theme;
  }

  // recolor paints a decorated option in the theme's colours: the series
  // palette, text, axes and grid, and every colour the option names by
  // role in its hints (a waterfall's steps, a reference band).
  function recolor(opt, colors, theme) {
    var swap = {};
    Object.keys(colors || {}).forEach(function (role) {
      if (theme[role]) swap[colors[role]] = theme[role];
    });
    (function walk(o) {
      Object.keys(o).forEach(function (k) {
        var v = o[k];
        if (k === 'color' && typeof v === 'string' && swap[v]) o[k] = swap[v];
        else if (v && typeof v === 'object') walk(v);
      });
    })(opt);
    var set = function (o, key, props) {
      o[key] = o[key] || {};
      Object.keys(props).forEach(function (p) { if (props[p]) o[key][p] = props[p]; });
    };
    if (theme.series) opt.color = theme.series;
    set(opt, 'textStyle', { color: theme.text });
    [].concat(opt.legend || []).forEach(function (l) { set(l, 'textStyle', { color: theme.text }); });
    [].concat(opt.xAxis || [], opt.yAxis || []).forEach(function (ax) {
      set(ax, 'axisLabel', { color: theme.text });
      ax.axisLine = ax.axisLine || {};
      set(ax.axisLine, 'lineStyle', { color: theme.axis });
      ax.axisTick = ax.axisTick || {};
      set(ax.axisTick, 'lineStyle', { color: theme.axis });
      ax.splitLine = ax.splitLine || {};
      set(ax.splitLine, 'lineStyle', { color: theme.grid });
    });
    opt.series.forEach(function (s) {
      if (s.label && !s.label.color && theme.text) s.label.color = theme.text;
    });
    return opt;
  }

  // themed holds the charts drawn in a screen theme's colours with their
  // light option, which they are redrawn with for print.
  var themed = [];

  function draw(el, theme) {
    var raw = el.getAttribute('data-option');
    var light = decorate(JSON.parse(raw)), opt = light;
    if (theme) {
      var copy = JSON.parse(raw), colors = copy.bp && copy.bp.colors;
      opt = recolor(decorate(copy), colors, theme);
    }
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
    var c = { chart: chart, el: el, waterfall: opt.series.length === 2 && opt.series[0].name === 'base', narrow: false };
    fitted.push(c);
    if (c.el.clientWidth < narrowWidth) fit(c);
    // A chart follows its container, not only the window: a grid that
    // reflows or a font that loads late changes its width too.
    if (window.ResizeObserver) new ResizeObserver(function () { fit(c); }).observe(el);
    if (theme) themed.push({ chart: chart, light: light, screen: opt });
  }

  // narrowWidth is the width below which a bridge's step names no longer
  // fit side by side: they are slanted and its value labels made smaller,
  // so that every step stays named on a phone.
  var narrowWidth = 560;

  // fit sizes a chart to its container, which may have changed with the
  // window, a reflowing grid or print.
  function fit(c) {
    if (c.waterfall) {
      var narrow = c.el.clientWidth < narrowWidth;
      if (narrow !== c.narrow) {
        c.narrow = narrow;
        c.chart.setOption({
          xAxis: { axisLabel: { rotate: narrow ? 35 : 0, fontSize: narrow ? 9 : 10 } },
          series: [{}, { label: { fontSize: narrow ? 9 : 11 } }]
        });
      }
    }
    c.chart.resize();
  }

  var fitted = [];
  function resize() { fitted.forEach(fit); }
  // refit fits the charts whose option was just replaced whole.
  function refit() {
    fitted.forEach(function (c) { c.narrow = false; });
    resize();
  }

  var theme = screenTheme();
  document.querySelectorAll('[data-chart]').forEach(function (el) { draw(el, theme); });
  window.addEventListener('resize', resize);
  window.addEventListener('beforeprint', function () {
    themed.forEach(function (t) { t.chart.setOption(t.light, true); });
    refit();
  });
  window.addEventListener('afterprint', function () {
    themed.forEach(function (t) { t.chart.setOption(t.screen, true); });
    refit();
  });
})();
