() => {
  // Citations, copy, the side panel and plain-text aria labels for the web chat. Nothing
  // here builds markup from text: cards are cloned from the server's escaped HTML.
  const wide = () => {
    const col = document.getElementById('sources-col');
    return !!col && getComputedStyle(col).display !== 'none';
  };
  const panel = () => document.getElementById('side-sources');

  // Scroll `el` into view inside its own scrolling box only: the page itself never jumps.
  const scrollWithin = (el) => {
    let box = el.parentElement;
    while (box && box !== document.body) {
      const style = getComputedStyle(box);
      if (/(auto|scroll)/.test(style.overflowY) && box.scrollHeight > box.clientHeight) break;
      box = box.parentElement;
    }
    if (!box || box === document.body) return;
    const r = el.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    if (r.top < b.top || r.bottom > b.bottom) box.scrollTop += r.top - b.top - 8;
  };

  const showInPanel = (answer, activeId) => {
    const side = panel();
    if (!side) return;
    side.replaceChildren();
    const cards = answer ? answer.querySelectorAll('.answer-sources .source') : [];
    if (!cards.length) {
      const empty = document.createElement('p');
      empty.className = 'empty';
      empty.textContent = 'The sources of an answer appear here.';
      side.appendChild(empty);
      side.dataset.answer = '';
      return;
    }
    const head = document.createElement('h3');
    head.textContent = 'Sources';
    side.appendChild(head);
    side.dataset.answer = answer.id;
    let active = null;
    cards.forEach((card) => {
      const copy = card.cloneNode(true);
      copy.id = 'p-' + card.id;
      copy.classList.remove('active');
      if (card.id === activeId) {
        copy.classList.add('active');
        active = copy;
      }
      side.appendChild(copy);
    });
    if (active) scrollWithin(active);
  };

  const latestAnswer = () => {
    const all = document.querySelectorAll('#chat .answer:not(.streaming)');
    return all.length ? all[all.length - 1] : null;
  };

  document.addEventListener('click', (event) => {
    const link = event.target.closest('a.cite');
    if (link) {
      event.preventDefault();
      const id = (link.getAttribute('href') || '').replace(/^#(p-)?/, '');
      const card = document.getElementById(id);
      if (!card) return;
      const answer = card.closest('.answer');
      document.querySelectorAll('#chat .source.active').forEach((c) => c.classList.remove('active'));
      if (wide()) {
        showInPanel(answer, id);
      } else {
        const details = card.closest('details');
        if (details) details.open = true;
        card.classList.add('active');
        scrollWithin(card);
        // Gradio scrolls the chat to its end 300 ms after a new message: keep the card shown
        setTimeout(() => scrollWithin(card), 350);
        setTimeout(() => scrollWithin(card), 700);
      }
      return;
    }
    const copy = event.target.closest('.copy-answer');
    if (copy) {
      event.preventDefault();
      const plain = copy.closest('.answer')?.querySelector('.plain');
      const text = plain ? plain.textContent : '';
      const done = () => {
        copy.textContent = 'Copied';
        setTimeout(() => { copy.textContent = 'Copy'; }, 1500);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done);
      } else {
        const area = document.createElement('textarea');
        area.value = text;
        document.body.appendChild(area);
        area.select();
        document.execCommand('copy');
        area.remove();
        done();
      }
    }
  });

  // Gradio labels each message with its raw HTML; give screen readers the plain text.
  const label = (msg) => {
    const role = msg.dataset.testid === 'user' ? 'You' : 'Assistant';
    const plain = msg.querySelector('.plain') || msg.querySelector('.answer-text, .question');
    const text = (plain ? plain.textContent : msg.textContent).replace(/\s+/g, ' ').trim();
    const want = `${role}: ${text}`;
    if (msg.getAttribute('aria-label') !== want) msg.setAttribute('aria-label', want);
  };

  let queued = false;
  const refresh = () => {
    queued = false;
    document.querySelectorAll('#chat [data-testid="bot"], #chat [data-testid="user"]').forEach(label);
    const side = panel();
    if (!side) return;
    // the panel follows the newest answer; an older answer shown after a click stays
    // until a newer one arrives or it leaves the chat (new chat, cleared, switched)
    const latest = latestAnswer();
    const shown = side.dataset.answer || '';
    let target;
    if (latest && side.dataset.latest !== latest.id) target = latest;
    else if (!shown || !document.getElementById(shown)) target = latest;
    side.dataset.latest = latest ? latest.id : '';
    if (target !== undefined && (target ? target.id : '') !== shown) showInPanel(target, null);
  };
  new MutationObserver(() => {
    if (!queued) {
      queued = true;
      requestAnimationFrame(refresh);
    }
  }).observe(document.body, {
    childList: true, subtree: true, characterData: true,
    attributes: true, attributeFilter: ['aria-label'],
  });
  refresh();
  // wide screens start with the list of chats open; narrow ones keep it behind its toggle
  if (window.innerWidth >= 1200) {
    const bar = document.querySelector('#history');
    const toggle = bar && bar.querySelector('.toggle-button');
    if (toggle && !bar.classList.contains('open')) toggle.click();
  }
}
