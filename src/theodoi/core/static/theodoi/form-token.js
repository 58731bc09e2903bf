// The one-time token of a form that creates something (core/once.py) must come back when the
// browser goes Back to the form and refills it. Browsers refill only the fields whose value
// differs from the one in the page, so the token is made such a value here: a form refilled
// after Back then sends the token it was sent with before, and the server answers with what
// it made then, instead of making it twice.
for (const input of document.querySelectorAll("input[name=form_token]")) {
  if (input.value === input.defaultValue) {
    const token = input.value;
    input.defaultValue = "";
    input.value = token;
  }
}
