// A file over the size limit is refused here, as soon as it is chosen, before the browser
// sends it: a file input carrying data-max-bytes (the server's own limit, which the server
// still checks) drops its files when one is too large and says which one and the limit.
function megabytes(bytes) {
  return (bytes / (1024 * 1024)).toLocaleString("vi-VN", { maximumFractionDigits: 1 });
}

function tooLarge(input) {
  const limit = Number(input.dataset.maxBytes);
  return Array.from(input.files || []).filter((file) => file.size > limit);
}

function say(input, text) {
  let note = input.parentElement.querySelector(".upload-size-error");
  if (!text) {
    if (note) note.remove();
    return;
  }
  if (!note) {
    note = document.createElement("p");
    note.className = "error upload-size-error";
    note.setAttribute("role", "alert");
    input.insertAdjacentElement("afterend", note);
  }
  note.textContent = text;
}

function check(input) {
  const limit = Number(input.dataset.maxBytes);
  const refused = tooLarge(input);
  if (refused.length === 0) {
    say(input, "");
    return true;
  }
  const names = refused.map((file) => `«${file.name}» (${megabytes(file.size)} MB)`);
  const these = refused.length > 1 ? "Các tệp" : "Tệp";
  say(
    input,
    `${these} ${names.join(", ")} vượt giới hạn ${megabytes(limit)} MB mỗi tệp nên chưa ` +
      "được gửi. Hãy chọn lại tệp nhỏ hơn (hoặc nén, chia nhỏ tệp).",
  );
  input.value = "";
  return false;
}

document.addEventListener("change", (event) => {
  const input = event.target;
  if (input instanceof HTMLInputElement && input.type === "file" && input.dataset.maxBytes) {
    check(input);
  }
});

document.addEventListener("submit", (event) => {
  const inputs = event.target.querySelectorAll("input[type=file][data-max-bytes]");
  for (const input of inputs) {
    if (!check(input)) event.preventDefault();
  }
});
