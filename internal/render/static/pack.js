// pack.js lays out a board pack before it is printed: it moves the text of
// flowing sheets (commentary, definitions) that does not fit onto
// continuation sheets, numbers every page, and fills in the contents. It
// holds window.boardpack.ready at false until it is done, and reports any
// sheet whose content still does not fit as a console error, which fails
// the build rather than printing a cut page.
(function () {
  'use strict';
  var bp = window.boardpack || (window.boardpack = { pending: 0, charts: [] });
  bp.ready = false;

  function overflows(body) { return body.scrollHeight > body.clientHeight + 1; }

  // continuation returns a new empty sheet after sheet, titled as its
  // continuation.
  function continuation(sheet) {
    var next = sheet.cloneNode(false);
    next.removeAttribute('id');
    next.removeAttribute('data-toc');
    var head = sheet.querySelector('.sheet-head').cloneNode(true);
    var h = head.querySelector('h2');
    if (!/\(continued\)$/.test(h.textContent)) h.textContent += ' (continued)';
    var body = document.createElement('div');
    body.className = 'sheet-body';
    next.appendChild(head);
    next.appendChild(body);
    next.appendChild(sheet.querySelector('.sheet-foot').cloneNode(true));
    sheet.parentNode.insertBefore(next, sheet.nextSibling);
    return next;
  }

  function flow(sheet) {
    var body = sheet.querySelector('.sheet-body');
    while (overflows(body) && body.children.length > 1) {
      var next = continuation(sheet);
      var nextBody = next.querySelector('.sheet-body');
      while (overflows(body) && body.children.length > 1) {
        nextBody.insertBefore(body.lastElementChild, nextBody.firstChild);
      }
      sheet = next;
      body = nextBody;
    }
  }

  function layout() {
    Array.prototype.forEach.call(document.querySelectorAll('.sheet-flow'), flow);
    var sheets = document.querySelectorAll('.sheet');
    var total = sheets.length;
    var pageOf = {};
    Array.prototype.forEach.call(sheets, function (s, i) {
      if (s.id) pageOf[s.id] = i + 1;
      var no = s.querySelector('.page-no');
      if (no) no.textContent = 'Page ' + (i + 1) + ' of ' + total;
      var body = s.querySelector('.sheet-body');
      if (body && overflows(body)) {
        var title = s.querySelector('h2');
        console.error('pack page ' + (i + 1) + ' (' + (title ? title.textContent : s.id) + ') does not fit on its sheet');
      }
    });
    Array.prototype.forEach.call(document.querySelectorAll('.toc a[data-target]'), function (a) {
      a.querySelector('.toc-page').textContent = pageOf[a.getAttribute('data-target')] || '';
    });
    bp.ready = true;
  }

  // Lay out once the fonts are in: text measured in a fallback font would
  // break at other places than the printed text.
  if (document.fonts && document.fonts.ready) {
    document.fonts.ready.then(layout);
  } else {
    layout();
  }
})();
