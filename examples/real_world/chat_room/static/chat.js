// Long polling: ask for messages newer than the last one we have; the server
// holds the request until there is news or its poll time runs out.
const list = document.getElementById("messages");
const form = document.getElementById("say");
const error = document.getElementById("error");
let last = Number(list.dataset.last);

function show(message) {
  const item = document.createElement("li");
  const who = document.createElement("b");
  who.textContent = message.user;  // textContent: shown as text, never parsed as HTML
  item.append(who, " ", message.text);  // a string argument becomes a text node
  list.append(item);
  list.scrollTop = list.scrollHeight;
}

async function poll() {
  for (;;) {
    try {
      const response = await fetch(`${list.dataset.poll}?after=${last}`);
      if (response.status === 404) {
        // The server forgot us (it restarted, or we were idle too long): stop.
        error.textContent = `${await response.text()} Join the room again.`;
        return;
      }
      if (!response.ok) throw new Error(await response.text());
      for (const message of (await response.json()).messages) {
        if (message.id > last) { show(message); last = message.id; }
      }
      error.textContent = "";
    } catch (problem) {
      error.textContent = `Polling failed, retrying: ${problem.message}`;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();  // Post in the background; the poll shows our own message too.
  try {
    const body = new URLSearchParams(new FormData(form));
    const response = await fetch(form.action, { method: "POST", body });
    if (!response.ok) throw new Error(await response.text());
    form.reset();
    error.textContent = "";
  } catch (problem) {
    error.textContent = `Not sent: ${problem.message}`;
  }
});

poll();
