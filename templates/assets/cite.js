// "Cite this": a button copies the citation beside it. Without JavaScript
// (or without the clipboard) the button stays hidden, and the citation is
// text a reader selects by hand.
for (const button of document.querySelectorAll('button[data-copy]')) {
  const target = document.getElementById(button.dataset.copy);
  if (!target || !navigator.clipboard) continue;
  const label = button.textContent;
  button.hidden = false;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(target.textContent.replace(/\s+/g, ' ').trim());
      button.textContent = button.dataset.done || label;
      setTimeout(() => { button.textContent = label; }, 2000);
    } catch {
      // Refused (no permission): the text can still be selected.
    }
  });
}
