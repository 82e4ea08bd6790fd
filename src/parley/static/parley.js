// Progressive enhancement for every page. Everything here also works without it.
import { initAll } from "./build/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

const FRAGMENT = { "X-Parley-Fragment": "1" };

function announce(message) {
  let region = document.getElementById("parley-live");
  if (!region) {
    region = document.createElement("div");
    region.id = "parley-live";
    region.className = "govuk-visually-hidden";
    region.setAttribute("aria-live", "polite");
    document.body.append(region);
  }
  region.textContent = message;
}

function fromHTML(html) {
  const template = document.createElement("template");
  template.innerHTML = html.trim();
  return template.content.firstElementChild;
}

function enhanceDiscussion(section) {
  const list = section.querySelector("#comment-list");
  let form = section.querySelector("#comment-form");
  if (!list || !form || form.tagName !== "FORM") return;
  const home = document.createComment("comment form");
  form.before(home);

  function setReply(number) {
    form.querySelector("input[name=parent]").value = number || "";
    form.querySelector("#comment-form-heading").textContent =
      number ? `Reply to comment #${number}` : "Leave a comment";
    const replying = form.querySelector(".parley-replying");
    replying.hidden = !number;
    if (number) {
      replying.querySelector("a").href = `#comment-${number}`;
      replying.querySelector(".parley-replying__number").textContent = number;
    }
  }

  function moveHome() {
    home.after(form);
    setReply(null);
  }

  section.addEventListener("click", (event) => {
    const reply = event.target.closest(".parley-reply-link");
    if (reply) {
      event.preventDefault();
      const item = section.querySelector(`.parley-comment[data-number="${reply.dataset.reply}"]`);
      item.append(form);
      setReply(reply.dataset.reply);
      form.querySelector("textarea").focus();
      return;
    }
    if (event.target.closest(".parley-cancel-reply")) {
      event.preventDefault();
      moveHome();
      form.querySelector("textarea").focus();
    }
  });

  function place(item) {
    const existing = document.getElementById(item.id);
    if (existing) {
      existing.replaceWith(item);
      return;
    }
    const after = [...list.children].find((li) => li.dataset.path > item.dataset.path);
    list.insertBefore(item, after || null);
    section.querySelector("#no-comments")?.remove();
  }

  section.addEventListener("submit", async (event) => {
    const target = event.target;
    const isComment = target === form;
    const isLike = target.classList.contains("parley-like-form");
    if (!isComment && !isLike) return;
    // "Sign in with ..." leaves the page (the server keeps the draft): let the browser go.
    if (event.submitter && event.submitter.name === "sign_in") return;
    event.preventDefault();
    const button = event.submitter || target.querySelector("button[type=submit]");
    button.disabled = true;
    let response;
    try {
      response = await fetch(target.action.split("#")[0], {
        method: "POST",
        body: new FormData(target),
        headers: FRAGMENT,
        credentials: "same-origin",
      });
    } catch {
      button.disabled = false;
      target.submit(); // the network failed: let the browser post it the ordinary way
      return;
    }
    const html = await response.text();
    button.disabled = false;
    if (isLike) {
      if (!response.ok) return target.submit();
      const item = fromHTML(html);
      place(item);
      item.querySelector(".parley-like-form button")?.focus();
      return;
    }
    if (response.ok) {
      const item = fromHTML(html);
      place(item);
      form.querySelector("textarea").value = "";
      moveHome();
      item.tabIndex = -1;
      item.focus();
      announce(item.classList.contains("parley-comment--pending")
        ? `Comment ${item.dataset.number} is awaiting moderation`
        : `Comment ${item.dataset.number} posted`);
    } else if (response.status >= 400 && response.status < 500 && html.includes("comment-form")) {
      const replacement = fromHTML(html);
      form.replaceWith(replacement);
      form = replacement;
      const summary = form.querySelector(".govuk-error-summary");
      if (summary) {
        summary.tabIndex = -1;
        summary.focus();
      }
    } else {
      target.submit();
    }
  });
}

document.querySelectorAll(".parley-discussion").forEach(enhanceDiscussion);

// On a clause page: select words of the clause, then "Quote the selected words" copies
// them into the comment's quote field. Without JavaScript people paste into the field.
function enhanceQuoting() {
  const source = document.querySelector(".parley-quotable");
  const field = document.querySelector("#id_quote");
  if (!source || !field) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "govuk-button govuk-button--secondary parley-small-button";
  button.textContent = "Quote the selected words";
  let selected = "";
  document.addEventListener("selectionchange", () => {
    const selection = document.getSelection();
    if (selection && !selection.isCollapsed && source.contains(selection.anchorNode)) {
      selected = selection.toString().trim();
    }
  });
  button.addEventListener("click", () => {
    if (!selected) {
      announce("Select some words of the clause first");
      return;
    }
    field.value = selected;
    field.focus();
    announce("Quoted in your comment");
  });
  field.closest(".govuk-form-group").before(button);
}

enhanceQuoting();

// "Copy link" and "Copy embed code": the field is there without JavaScript (readonly, to
// select and copy by hand); with it, a button copies it in one press.
function enhanceCopying() {
  for (const button of document.querySelectorAll("[data-parley-copy]")) {
    const field = document.getElementById(button.dataset.parleyCopy);
    if (!field || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(field.value);
        announce("Copied");
      } catch {
        field.select();
        announce("Press Control and C, or Command and C, to copy");
      }
    });
  }
}

enhanceCopying();
