// Unit fields (an input with data-unit-picker="URL of the names"): as a person types, the
// names that fit the part being typed (after the last comma) are offered below the field,
// found by any name a unit has or had, with or without accents. Choosing one (mouse, touch,
// or arrows and Enter) replaces only that part. Typed text is still sent as typed: the
// server reads it through the resolver. Without this script the field is a plain text box.
(() => {
  const lists = new Map();
  const LONGEST = 4; // comma pieces one name can span ("BHXH các tỉnh, thành phố")
  const SHOWN = 12;

  const fold = (text) =>
    text
      .replace(/[đĐ]/g, "d")
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[^0-9a-z]+/g, " ")
      .trim();

  const load = (url) => {
    if (!lists.has(url)) {
      lists.set(
        url,
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then((response) => (response.ok ? response.json() : { units: [] }))
          .then((data) =>
            data.units.map((unit) => ({
              name: unit.name,
              names: [unit.name, ...unit.also].map((text) => ({ text, key: ` ${fold(text)}` })),
            })),
          )
          .catch(() => []),
      );
    }
    return lists.get(url);
  };

  // The entries whose names have the folded query at the start of a word, and by which name.
  const matching = (units, query) => {
    const found = [];
    for (const unit of units) {
      const hit = unit.names.find((name) => name.key.includes(` ${query}`));
      if (hit) found.push({ name: unit.name, by: hit.text === unit.name ? "" : hit.text });
    }
    return found;
  };

  // The part being typed: the longest run of last comma pieces that some name fits.
  const typedPart = (value, units) => {
    const pieces = value.split(",");
    for (let count = Math.min(LONGEST, pieces.length); count >= 1; count -= 1) {
      const query = fold(pieces.slice(-count).join(","));
      const found = query ? matching(units, query) : [];
      if (found.length) return { head: pieces.slice(0, -count).join(","), found };
    }
    return { head: "", found: [] };
  };

  const attach = (input, number) => {
    const list = document.createElement("ul");
    list.className = "unit-picker";
    list.id = `unit-picker-${number}`;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Đơn vị gợi ý");
    list.hidden = true;
    input.after(list);
    input.parentElement.classList.add("has-unit-picker");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");
    let head = "";
    let active = -1;

    const close = () => {
      list.hidden = true;
      list.replaceChildren();
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    };
    const choose = (name) => {
      input.value = head.trim() ? `${head.trim()}, ${name}` : name;
      close();
      input.focus();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    };
    const mark = (index) => {
      const items = list.querySelectorAll("li");
      items.forEach((item, i) => item.setAttribute("aria-selected", String(i === index)));
      active = index;
      if (items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      }
    };
    const show = async () => {
      const units = await load(input.dataset.unitPicker);
      const part = typedPart(input.value, units);
      head = part.head;
      if (!part.found.length || document.activeElement !== input) {
        close();
        return;
      }
      list.replaceChildren(
        ...part.found.slice(0, SHOWN).map((entry, i) => {
          const item = document.createElement("li");
          item.id = `${list.id}-${i}`;
          item.setAttribute("role", "option");
          item.setAttribute("aria-selected", "false");
          item.dataset.name = entry.name;
          item.textContent = entry.name;
          if (entry.by) {
            const by = document.createElement("span");
            by.className = "muted";
            by.textContent = ` (${entry.by})`;
            item.append(by);
          }
          return item;
        }),
      );
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    };

    input.addEventListener("input", show);
    input.addEventListener("blur", close);
    // mousedown, not click: the field keeps the focus, so blur does not close the list first
    list.addEventListener("mousedown", (event) => {
      const item = event.target.closest("li");
      if (!item) return;
      event.preventDefault();
      choose(item.dataset.name);
    });
    input.addEventListener("keydown", (event) => {
      if (list.hidden) return;
      const count = list.querySelectorAll("li").length;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        mark((active + step + count) % count);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault(); // choosing, not sending the form
        choose(list.querySelectorAll("li")[active].dataset.name);
      } else if (event.key === "Escape") {
        close();
      }
    });
  };

  let attached = 0;
  const attachAll = (root) => {
    root.querySelectorAll("input[data-unit-picker]:not([role=combobox])").forEach((input) => {
      attached += 1;
      attach(input, attached);
    });
  };
  document.addEventListener("DOMContentLoaded", () => attachAll(document));
  // the import preview swaps a row's correction form in with htmx
  document.addEventListener("htmx:load", (event) => attachAll(event.target));
})();
