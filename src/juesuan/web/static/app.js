// juesuan's page script: uploads with progress, and a report's findings linked to their
// marks. Report text is only ever set with textContent, never parsed as HTML.
"use strict";
document.documentElement.classList.add("js");

const STATE = { waiting: "排队等待", running: "检查中…", done: "已完成", failed: "未能检查" };

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

// ---- the upload page ------------------------------------------------------------------
function setUpUploads(form) {
  const input = form.querySelector("input[type=file]");
  const queue = document.getElementById("queue");
  const body = queue.querySelector("tbody");
  const send = (files) => { for (const file of files) upload(file); };
  input.addEventListener("change", () => { send(input.files); input.value = ""; });
  form.addEventListener("submit", (event) => { event.preventDefault(); send(input.files); });
  for (const name of ["dragenter", "dragover"]) {
    form.addEventListener(name, (event) => { event.preventDefault(); form.classList.add("over"); });
  }
  for (const name of ["dragleave", "drop"]) {
    form.addEventListener(name, () => form.classList.remove("over"));
  }
  form.addEventListener("drop", (event) => { event.preventDefault(); send(event.dataTransfer.files); });

  function row(name) {
    const tr = el("tr", null, "state-waiting");
    tr.append(el("td", name, "name"), el("td"), el("td", "上传中"), el("td"));
    body.append(tr);
    queue.hidden = false;
    return tr;
  }

  function upload(file) {
    const tr = row(file.name);
    const bar = el("progress");
    bar.max = 100; bar.value = 0;
    tr.children[1].append(bar);
    const data = new FormData();
    data.append("files", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/upload");
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", (e) => { if (e.lengthComputable) bar.value = 100 * e.loaded / e.total; });
    xhr.addEventListener("load", () => {
      bar.value = 100;
      if (xhr.status !== 200) { fail(tr, xhr.responseText || ("HTTP " + xhr.status)); return; }
      const status = JSON.parse(xhr.responseText);
      remember(status.upload);
      const rows = status.files.map((f, i) => i === 0 ? tr : row(f.name));
      status.files.forEach((f, i) => { rows[i].dataset.file = f.id; rows[i].children[0].textContent = f.name; });
      show(status, rows);
      poll(status.upload, rows);
    });
    xhr.addEventListener("error", () => fail(tr, "上传失败（连接中断）"));
    xhr.send(data);
  }

  // the uploads of this tab, shown again when the page is opened anew (back from a report)
  function remembered() {
    try { return JSON.parse(sessionStorage.getItem("juesuan-uploads") || "[]"); } catch (e) { return []; }
  }
  function remember(id) {
    const ids = remembered().filter((known) => known !== id).concat([id]);
    try { sessionStorage.setItem("juesuan-uploads", JSON.stringify(ids.slice(-50))); } catch (e) { /* private mode */ }
  }
  function forget(id) {
    try { sessionStorage.setItem("juesuan-uploads", JSON.stringify(remembered().filter((k) => k !== id))); } catch (e) { /* */ }
  }
  for (const id of remembered()) {
    fetch("/api/uploads/" + id, { headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : null))
      .then((status) => {
        if (!status) { forget(id); return; }
        const rows = status.files.map((f) => row(f.name));
        for (const tr of rows) tr.children[1].textContent = "";
        show(status, rows);
        if (status.pending) poll(id, rows);
      })
      .catch(() => undefined);
  }

  function fail(tr, message) {
    tr.className = "state-failed";
    tr.children[2].textContent = STATE.failed;
    tr.children[3].replaceChildren(el("span", message, "why"));
  }

  function show(status, rows) {
    status.files.forEach((f, i) => {
      const tr = rows[i];
      tr.className = "state-" + f.status;
      tr.children[2].textContent = (STATE[f.status] || f.status) + (f.place ? "（第 " + f.place + " 位）" : "");
      const cell = tr.children[3];
      if (f.status === "done") {
        const link = el("a", f.errors + " 个错误，" + f.warnings + " 个提示");
        link.href = "/u/" + status.upload + "/" + f.id;
        const sheet = el("a", "意见表", "sheet");
        sheet.href = link.href + "/review.xlsx";
        sheet.title = "下载审核意见表 (Excel)";
        cell.replaceChildren(link, " ", sheet);
      } else if (f.status === "failed") {
        cell.replaceChildren(el("span", f.message, "why"));
      }
    });
  }

  function poll(id, rows) {
    fetch("/api/uploads/" + id, { headers: { Accept: "application/json" } })
      .then((r) => r.json())
      .then((status) => { show(status, rows); if (status.pending) setTimeout(() => poll(id, rows), 800); })
      .catch(() => setTimeout(() => poll(id, rows), 2000));
  }
}

// ---- a report's page ------------------------------------------------------------------
// Scroll inside the pane that holds the node (the page itself stays put), or the page
// when the panes are stacked on a narrow screen.
function reveal(node, center) {
  const pane = node.closest(".findings-pane, .document-pane");
  if (!pane || pane.scrollHeight <= pane.clientHeight + 1) {
    node.scrollIntoView({ block: center ? "center" : "nearest" });
    return;
  }
  const p = pane.getBoundingClientRect();
  const n = node.getBoundingClientRect();
  let by = 0;
  if (center) by = (n.top - p.top) - (p.height - n.height) / 2;
  else if (n.top < p.top) by = n.top - p.top - 8;
  else if (n.bottom > p.bottom) by = n.bottom - p.bottom + 8;
  pane.scrollBy({ top: by });
}

function setUpReport(list) {
  const doc = document.getElementById("document");
  const severity = {};
  for (const item of list.querySelectorAll(".finding")) severity[item.dataset.finding] = item.dataset.severity;

  for (const box of doc.querySelectorAll(".box")) {
    const [l, t, r, b] = box.dataset.box.split(" ").map(Number);
    box.style.left = (100 * l) + "%";
    box.style.top = (100 * t) + "%";
    box.style.width = (100 * (r - l)) + "%";
    box.style.height = (100 * (b - t)) + "%";
    if (severity[box.dataset.finding] === "error") box.classList.add("sev-error");
  }
  for (const img of doc.querySelectorAll(".pdf-page img")) {
    const fit = () => { if (img.naturalWidth) img.style.aspectRatio = img.naturalWidth + " / " + img.naturalHeight; };
    if (img.complete) fit(); else img.addEventListener("load", fit);
  }

  const marksOf = (index) => [...doc.querySelectorAll("[data-finding]")]
    .filter((node) => node.dataset.finding.split(" ").includes(String(index)));
  const linesOf = (index) => [...doc.querySelectorAll("li[data-findings]")]
    .filter((node) => node.dataset.findings.split(" ").includes(String(index)));

  function select(index, fromDocument) {
    for (const node of document.querySelectorAll(".active, .selected, .flash")) {
      node.classList.remove("active", "selected", "flash");
    }
    const item = document.getElementById("f" + index);
    if (!item) return;
    item.classList.add("selected");
    if (fromDocument) { item.hidden = false; reveal(item, false); return; }
    const marks = marksOf(index);
    const lines = linesOf(index);
    for (const node of marks.concat(lines)) node.classList.add("active");
    let target = marks[0] || lines[0];
    if (!target && item.dataset.page) {
      target = document.getElementById("page-" + item.dataset.page);
      if (target) target.classList.add("flash");
    }
    if (!target && item.dataset.line) target = document.getElementById("L" + item.dataset.line);
    if (target) reveal(target, true);
  }

  list.addEventListener("click", (event) => {
    const item = event.target.closest(".finding");
    if (item) select(item.dataset.finding, false);
  });
  list.addEventListener("keydown", (event) => {
    const item = event.target.closest(".finding");
    if (item && event.key === "Enter") select(item.dataset.finding, false);
  });
  doc.addEventListener("click", (event) => {
    const mark = event.target.closest("[data-finding]");
    const line = event.target.closest("li[data-findings]");
    const chosen = mark ? mark.dataset.finding : line ? line.dataset.findings : null;
    if (chosen === null) return;
    event.preventDefault();
    const index = chosen.split(" ")[0];
    select(index, true);
    for (const node of marksOf(index).concat(linesOf(index))) node.classList.add("active");
  });

  const filters = [...document.querySelectorAll("#filters select")];
  const apply = () => {
    for (const item of list.querySelectorAll(".finding")) {
      item.hidden = !filters.every((f) => !f.value || item.dataset[f.dataset.filter] === f.value);
    }
  };
  for (const f of filters) f.addEventListener("change", apply);
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("upload-form");
  if (form) setUpUploads(form);
  if (document.getElementById("document")) {
    setUpReport(document.getElementById("findings") || document.createElement("ol"));
  }
});
