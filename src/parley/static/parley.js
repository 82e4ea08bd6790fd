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

// The words this script writes come from the page (data-words-* attributes rendered in its
// language); "{number}" in them stands for a comment's number.
function say(words, number) {
  return (words || "").replace("{number}", number);
}

// A form posted by this script is shown again for the next comment: clear what was typed
// and any errors, as a new form would be (a guest's name and e-mail stay).
function startAfresh(form) {
  for (const name of ["body", "quote"]) {
    const field = form.querySelector(`[name=${name}]`);
    if (field) field.value = "";
  }
  const noView = form.querySelector("input[name=stance][value='']");
  if (noView) noView.checked = true;
  form.querySelector(".govuk-error-summary")?.remove();
  form.querySelectorAll(".govuk-error-message").forEach((message) => message.remove());
  form.querySelectorAll(".govuk-form-group--error").forEach((group) => {
    group.classList.remove("govuk-form-group--error");
  });
  form.querySelectorAll("[aria-invalid]").forEach((field) => field.removeAttribute("aria-invalid"));
  form.querySelectorAll(".govuk-input--error, .govuk-textarea--error").forEach((field) => {
    field.classList.remove("govuk-input--error", "govuk-textarea--error");
  });
}

function enhanceDiscussion(section) {
  const list = section.querySelector("#comment-list");
  let form = section.querySelector("#comment-form");
  if (!list || !form || form.tagName !== "FORM") return;
  const words = section.dataset;
  const home = document.createComment("comment form");
  form.before(home);

  function setReply(number) {
    form.querySelector("input[name=parent]").value = number || "";
    form.querySelector("#comment-form-heading").textContent =
      number ? say(words.wordsReplyHeading, number) : words.wordsNewHeading;
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

  // A posted comment's answer says what the next post needs (a new submission key and
  // stamp: each key makes one comment) and how many comments the heading should count.
  function carryOn(response) {
    const next = JSON.parse(response.headers.get("X-Parley-Next-Form") || "null");
    if (!next) return;
    form.querySelector("input[name=submission]").value = next.submission;
    form.querySelector("input[name=shown_at]").value = next.shown_at;
    const count = section.querySelector(".parley-comment-count");
    if (count) count.textContent = count.dataset.shows === "number" ? next.count : next.count_text;
  }

  function place(item) {
    const existing = document.getElementById(item.id);
    if (existing) {
      existing.replaceWith(item);
      return;
    }
    // Threads may come newest first (the list's data-order): a new thread goes first
    // then, else last; a reply goes in its own thread, in thread order.
    const path = item.dataset.path;
    const root = path.split(".")[0];
    let after = null;
    if (path === root) {
      if (list.dataset.order === "newest") after = list.firstElementChild;
    } else {
      const thread = [...list.querySelectorAll(":scope > .parley-comment")].filter(
        (li) => li.dataset.path.split(".")[0] === root,
      );
      after = thread.find((li) => li.dataset.path > path) || thread.at(-1)?.nextElementSibling || null;
    }
    list.insertBefore(item, after);
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
      carryOn(response);
      startAfresh(form);
      moveHome();
      item.tabIndex = -1;
      item.focus();
      const pending = item.classList.contains("parley-comment--pending");
      announce(say(pending ? words.wordsPending : words.wordsPosted, item.dataset.number));
    } else if (response.status >= 400 && response.status < 500 && html.includes("comment-form")) {
      const replacement = fromHTML(html);
      form.replaceWith(replacement);
      form = replacement;
      addQuoteButton();
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
// The button is put back when the form is replaced (sent back with errors).
let quoted = "";

function addQuoteButton() {
  const field = document.querySelector("#id_quote");
  if (!document.querySelector(".parley-quotable") || !field || !field.form) return;
  if (field.form.querySelector(".parley-quote-button")) return;
  const words = field.form.dataset;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "govuk-button govuk-button--secondary parley-small-button parley-quote-button";
  button.textContent = words.wordsQuote;
  button.addEventListener("click", () => {
    if (!quoted) {
      announce(words.wordsSelectFirst);
      return;
    }
    field.value = quoted;
    field.focus();
    announce(words.wordsQuoted);
  });
  field.closest(".govuk-form-group").before(button);
}

function enhanceQuoting() {
  const source = document.querySelector(".parley-quotable");
  if (!source) return;
  document.addEventListener("selectionchange", () => {
    const selection = document.getSelection();
    if (selection && !selection.isCollapsed && source.contains(selection.anchorNode)) {
      quoted = selection.toString().trim();
    }
  });
  addQuoteButton();
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
        announce(button.dataset.wordsCopied);
      } catch {
        field.select();
        announce(button.dataset.wordsCopyByHand);
      }
    });
  }
}

enhanceCopying();
