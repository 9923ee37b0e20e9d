// Searchable pickers (issue 18): a long <select> (more than 15 options), every multiple <select> (no Ctrl+click)
// and any <select> marked data-picker becomes a
// type-to-search picker (the vendored Tom Select). JavaScript enhancement only: the <select> stays in the
// form and is what is submitted; without JavaScript it is an ordinary <select>. data-picker="off" opts out.
// The search ignores Vietnamese diacritics and folds đ to d: "ha noi" finds "Hà Nội", "da nang" "Đà Nẵng".
(function () {
  "use strict";
  var MIN_OPTIONS = 16;
  var TEXTS = {
    vi: {
      noResults: "Không tìm thấy kết quả phù hợp",
      placeholder: "Gõ để tìm…",
      remove: "Bỏ chọn",
      loading: "Đang tải…"
    },
    en: {
      noResults: "No matching results",
      placeholder: "Type to search…",
      remove: "Remove",
      loading: "Loading…"
    }
  };

  function texts() {
    var lang = (document.documentElement.getAttribute("lang") || "vi").slice(0, 2);
    return TEXTS[lang] || TEXTS.vi;
  }

  // lower case, no combining marks, đ → d: the same folding on both sides of the comparison
  function fold(value) {
    return String(value || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  }

  function escapeHtml(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // every word typed must appear in the option's folded text or its value (a mission's code names its city:
  // "tokyo" finds cqdd-jp-tokyo); options starting with the first word rank first, then words typed that start
  // a word ("nhat" in "Nhật Bản" and in "Thống nhất" alike), then the shorter name
  function score(search) {
    var words = fold(search).split(" ").filter(Boolean);
    return function (item) {
      if (!words.length) { return 1; }
      var text = item.$folded || (item.$folded = fold(item.text + " " + (item.value || "")));
      var points = text.indexOf(words[0]) === 0 ? 2 : 1;
      for (var i = 0; i < words.length; i++) {
        var at = text.indexOf(words[i]);
        if (at === -1) { return 0; }
        if (at === 0 || " (-,/".indexOf(text.charAt(at - 1)) !== -1) { points += 0.5; }
      }
      return points + 1 / (10 + text.length);
    };
  }

  function wanted(select) {
    if (select.tomselect || select.classList.contains("tomselected")) { return false; }
    var flag = select.getAttribute("data-picker");
    if (flag === "off") { return false; }
    return flag !== null || select.multiple || select.options.length >= MIN_OPTIONS;
  }

  // the label stays associated: Tom Select points <label for> at its own text input, so the hidden <select>
  // (still read by axe and by assistive technology) and the text input are both named by the label's id;
  // a wrapping <label> labels only its first control, which is the hidden <select>, so the same applies
  function keepLabel(select, label, picker) {
    if (!label) { return; }
    if (!label.id) { label.id = (select.id || select.name || "picker") + "-picker-label"; }
    var named = [select, picker.control_input, picker.dropdown_content];
    for (var i = 0; i < named.length; i++) {
      if (named[i] && !named[i].getAttribute("aria-labelledby")) { named[i].setAttribute("aria-labelledby", label.id); }
    }
  }

  function enhance(select) {
    if (!window.TomSelect || !wanted(select)) { return; }
    var t = texts();
    var label = select.labels && select.labels.length ? select.labels[0] : null;
    var settings = {
      maxOptions: null,
      refreshThrottle: 60,
      allowEmptyOption: true,
      hidePlaceholder: true,
      highlight: false,
      score: score,
      sortField: [{ field: "$score", direction: "desc" }, { field: "$order" }],
      placeholder: select.getAttribute("data-placeholder") || t.placeholder,
      render: {
        no_results: function () { return '<div class="no-results">' + escapeHtml(t.noResults) + "</div>"; },
        loading: function () { return '<div class="spinner" role="status">' + escapeHtml(t.loading) + "</div>"; },
        option: function (data, escape) { return "<div>" + (data.text ? escape(data.text) : "—") + "</div>"; },
        item: function (data, escape) { return "<div>" + (data.text ? escape(data.text) : "—") + "</div>"; }
      },
      onInitialize: function () { keepLabel(select, label, this); }
    };
    if (select.multiple) {
      settings.plugins = { remove_button: { title: t.remove } };
    }
    try {
      new window.TomSelect(select, settings);
    } catch (e) {
      // an enhancement only: the plain <select> keeps working
      if (window.console) { window.console.warn("picker not enhanced", select.name, e); }
    }
  }

  function enhanceWithin(root) {
    if (!root || !root.querySelectorAll) { return; }
    if (root.tagName === "SELECT") { enhance(root); return; }
    var selects = root.querySelectorAll("select");
    for (var i = 0; i < selects.length; i++) { enhance(selects[i]); }
  }

  window.ngoaivuPickers = { enhanceWithin: enhanceWithin, fold: fold };

  document.addEventListener("DOMContentLoaded", function () {
    enhanceWithin(document.body);
    // content swapped in by htmx (list filters, partial forms) is enhanced too
    document.body.addEventListener("htmx:load", function (event) { enhanceWithin(event.target); });
    document.body.addEventListener("htmx:afterSwap", function (event) { enhanceWithin(event.detail && event.detail.target); });
  });
})();
