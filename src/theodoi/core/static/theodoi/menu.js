// The menu on a phone: folded behind a "Menu" button that opens and closes it (by mouse,
// touch or keyboard). Without this script the menu is simply shown, as on a wide screen.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("menu-button");
  const menu = document.getElementById("site-menu");
  if (!button || !menu) return;
  button.hidden = false;
  document.documentElement.classList.add("menu-folds");
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("open", open);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.classList.contains("open")) {
      button.setAttribute("aria-expanded", "false");
      menu.classList.remove("open");
      button.focus();
    }
  });
});
