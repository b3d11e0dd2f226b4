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

  function splittable(el) { return /^(SECTION|DIV|DL|UL|OL)$/.test(el.tagName); }

  // moveTrailing moves el's last children to the front of into until the
  // sheet body fits. When one child is left and it still does not fit, and
  // it is a block of blocks (a definitions section, a long list), it is
  // split too: its trailing children go into a copy of it on the next
  // sheet. When the sheet fits with room to spare, the leading children of
  // the block moved last come back, so that sheets are filled.
  function moveTrailing(el, into, body) {
    while (overflows(body) && el.children.length > 1) {
      into.insertBefore(el.lastElementChild, into.firstChild);
    }
    var child = el.lastElementChild;
    if (overflows(body)) {
      if (el.children.length === 1 && child.children.length > 0 && splittable(child)) {
        var part = child.cloneNode(false);
        part.removeAttribute('id');
        into.insertBefore(part, into.firstChild);
        moveTrailing(child, part, body);
        if (!part.firstChild) into.removeChild(part);
      }
      return;
    }
    var moved = into.firstElementChild;
    if (!moved || !splittable(moved) || moved.children.length < 2) return;
    var back = moved.cloneNode(false);
    back.removeAttribute('id');
    el.appendChild(back);
    while (moved.children.length > 1) {
      back.appendChild(moved.firstElementChild);
      if (overflows(body)) {
        moved.insertBefore(back.lastElementChild, moved.firstChild);
        break;
      }
    }
    // A heading left alone at the foot of a sheet goes with its text.
    while (back.lastElementChild && /^H[1-6]$|^DT$/.test(back.lastElementChild.tagName)) {
      moved.insertBefore(back.lastElementChild, moved.firstChild);
    }
    if (!back.firstChild) el.removeChild(back);
  }

  function flow(sheet) {
    var body = sheet.querySelector('.sheet-body');
    while (overflows(body)) {
      var next = continuation(sheet);
      var nextBody = next.querySelector('.sheet-body');
      moveTrailing(body, nextBody, body);
      if (!nextBody.textContent.trim()) { // nothing could move: report it below
        next.parentNode.removeChild(next);
        return;
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
