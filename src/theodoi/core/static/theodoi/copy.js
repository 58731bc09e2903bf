// A "Chép" button copies the text of the field it names (data-copy="<id>") to the clipboard:
// a new API token, shown once. Without JavaScript the button stays hidden and the field, read
// only, is selected and copied by hand; a browser that refuses the clipboard gets the text
// selected and a sentence saying to copy it.
function copied(button, text) {
  const status = button.parentElement.querySelector(".copy-status");
  if (status) status.textContent = text;
}

async function copy(button) {
  const field = document.getElementById(button.dataset.copy);
  if (!field) return;
  field.focus();
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
    copied(button, "Đã chép khóa vào bộ nhớ tạm.");
  } catch {
    copied(
      button,
      "Trình duyệt không cho chép tự động: khóa đã được chọn, " +
        "hãy nhấn Ctrl+C (hoặc giữ ngón tay rồi chọn Sao chép).",
    );
  }
}

for (const button of document.querySelectorAll("button[data-copy]")) {
  button.hidden = false;
  button.addEventListener("click", () => copy(button));
}
