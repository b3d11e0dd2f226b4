// pack.js lays out a board pack before it is printed: it moves the text and
// table rows of flowing sheets (the watch list, commentary, definitions)
// that do not fit onto continuation sheets, moves each sheet marked
// data-merge onto the sheet before it when it fits there, numbers every
// page, and fills in the contents. It
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

  function isTable(el) {
    var t = el.classList.contains('table-wrap') && el.querySelector('table');
    return !!(t && t.tBodies[0] && t.tBodies[0].rows.length > 1);
  }

  // splitTable moves the trailing rows of the table in wrap into a copy of
  // it at the front of into, with the same caption and header, until the
  // sheet body fits; the totals and the note go with the last rows. It
  // returns false, changing nothing, when not even one row fits.
  function splitTable(wrap, into, body) {
    var table = wrap.querySelector('table'), rows = table.tBodies[0];
    var part = wrap.cloneNode(false), copy = table.cloneNode(false), tail = document.createElement('tbody');
    if (table.caption) copy.appendChild(table.caption.cloneNode(true));
    if (table.tHead) copy.appendChild(table.tHead.cloneNode(true));
    copy.appendChild(tail);
    if (table.tFoot) copy.appendChild(table.tFoot);
    part.appendChild(copy);
    Array.prototype.slice.call(wrap.children).forEach(function (c) { if (c !== table) part.appendChild(c); });
    into.insertBefore(part, into.firstChild);
    while (overflows(body) && rows.rows.length > 1) tail.insertBefore(rows.lastElementChild, tail.firstChild);
    if (!overflows(body)) return true;
    // Undo: the table moves whole.
    while (tail.firstElementChild) rows.appendChild(tail.firstElementChild);
    if (copy.tFoot) table.appendChild(copy.tFoot);
    Array.prototype.slice.call(part.children).forEach(function (c) { if (c !== copy) wrap.appendChild(c); });
    into.removeChild(part);
    return false;
  }

  // moveTrailing moves el's last children to the front of into until the
  // sheet body fits. When one child is left and it still does not fit, and
  // it is a block of blocks (a definitions section, a long list), it is
  // split too: its trailing children go into a copy of it on the next
  // sheet. When the sheet fits with room to spare, the leading children of
  // the block moved last come back, so that sheets are filled.
  function moveTrailing(el, into, body) {
    while (overflows(body) && el.children.length > 0) {
      var last = el.lastElementChild;
      if (isTable(last) && splitTable(last, into, body)) return;
      if (el.children.length === 1) break;
      into.insertBefore(last, into.firstChild);
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

  // merge moves the content of sheet, under its title, onto the end of the
  // sheet before it when it fits there, and removes the emptied sheet; the
  // section keeps the sheet's id and contents entry.
  function merge(sheet) {
    var prev = sheet.previousElementSibling;
    if (!prev || !prev.classList.contains('sheet') || /sheet-(cover|contents)/.test(prev.className)) return;
    var into = prev.querySelector('.sheet-body'), body = sheet.querySelector('.sheet-body');
    var section = document.createElement('section');
    section.className = 'merged';
    var h = document.createElement('h2');
    h.textContent = sheet.querySelector('.sheet-head h2').textContent;
    section.appendChild(h);
    while (body.firstChild) section.appendChild(body.firstChild);
    into.appendChild(section);
    if (overflows(into)) {
      section.removeChild(h);
      while (section.firstChild) body.appendChild(section.firstChild);
      into.removeChild(section);
      return;
    }
    section.id = sheet.id;
    if (sheet.hasAttribute('data-toc')) section.setAttribute('data-toc', sheet.getAttribute('data-toc'));
    sheet.parentNode.removeChild(sheet);
  }

  function layout() {
    Array.prototype.forEach.call(document.querySelectorAll('.sheet-flow'), flow);
    Array.prototype.forEach.call(document.querySelectorAll('.sheet[data-merge]'), merge);
    var sheets = document.querySelectorAll('.sheet');
    var total = sheets.length;
    var pageOf = {};
    Array.prototype.forEach.call(sheets, function (s, i) {
      Array.prototype.forEach.call(s.querySelectorAll('[id]'), function (el) { pageOf[el.id] = i + 1; });
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
